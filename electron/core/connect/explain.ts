import { CAUSE_INFO, isLocalCause } from '../../../shared/connect/cause-catalog';
import { cloudPreset } from '../../../shared/connect/cloud-presets';
import type { Cause, CertSummary, Evidence } from '../../../shared/connect/report';
import { brokerUrl, wsPath } from '../../../shared/connect/settings';
import { isWebSocket, usesTls } from '../../../shared/connect/transport';
import type { Observations } from './observations';

const tlsVersion = (obs: Observations) => obs.tls?.protocol ?? 'TLS';
const peerName = (obs: Observations) => obs.tls?.peerChain[0]?.commonName ?? obs.tls?.peerChain[0]?.subject ?? 'the broker';
const certName = (c: CertSummary) => c.commonName ?? c.subject;
/** Our client certificate by name: as sent, else as preflight read it (a TLS 1.2 rejection comes before we know what was sent). */
const clientName = (obs: Observations) => {
  const cert = obs.tls?.clientCertificate ?? obs.identity?.leaf;
  return cert ? `"${certName(cert)}"` : 'the client certificate';
};
const where = (obs: Observations) => `${obs.settings.host}:${obs.settings.port}`;
/** Milliseconds waited, whole: the timer's own reading has fractions nobody needs ("2000.9158080000002"). */
const waited = (e: Evidence) => (e.timedOutAfterMs === undefined ? '?' : String(Math.round(e.timedOutAfterMs)));
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The hint of a report: what to do next, from the cause and, where they say more, what preflight found. */
export function hintFor(cause: Cause, obs: Observations): string {
  if (obs.failure?.kind === 'preflight' && obs.failure.hint) return obs.failure.hint;
  const id = obs.identity;
  switch (cause) {
    case 'ok':
      return obs.access === null ? ACCESS_NOT_CHECKED_HINT : CAUSE_INFO[cause].hint;
    case 'tls-required':
      return `Connect with ${tlsUrl(obs)}: the same host and port, with TLS${obs.tlsMaterialGiven ? '' : " (and load the CA that issued the broker's certificate, unless the system store trusts it)"}.`;
    case 'client-cert-unknown-ca':
      return id?.unsentIssuer
        ? `If "${id.unsentIssuer}" is an intermediate CA, add it to the certificate file after the client certificate; otherwise use a client certificate issued by a CA the broker trusts for clients (its cafile).`
        : CAUSE_INFO[cause].hint;
    case 'client-cert-rejected':
      return id?.clientAuthProblem
        ? 'Issue the client certificate with extendedKeyUsage clientAuth and keyUsage digitalSignature (or leave both extensions out).'
        : CAUSE_INFO[cause].hint;
    default:
      return CAUSE_INFO[cause].hint;
  }
}

/** The same address with TLS: mqtts:// for mqtt://, wss:// (same path) for ws://. */
export function tlsUrl(obs: Pick<Observations, 'settings'>): string {
  const s = obs.settings;
  return isWebSocket(s.protocol) ? brokerUrl('wss', s.host, s.port, wsPath(s)) : brokerUrl('mqtts', s.host, s.port);
}

/** The hint of an accepted report whose identity's rights were not tried. */
export const ACCESS_NOT_CHECKED_HINT =
  'Access was not checked: run the access check on a topic (subscribe, publish, wait for the echo). Brokers often admit any certificate from a trusted CA and stop disallowed identities by ACL.';

/** The note of an accepted report without an access check. */
export const ACCESS_NOT_CHECKED_NOTE =
  'Access not checked: the broker accepted the connection, but whether this identity may subscribe or publish was not tried.';

/** Why the broker's unknown_ca is no surprise, from what preflight knew of our chain and the loaded CAs. */
function unknownCaDetail(obs: Observations): string {
  const id = obs.identity;
  if (!id) return '';
  const loaded = id.loadedCas.map(certName);
  if (id.chainsToLoadedCa) {
    return ` It chains to ${quoted(loaded)}, loaded here for the broker: the broker trusts a different CA for client certificates.`;
  }
  const lacks = id.unsentIssuer ? `if "${id.unsentIssuer}" is an intermediate CA, the chain we sent lacks it.` : '';
  if (loaded.length === 0) return lacks ? ` ${lacks.charAt(0).toUpperCase()}${lacks.slice(1)}` : '';
  return ` No CA loaded here (${quoted(loaded)}) issued it either${lacks ? `; ${lacks}` : '.'}`;
}

/** What our clock says of a certificate the broker refused on dates. */
function clockDetail(obs: Observations): string {
  switch (obs.identity?.validity) {
    case 'expired':
      return ` By our clock too it expired on ${obs.identity.leaf.validTo}.`;
    case 'not-yet-valid':
      return ` By our clock it is valid only from ${obs.identity.leaf.validFrom}.`;
    default:
      return '';
  }
}

function tlsRequired(evidence: Evidence, obs: Observations): string {
  const check = evidence.tlsCheck;
  const how = evidence.firstBytesHex ? `answered with a TLS record (${evidence.firstBytesHex})` : 'was closed without a CONNACK';
  const scheme = obs.settings.protocol;
  const unused = obs.tlsMaterialGiven ? ` The CA and client certificate given were not used: ${scheme}:// connects without TLS.` : '';
  const sent = scheme === 'ws' ? 'WebSocket upgrade request' : 'MQTT CONNECT';
  const answer = evidence.firstBytesHex ? how : scheme === 'ws' ? 'was closed without an HTTP answer' : how;
  return `Port ${obs.settings.port} on ${obs.settings.host} speaks TLS: the plain ${sent} ${answer}, and a TLS ClientHello to the same port got ${check?.answer ?? 'a TLS answer'}.${unused}`;
}

/** The WebSocket URL of the attempt, as requested. */
const wsUrl = (evidence: Evidence, obs: Observations) =>
  evidence.websocket?.url ?? brokerUrl(obs.settings.protocol, obs.settings.host, obs.settings.port, wsPath(obs.settings));

/** How the server answered the upgrade: "HTTP 404 (Not Found)". */
const httpAnswer = (evidence: Evidence) => {
  const w = evidence.websocket;
  return `HTTP ${w?.status ?? '?'}${w?.statusText ? ` (${w.statusText})` : ''}`;
};

/** A server that took the upgrade request but answered it as no WebSocket server would. */
function notWebSocket(evidence: Evidence, obs: Observations): string {
  const w = evidence.websocket;
  const url = wsUrl(evidence, obs);
  if (w?.status !== null && w?.status !== undefined && w.status !== 101) {
    return `${url} answered the WebSocket upgrade with ${httpAnswer(evidence)}, as a web server that does not speak WebSocket would: no WebSocket endpoint is there.`;
  }
  if (w?.acceptValid === false) {
    return `${url} answered 101 Switching Protocols with a Sec-WebSocket-Accept that is not derived from our key (RFC 6455 §4.2.2): whatever answered is not a WebSocket server.`;
  }
  if (w?.status === 101) {
    return `${url} answered 101 Switching Protocols without a valid WebSocket upgrade (an Upgrade header other than websocket, or an extension we did not offer).`;
  }
  if (evidence.errorCode?.startsWith('HPE_')) {
    return `${url}: the server answered the WebSocket upgrade with bytes that are not HTTP (${evidence.firstBytesHex ?? evidence.errorCode}): this port speaks something else, perhaps plain MQTT.`;
  }
  const tls13Cert = obs.tls?.protocol === 'TLSv1.3' && obs.tls.clientCertificate !== null;
  return `${url}: the server closed the connection without answering the WebSocket upgrade${evidence.errorCode ? ` (${evidence.errorCode})` : ''}: this port probably speaks plain MQTT, not WebSocket${tls13Cert ? `, or the broker refused ${clientName(obs)} without an alert` : ''}.`;
}

/** The WebSocket causes, one sentence each. */
function websocketExplanation(cause: Cause, evidence: Evidence, obs: Observations): string | null {
  const url = wsUrl(evidence, obs);
  const w = evidence.websocket;
  switch (cause) {
    case 'websocket-not-found':
      return `${url} answered the WebSocket upgrade with ${httpAnswer(evidence)}: nothing serves WebSocket on the path "${new URL(url).pathname}".`;
    case 'websocket-unauthorized':
      return `${url} answered the WebSocket upgrade with ${httpAnswer(evidence)}${w?.headers['www-authenticate'] ? `, asking for ${w.headers['www-authenticate']}` : ''}: an HTTP server in front of the broker wants credentials of its own before MQTT starts.`;
    case 'websocket-forbidden':
      return `${url} answered the WebSocket upgrade with ${httpAnswer(evidence)}: the server in front of the broker refuses this client before MQTT starts${obs.tls?.clientCertificate ? ` (it had our client certificate ${clientName(obs)})` : ''}.`;
    case 'websocket-refused':
      return `${url} answered the WebSocket upgrade with ${httpAnswer(evidence)}${w?.headers.location ? `, pointing to ${w.headers.location}` : ''} instead of 101 Switching Protocols.`;
    case 'websocket-not-spoken':
      return notWebSocket(evidence, obs);
    case 'websocket-subprotocol-refused':
      return `${url} upgraded to WebSocket ${w?.subprotocolAnswered ? `with the subprotocol "${w.subprotocolAnswered}"` : 'without choosing a subprotocol'} instead of "mqtt", which MQTT over WebSocket requires (MQTT 5.0 §6): it is not an MQTT endpoint on this path.`;
    case 'websocket-timeout':
      return `${url} took the connection but did not answer the WebSocket upgrade within ${evidence.timedOutAfterMs ?? '?'} ms.`;
    default:
      return null;
  }
}

/** A CONNACK refusal; a 3.1.1 CONNACK to an MQTT 5 CONNECT says the broker does not speak 5. */
function connackRefusal(evidence: Evidence, obs: Observations): string {
  const c = evidence.connack;
  const secured = usesTls(obs.settings.protocol) ? 'TLS succeeded, but the broker' : 'The broker';
  if (!c) return `${secured} refused the MQTT connection with a CONNACK refusal.`;
  const code = c.version === '5' ? `reason code 0x${c.code.toString(16).padStart(2, '0')}` : `return code ${c.code}`;
  const connack = `CONNACK ${code} "${c.name}"${c.reasonString ? ` (${c.reasonString})` : ''}`;
  if (c.version !== obs.settings.mqttVersion) {
    return `${secured} answered the MQTT ${obs.settings.mqttVersion} CONNECT with an MQTT ${c.version} ${connack}: it does not speak MQTT ${obs.settings.mqttVersion}. Connect with MQTT ${c.version}.`;
  }
  return `${secured} refused the MQTT connection with ${connack}.`;
}

/** The sentence of an accepted attempt: what was verified and what the broker took. */
function accepted(obs: Observations): string {
  const over = isWebSocket(obs.settings.protocol) ? ` (MQTT over WebSocket, ${obs.websocket?.url ?? wsPath(obs.settings)})` : '';
  if (!usesTls(obs.settings.protocol)) {
    return `Connected over plain ${obs.settings.protocol === 'ws' ? 'WebSocket' : 'MQTT'} (no TLS)${over}; the broker answered CONNACK "${obs.mqtt?.connackName ?? 'Success'}".`;
  }
  const tls = obs.tls;
  const took =
    tls?.clientCertificateRequested === false
      ? 'the connection (it asked for no client certificate)'
      : tls?.clientCertificate
        ? clientName(obs)
        : tls?.clientCertificateRequested
          ? 'the connection without a client certificate (it asked for one, none was configured)'
          : 'the connection';
  return `Connected over ${tlsVersion(obs)}${over} to ${peerName(obs)}; the broker accepted ${took} with CONNACK "${obs.mqtt?.connackName ?? 'Success'}".`;
}

/**
 * A refusal inside the handshake (the broker's verdict on our certificate under TLS 1.2, a
 * failed handshake) says what that handshake had agreed when it stopped: version, cipher, the
 * broker's certificate and whether it asked for ours, as the report's TLS section shows them.
 */
function withHandshake(text: string, cause: Cause, obs: Observations): string {
  const tls = obs.tls;
  if (tls?.handshake !== 'failed') return text;
  const layer = CAUSE_INFO[cause].layer;
  if (layer !== 'tls' && layer !== 'client-auth') return text;
  const cipher = tls.cipher ? ` with ${tls.cipher.standardName ?? tls.cipher.name}` : '';
  const asked =
    tls.clientCertificateRequested === true
      ? `, asked for a client certificate${tls.clientCertificate ? ` and got ${certName(tls.clientCertificate)}` : ''}`
      : tls.clientCertificateRequested === false
        ? ', asked for no client certificate'
        : '';
  const peer = tls.peerChain[0] ? `; the broker had sent its certificate (${certName(tls.peerChain[0])})${asked}` : '';
  return `${text} The ${tls.protocol ?? 'TLS'} handshake${cipher} stopped there, before it finished${peer}.`;
}

/**
 * One or two plain sentences naming what failed and the most likely reason; for a profile made
 * for a cloud service, followed by that service's own reading of the cause.
 */
export function explain(cause: Cause, evidence: Evidence, detail: string, obs: Observations): string {
  const text = withHandshake(explainCause(cause, evidence, detail, obs), cause, obs);
  const preset = obs.settings.preset;
  if (!preset || isLocalCause(cause)) return text;
  const extra = cloudPreset(preset).explain(cause, obs.settings, {
    clientCn: obs.tls?.clientCertificate?.commonName ?? obs.identity?.leaf.commonName ?? null,
    hasClientCert: obs.clientCertConfigured,
    passwordGiven: obs.mqtt?.passwordSent ?? false,
  });
  return extra ? `${text} ${extra}` : text;
}

function explainCause(cause: Cause, evidence: Evidence, detail: string, obs: Observations): string {
  const alert = evidence.tlsAlert ? `TLS alert ${evidence.tlsAlert.number} (${evidence.tlsAlert.name})` : 'a TLS alert';
  // Causes the catalogue places in preflight stopped the attempt before any traffic.
  if (isLocalCause(cause)) return `${detail} Nothing was sent over the network.`;
  const ws = websocketExplanation(cause, evidence, obs);
  if (ws !== null) return ws;
  switch (cause) {
    case 'dns-not-found':
      return `The host name "${obs.settings.host}" could not be resolved (${evidence.errorCode ?? 'no answer'}).`;
    case 'tcp-refused':
      return `${where(obs)} refused the TCP connection: nothing is listening on that port.`;
    case 'tcp-unreachable':
      return `${where(obs)} could not be reached (${evidence.errorCode ?? 'unreachable'}).`;
    case 'tcp-timeout':
      return `${where(obs)} did not answer the TCP connection within ${waited(evidence)} ms.`;
    case 'server-cert-untrusted':
      return `The broker presented a certificate for ${peerName(obs)} that does not chain to a CA we trust (${evidence.verifyError}).`;
    case 'server-cert-self-signed':
      return `The broker presented a self-signed certificate (${peerName(obs)}) that is not in our trusted CAs.`;
    case 'server-cert-hostname-mismatch':
      return `The broker's certificate does not name "${obs.settings.servername ?? obs.settings.host}": ${evidence.errorMessage ?? ''}`.trim();
    case 'server-cert-expired':
      return `The broker's certificate (${peerName(obs)}) expired on ${obs.tls?.peerChain[0]?.validTo ?? 'an earlier date'}.`;
    case 'server-cert-not-yet-valid':
      return `The broker's certificate (${peerName(obs)}) is not valid before ${obs.tls?.peerChain[0]?.validFrom ?? 'a later date'}.`;
    case 'tls-not-spoken':
      return `${where(obs)} accepted TCP but did not answer the TLS handshake as a TLS server would (${evidence.errorCode ?? 'closed'}).`;
    case 'tls-protocol-mismatch':
      return `The broker and this client share no TLS version or cipher (${evidence.tlsAlert ? alert : evidence.errorCode}).`;
    case 'tls-alpn-rejected':
      return `The broker refused the ALPN protocol(s) ${JSON.stringify(obs.settings.alpn ?? [])} with ${alert}.`;
    case 'tls-handshake-failed':
      return `The TLS handshake failed with ${evidence.tlsAlert ? alert : (evidence.errorCode ?? 'an error')}.`;
    case 'tls-timeout':
      return `${where(obs)} accepted TCP but the TLS handshake did not finish within ${waited(evidence)} ms.`;
    case 'client-cert-required':
      return obs.clientCertConfigured
        ? `The broker requires a client certificate and did not take ours (${alert}).`
        : `The broker requires a client certificate and none was configured (${alert} under ${tlsVersion(obs)}).`;
    case 'client-cert-unknown-ca':
      return `The broker rejected ${clientName(obs)} with ${alert}: it does not trust ${obs.identity ? `"${obs.identity.issuerName}", ` : ''}the CA that issued it.${unknownCaDetail(obs)}`;
    case 'client-cert-expired':
      return `The broker rejected ${clientName(obs)} with ${alert}: the certificate is expired by the broker's clock.${clockDetail(obs)}`;
    case 'client-cert-bad':
      return obs.identity?.validity === 'not-yet-valid'
        ? `The broker rejected ${clientName(obs)} with ${alert}: the certificate is not valid yet.${clockDetail(obs)}`
        : `The broker rejected ${clientName(obs)} with ${alert}: most often a certificate that is not yet valid, or a bad signature.`;
    case 'client-cert-revoked':
      return `The broker rejected ${clientName(obs)} with ${alert}: its CRL lists this certificate as revoked.`;
    case 'client-cert-rejected':
      return obs.identity?.clientAuthProblem
        ? `The broker rejected ${clientName(obs)} with ${alert}: the certificate may not be used for TLS client authentication (${obs.identity.clientAuthProblem}).`
        : `The broker rejected ${clientName(obs)} with ${alert}.`;
    case 'connack-not-authorized':
    case 'connack-bad-credentials':
    case 'connack-client-id-rejected':
    case 'connack-protocol-unsupported':
    case 'connack-server-unavailable':
    case 'connack-refused-other':
      return connackRefusal(evidence, obs);
    case 'closed-before-connack':
      return `The broker closed the connection after CONNECT without sending a CONNACK${evidence.errorCode ? ` (${evidence.errorCode})` : ''}.${evidence.tlsCheck ? ` The port does not speak TLS either: a TLS ClientHello to it got ${evidence.tlsCheck.answer}.` : ''}`;
    case 'connack-timeout':
      return `The broker did not answer CONNECT with a CONNACK within ${waited(evidence)} ms.`;
    case 'not-mqtt':
      return `The server answered CONNECT with bytes that are not an MQTT CONNACK (${evidence.firstBytesHex ?? '?'}).`;
    case 'tls-required':
      return tlsRequired(evidence, obs);
    case 'access-subscribe-denied':
      return `Connected, but the broker refused the subscription to "${obs.access?.topic}" (${obs.access?.subscribe?.names.join(', ')}).`;
    case 'access-publish-denied':
      return `Connected, but the broker refused the publish to "${obs.access?.topic}" (${obs.access?.publish?.name}).`;
    case 'access-no-echo':
      return `Connected and subscribed to "${obs.access?.topic}", but the test message never came back: this identity may not publish or read there.`;
    case 'access-timeout':
      return `Connected, but the broker did not answer the access check on "${obs.access?.topic}" in time.`;
    case 'aborted':
      return `The attempt was cancelled during ${detail}.`;
    case 'internal-error':
      return `Keyhole hit an internal error: ${detail}`;
    case 'ok':
      return accepted(obs);
    case 'ok-server-unverified':
      return `Connected over ${tlsVersion(obs)}, but the broker's certificate was not verified${obs.tls?.verificationFinding ? ` (full verification would have failed: ${obs.tls.verificationFinding})` : ''}.`;
    case 'websocket-not-found':
    case 'websocket-unauthorized':
    case 'websocket-forbidden':
    case 'websocket-refused':
    case 'websocket-not-spoken':
    case 'websocket-subprotocol-refused':
    case 'websocket-timeout':
      // Explained above; kept here so that a new cause cannot be forgotten.
      return websocketExplanation(cause, evidence, obs) ?? detail;
    default: {
      const never: never = cause;
      return String(never);
    }
  }
}

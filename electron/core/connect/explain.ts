import { CAUSE_INFO, isLocalCause } from '../../../shared/connect/cause-catalog';
import type { Cause, CertSummary, Evidence } from '../../../shared/connect/report';
import { brokerUrl } from '../../../shared/connect/settings';
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
      return `Connect with ${brokerUrl('mqtts', obs.settings.host, obs.settings.port)}: the same host and port, with TLS${obs.tlsMaterialGiven ? '' : " (and load the CA that issued the broker's certificate, unless the system store trusts it)"}.`;
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
  const unused = obs.tlsMaterialGiven ? ' The CA and client certificate given were not used: mqtt:// connects without TLS.' : '';
  return `Port ${obs.settings.port} on ${obs.settings.host} speaks TLS: the plain MQTT CONNECT ${how}, and a TLS ClientHello to the same port got ${check?.answer ?? 'a TLS answer'}.${unused}`;
}

/** The sentence of an accepted attempt: what was verified and what the broker took. */
function accepted(obs: Observations): string {
  if (obs.settings.protocol !== 'mqtts') {
    return `Connected over plain MQTT (no TLS); the broker answered CONNACK "${obs.mqtt?.connackName ?? 'Success'}".`;
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
  return `Connected over ${tlsVersion(obs)} to ${peerName(obs)}; the broker accepted ${took} with CONNACK "${obs.mqtt?.connackName ?? 'Success'}".`;
}

/** One or two plain sentences naming what failed and the most likely reason. */
export function explain(cause: Cause, evidence: Evidence, detail: string, obs: Observations): string {
  const alert = evidence.tlsAlert ? `TLS alert ${evidence.tlsAlert.number} (${evidence.tlsAlert.name})` : 'a TLS alert';
  const connack = evidence.connack
    ? `CONNACK ${evidence.connack.version === '5' ? `reason code 0x${evidence.connack.code.toString(16).padStart(2, '0')}` : `return code ${evidence.connack.code}`} "${evidence.connack.name}"${evidence.connack.reasonString ? ` (${evidence.connack.reasonString})` : ''}`
    : 'a CONNACK refusal';
  // Causes the catalogue places in preflight stopped the attempt before any traffic.
  if (isLocalCause(cause)) return `${detail} Nothing was sent over the network.`;
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
      return `TLS succeeded, but the broker refused the MQTT connection with ${connack}.`;
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
    default: {
      const never: never = cause;
      return String(never);
    }
  }
}

import type { Cause, Evidence } from '../../../shared/connect/report';
import type { Observations } from './observations';

const tlsVersion = (obs: Observations) => obs.tls?.protocol ?? 'TLS';
const peerName = (obs: Observations) => obs.tls?.peerChain[0]?.commonName ?? obs.tls?.peerChain[0]?.subject ?? 'the broker';
const clientName = (obs: Observations) => obs.tls?.clientCertificate?.commonName ?? 'the client certificate';
const where = (obs: Observations) => `${obs.settings.host}:${obs.settings.port}`;

/** One or two plain sentences naming what failed and the most likely reason. */
export function explain(cause: Cause, evidence: Evidence, detail: string, obs: Observations): string {
  const alert = evidence.tlsAlert ? `TLS alert ${evidence.tlsAlert.number} (${evidence.tlsAlert.name})` : 'a TLS alert';
  const connack = evidence.connack
    ? `CONNACK ${evidence.connack.version === '5' ? `reason code 0x${evidence.connack.code.toString(16).padStart(2, '0')}` : `return code ${evidence.connack.code}`} "${evidence.connack.name}"${evidence.connack.reasonString ? ` (${evidence.connack.reasonString})` : ''}`
    : 'a CONNACK refusal';
  switch (cause) {
    case 'ca-invalid':
    case 'cert-invalid':
    case 'key-invalid':
    case 'key-passphrase-missing':
    case 'key-passphrase-wrong':
    case 'key-cert-mismatch':
    case 'pkcs12-invalid':
    case 'pkcs12-password-wrong':
    case 'pkcs12-unsupported-encryption':
    case 'config-invalid':
      return `${detail} Nothing was sent over the network.`;
    case 'dns-not-found':
      return `The host name "${obs.settings.host}" could not be resolved (${evidence.errorCode ?? 'no answer'}).`;
    case 'tcp-refused':
      return `${where(obs)} refused the TCP connection: nothing is listening on that port.`;
    case 'tcp-unreachable':
      return `${where(obs)} could not be reached (${evidence.errorCode ?? 'unreachable'}).`;
    case 'tcp-timeout':
      return `${where(obs)} did not answer the TCP connection within ${evidence.timedOutAfterMs ?? '?'} ms.`;
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
      return `${where(obs)} accepted TCP but the TLS handshake did not finish within ${evidence.timedOutAfterMs ?? '?'} ms.`;
    case 'client-cert-required':
      return obs.clientCertConfigured
        ? `The broker requires a client certificate and did not take ours (${alert}).`
        : `The broker requires a client certificate and none was configured (${alert} under ${tlsVersion(obs)}).`;
    case 'client-cert-unknown-ca':
      return `The broker rejected ${clientName(obs)} with ${alert}: it does not trust the CA that issued it.`;
    case 'client-cert-expired':
      return `The broker rejected ${clientName(obs)} with ${alert}: the certificate is expired by the broker's clock.`;
    case 'client-cert-bad':
      return `The broker rejected ${clientName(obs)} with ${alert}: most often a certificate that is not yet valid, or a bad signature.`;
    case 'client-cert-revoked':
      return `The broker rejected ${clientName(obs)} with ${alert}: its CRL lists this certificate as revoked.`;
    case 'client-cert-rejected':
      return `The broker rejected ${clientName(obs)} with ${alert}.`;
    case 'connack-not-authorized':
    case 'connack-bad-credentials':
    case 'connack-client-id-rejected':
    case 'connack-protocol-unsupported':
    case 'connack-server-unavailable':
    case 'connack-refused-other':
      return `TLS succeeded, but the broker refused the MQTT connection with ${connack}.`;
    case 'closed-before-connack':
      return `The broker closed the connection after CONNECT without sending a CONNACK${evidence.errorCode ? ` (${evidence.errorCode})` : ''}.`;
    case 'connack-timeout':
      return `The broker did not answer CONNECT with a CONNACK within ${evidence.timedOutAfterMs ?? '?'} ms.`;
    case 'not-mqtt':
      return `The server answered CONNECT with bytes that are not an MQTT CONNACK (${evidence.firstBytesHex ?? '?'}).`;
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
      return obs.settings.protocol === 'mqtts'
        ? `Connected over ${tlsVersion(obs)} to ${peerName(obs)}; the broker accepted ${obs.tls?.clientCertificate ? clientName(obs) : 'the connection'} with CONNACK "${obs.mqtt?.connackName ?? 'Success'}".`
        : `Connected over plain MQTT (no TLS); the broker answered CONNACK "${obs.mqtt?.connackName ?? 'Success'}".`;
    case 'ok-server-unverified':
      return `Connected over ${tlsVersion(obs)}, but the broker's certificate was not verified${obs.tls?.verificationFinding ? ` (full verification would have failed: ${obs.tls.verificationFinding})` : ''}.`;
    default: {
      const never: never = cause;
      return String(never);
    }
  }
}

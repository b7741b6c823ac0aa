import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';
import type { Cause, Evidence, Phase } from '../../../shared/connect/report';
import { tlsAlertName, tlsAlertNumber } from '../../../shared/connect/tls-alerts';
import { isWebSocket, usesTls } from '../../../shared/connect/transport';
import { connackCodeName, formatCode } from '../../../shared/mqtt/reason-codes';
import type { Failure, Observations, RawError } from './observations';

export interface Classification {
  cause: Cause;
  evidence: Evidence;
  /** Specific facts for the explanation (file, alert, code …); the sentence is built in `explain`. */
  detail: string;
}

/** A TLS alert the peer sent us, read from Node's error code, else from OpenSSL's "SSL alert number N". */
export function receivedAlert(error: RawError): { number: number; name: string } | null {
  const byCode = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(error.code ?? '');
  if (byCode?.[1]) {
    const name = byCode[1].toLowerCase();
    const number = tlsAlertNumber(name);
    if (number !== undefined) return { number, name };
  }
  // The alert number is data in OpenSSL's reason string; it is the only place some paths carry it.
  const byNumber = /SSL alert number (\d+)/.exec(error.message);
  if (byNumber?.[1]) {
    const number = Number(byNumber[1]);
    return { number, name: tlsAlertName(number) };
  }
  return null;
}

/** Node's verification error codes (X509_V_ERR_* without the prefix, and our hostname check). */
export function causeOfVerifyFinding(finding: string): Cause {
  switch (finding) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'server-cert-self-signed';
    case 'CERT_HAS_EXPIRED':
      return 'server-cert-expired';
    case 'CERT_NOT_YET_VALID':
      return 'server-cert-not-yet-valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'server-cert-hostname-mismatch';
    default:
      // UNABLE_TO_VERIFY_LEAF_SIGNATURE, UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), SELF_SIGNED_CERT_IN_CHAIN,
      // CERT_SIGNATURE_FAILURE, CERT_UNTRUSTED …: the chain does not lead to a CA we trust.
      return 'server-cert-untrusted';
  }
}

/** What an alert received from the broker means, given whether we had a certificate to offer. */
function causeOfAlert(alert: number, clientCertConfigured: boolean): Cause {
  switch (alert) {
    case 116: // certificate_required (TLS 1.3, RFC 8446 §4.4.2.4)
      return 'client-cert-required';
    case 40: // handshake_failure: what OpenSSL servers send under TLS 1.2 when no client certificate came
      return clientCertConfigured ? 'tls-handshake-failed' : 'client-cert-required';
    case 41: // no_certificate (SSL 3)
      return 'client-cert-required';
    case 48:
      return 'client-cert-unknown-ca';
    case 45:
      return 'client-cert-expired';
    case 42:
      return 'client-cert-bad';
    case 44:
      return 'client-cert-revoked';
    case 43:
    case 46:
    case 49:
    case 51:
    case 113:
      return 'client-cert-rejected';
    case 70:
    case 71:
      return 'tls-protocol-mismatch';
    case 120:
      return 'tls-alpn-rejected';
    default:
      return 'tls-handshake-failed';
  }
}

/** Local OpenSSL errors that mean the other side is not speaking TLS at all. */
const NOT_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_RECORD_LAYER_FAILURE',
  'ECONNRESET',
  'EPIPE',
]);

/** Local OpenSSL errors that mean no common version or cipher. */
const MISMATCH_CODES = new Set([
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_NO_SHARED_CIPHER',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_VERSION_TOO_LOW',
]);

function rawEvidence(error: RawError): Evidence {
  return { errorCode: error.code, errorMessage: error.message, syscall: error.syscall };
}

function classifyError(phase: Phase, error: RawError, obs: Observations): Classification {
  const code = error.code ?? '';
  if (phase === 'resolve') {
    return { cause: 'dns-not-found', evidence: rawEvidence(error), detail: code || error.message };
  }
  if (phase === 'tcp') {
    const cause: Cause = code === 'ECONNREFUSED' ? 'tcp-refused' : code === 'ETIMEDOUT' ? 'tcp-timeout' : 'tcp-unreachable'; // EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, ECONNRESET on connect …
    return { cause, evidence: rawEvidence(error), detail: code };
  }
  const alert = receivedAlert(error);
  if (alert) {
    const cause = causeOfAlert(alert.number, obs.clientCertConfigured);
    return {
      cause,
      evidence: { ...rawEvidence(error), tlsAlert: { ...alert, direction: 'received' } },
      detail: `alert ${alert.number} ${alert.name}`,
    };
  }
  if (MISMATCH_CODES.has(code)) {
    return { cause: 'tls-protocol-mismatch', evidence: rawEvidence(error), detail: code };
  }
  if (phase === 'tls') {
    // Reset or garbage during the handshake: the port does not speak TLS (e.g. plain MQTT).
    const cause: Cause = NOT_TLS_CODES.has(code) || code.startsWith('ERR_SSL_') === false ? 'tls-not-spoken' : 'tls-handshake-failed';
    return { cause, evidence: rawEvidence(error), detail: code };
  }
  if (phase === 'access') {
    return { cause: 'access-no-echo', evidence: rawEvidence(error), detail: code };
  }
  // Before the WebSocket upgrade was answered: the server hung up on an HTTP request.
  if (beforeUpgradeAnswer(phase, obs)) {
    return { cause: 'websocket-not-spoken', evidence: withWebsocket(rawEvidence(error), obs), detail: code };
  }
  // After the handshake, before the CONNACK: a reset is the broker hanging up on us.
  return { cause: 'closed-before-connack', evidence: rawEvidence(error), detail: code };
}

/** Whether a ws:// or wss:// connection that ended in `phase` ended before its upgrade was answered. */
function beforeUpgradeAnswer(phase: Phase, obs: Observations): boolean {
  if (!isWebSocket(obs.settings.protocol) || (obs.websocket?.status ?? null) !== null) return false;
  return phase === 'websocket' || phase === 'client-auth';
}

/** The evidence with the WebSocket upgrade's facts, when there was one. */
const withWebsocket = (evidence: Evidence, obs: Observations): Evidence =>
  obs.websocket ? { ...evidence, websocket: obs.websocket } : evidence;

/**
 * An HTTP status that refused the upgrade: 404 a wrong path, 401/407 HTTP credentials wanted,
 * 403 refused for this client, a 2xx a web server that does not upgrade, anything else refused.
 */
function causeOfStatus(status: number | null): Cause {
  if (status === null) return 'websocket-not-spoken';
  if (status === 404) return 'websocket-not-found';
  if (status === 401 || status === 407) return 'websocket-unauthorized';
  if (status === 403) return 'websocket-forbidden';
  if (status >= 200 && status < 300) return 'websocket-not-spoken';
  return 'websocket-refused';
}

function classifyWebSocket(failure: Extract<Failure, { kind: 'websocket' }>, obs: Observations): Classification {
  const evidence = withWebsocket({}, obs);
  switch (failure.reason) {
    case 'status': {
      const status = obs.websocket?.status ?? null;
      return { cause: causeOfStatus(status), evidence, detail: `HTTP ${status ?? '?'}` };
    }
    case 'not-http':
      return {
        cause: 'websocket-not-spoken',
        evidence: { ...evidence, errorCode: failure.errorCode, ...(failure.firstBytesHex ? { firstBytesHex: failure.firstBytesHex } : {}) },
        detail: failure.errorCode,
      };
    case 'no-answer':
      return {
        cause: 'websocket-not-spoken',
        evidence: { ...evidence, ...(failure.errorCode ? { errorCode: failure.errorCode } : {}) },
        detail: 'no answer',
      };
    case 'accept-invalid':
    case 'invalid-upgrade':
      return { cause: 'websocket-not-spoken', evidence, detail: failure.reason };
    case 'subprotocol':
      return { cause: 'websocket-subprotocol-refused', evidence, detail: obs.websocket?.subprotocolAnswered ?? 'none' };
    default: {
      const never: never = failure;
      throw new Error(`unhandled upgrade failure ${JSON.stringify(never)}`);
    }
  }
}

function causeOfConnack(version: '3.1.1' | '5', code: number): Cause {
  if (version === '3.1.1') {
    switch (code) {
      case 1:
        return 'connack-protocol-unsupported';
      case 2:
        return 'connack-client-id-rejected';
      case 3:
        return 'connack-server-unavailable';
      case 4:
        return 'connack-bad-credentials';
      case 5:
        return 'connack-not-authorized';
      default:
        return 'connack-refused-other';
    }
  }
  switch (code) {
    case 0x84:
      return 'connack-protocol-unsupported';
    case 0x85:
      return 'connack-client-id-rejected';
    case 0x86:
    case 0x8c:
      return 'connack-bad-credentials';
    case 0x87:
    case 0x8a:
      return 'connack-not-authorized';
    case 0x88:
    case 0x89:
      return 'connack-server-unavailable';
    default:
      return 'connack-refused-other';
  }
}

const TIMEOUT_CAUSE: Partial<Record<Phase, Cause>> = {
  resolve: 'dns-not-found',
  tcp: 'tcp-timeout',
  tls: 'tls-timeout',
  'client-auth': 'connack-timeout',
  websocket: 'websocket-timeout',
  connack: 'connack-timeout',
  access: 'access-timeout',
};

/** How a plain connection can end before its CONNACK (or its WebSocket upgrade) when the port speaks TLS. */
const PLAIN_ENDINGS = new Set<Cause>(['closed-before-connack', 'not-mqtt', 'websocket-not-spoken']);

/**
 * Maps the recorded failure (or its absence) to one cause, keyed on codes and the phase reached.
 * A plain connection that ended before its CONNACK on a port that answered a TLS ClientHello
 * is `tls-required`: the transport was wrong, nothing refused the identity.
 */
export function classify(obs: Observations): Classification {
  const found = classifyFailure(obs);
  if (obs.tlsCheck === null) return found;
  const evidence = { ...found.evidence, tlsCheck: obs.tlsCheck };
  if (!usesTls(obs.settings.protocol) && obs.tlsCheck.speaksTls && PLAIN_ENDINGS.has(found.cause)) {
    return { cause: 'tls-required', evidence, detail: found.detail };
  }
  return { ...found, evidence };
}

function classifyFailure(obs: Observations): Classification {
  const failure: Failure | null = obs.failure;
  if (failure === null) {
    const unverified = usesTls(obs.settings.protocol) && obs.tls !== null && obs.tls.verification === 'off';
    return { cause: unverified ? 'ok-server-unverified' : 'ok', evidence: {}, detail: '' };
  }
  switch (failure.kind) {
    case 'preflight':
      return {
        cause: failure.cause,
        evidence: { errorCode: failure.errorCode, errorMessage: failure.message, file: failure.file ?? undefined },
        detail: failure.message,
      };
    case 'error':
      return classifyError(failure.phase, failure.error, obs);
    case 'timeout':
      return {
        cause: TIMEOUT_CAUSE[failure.phase] ?? 'internal-error',
        evidence: withWebsocket({ timedOutAfterMs: failure.afterMs }, obs),
        detail: `${failure.phase} after ${Math.round(failure.afterMs)} ms`,
      };
    case 'closed':
      return {
        cause:
          failure.phase === 'tls'
            ? 'tls-not-spoken'
            : failure.phase === 'access'
              ? 'access-no-echo'
              : beforeUpgradeAnswer(failure.phase, obs)
                ? 'websocket-not-spoken'
                : 'closed-before-connack',
        evidence: withWebsocket({ errorMessage: 'connection closed by the peer' }, obs),
        detail: 'closed',
      };
    case 'websocket':
      return classifyWebSocket(failure, obs);
    case 'verify':
      return {
        cause: causeOfVerifyFinding(failure.finding),
        evidence: { verifyError: failure.finding, errorMessage: failure.message },
        detail: failure.message,
      };
    case 'connack': {
      // A 3.1.1 CONNACK to an MQTT 5 CONNECT is read with the 3.1.1 table: its code 1 means
      // "unacceptable protocol version", not MQTT 5's 0x01 (a SUBACK's "Granted QoS 1").
      const version = failure.version ?? obs.settings.mqttVersion;
      const name = connackCodeName(version, failure.code);
      return {
        cause: causeOfConnack(version, failure.code),
        evidence: {
          connack: { version, code: failure.code, name, reasonString: failure.reasonString, userProperties: failure.userProperties },
        },
        detail: `${version === '5' ? formatCode(failure.code) : failure.code} ${name}`,
      };
    }
    case 'not-mqtt':
      return { cause: 'not-mqtt', evidence: { firstBytesHex: failure.firstBytesHex }, detail: failure.firstBytesHex };
    case 'access':
      return { cause: failure.cause, evidence: {}, detail: '' };
    case 'aborted':
      return { cause: 'aborted', evidence: {}, detail: failure.phase };
    case 'internal':
      return { cause: 'internal-error', evidence: rawEvidence(failure.error), detail: failure.error.message };
    default: {
      const never: never = failure;
      throw new Error(`unhandled failure ${JSON.stringify(never)}`);
    }
  }
}

/** The verdict of a cause, downgraded to "with warnings" when the attempt carried any. */
export function verdictOf(cause: Cause, warningCount: number) {
  const verdict = CAUSE_INFO[cause].verdict;
  return verdict === 'accepted' && warningCount > 0 ? 'accepted-with-warnings' : verdict;
}

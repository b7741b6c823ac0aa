import type { Cause, Phase, Verdict } from './report';

// Causes decide the verdict; findings beside them (warnings and notes, finding-catalog.ts) can
// only turn `accepted` into `accepted-with-warnings`, and only when they are warnings.

export interface CauseInfo {
  /** The verdict this cause leads to (success causes may still gain warnings). */
  verdict: Verdict;
  /**
   * Where the cause is decided; the report's phase is the phase actually reached. `any` for
   * what can stop an attempt in any phase (a cancel, a bug).
   */
  layer: Phase | 'any';
  /** A short title for lists and banners. */
  title: string;
  /** What to do next, in plain words. */
  hint: string;
}

/** One line of plain language per cause, for the CLI, the UI and exports alike. */
export const CAUSE_INFO = {
  'ca-invalid': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'CA file unusable',
    hint: 'Load the CA certificate(s) in PEM or DER form; a CA bundle holds only certificates.',
  },
  'cert-invalid': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Client certificate unusable',
    hint: 'Load the client certificate in PEM or DER form (leaf first, then any intermediates).',
  },
  'key-invalid': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Private key unusable',
    hint: 'Load the private key that belongs to the certificate, in PEM (PKCS#8, PKCS#1, SEC1) or DER form.',
  },
  'key-passphrase-missing': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Key needs a passphrase',
    hint: 'The private key is encrypted: enter its passphrase.',
  },
  'key-passphrase-wrong': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Wrong key passphrase',
    hint: 'Check the passphrase of the private key (it is case-sensitive).',
  },
  'key-cert-mismatch': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Key does not match certificate',
    hint: 'Pair the certificate with the private key it was issued for (compare their public keys).',
  },
  'pkcs12-invalid': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'PKCS#12 file unusable',
    hint: 'Load a PKCS#12 (.p12/.pfx) bundle that holds the client certificate and its key.',
  },
  'pkcs12-password-wrong': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Wrong PKCS#12 password',
    hint: 'Check the password of the PKCS#12 bundle.',
  },
  'pkcs12-unsupported-encryption': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'PKCS#12 uses a legacy cipher',
    hint: 'Re-export the bundle with modern encryption: openssl pkcs12 -in old.p12 -legacy -nodes | openssl pkcs12 -export -out new.p12',
  },
  'material-missing': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Certificate file missing',
    hint: 'Choose the missing file for its slot in the profile editor (TLS tab); the explanation names it and where it was.',
  },
  'config-invalid': {
    verdict: 'failed',
    layer: 'preflight',
    title: 'Connection settings incomplete',
    hint: 'Fix the setting named in the explanation.',
  },
  'dns-not-found': {
    verdict: 'failed',
    layer: 'resolve',
    title: 'Host name not found',
    hint: "Check the host name for typos, or use the broker's IP address.",
  },
  'tcp-refused': {
    verdict: 'failed',
    layer: 'tcp',
    title: 'Connection refused',
    hint: 'Nothing listens on that port: check the port number and that the broker is running.',
  },
  'tcp-unreachable': {
    verdict: 'failed',
    layer: 'tcp',
    title: 'Host unreachable',
    hint: 'Check the network path (VPN, routes, firewall) to the broker.',
  },
  'tcp-timeout': {
    verdict: 'failed',
    layer: 'tcp',
    title: 'No answer to the TCP connection',
    hint: 'A firewall may drop the packets, or the host is down: check the address and port.',
  },
  'server-cert-untrusted': {
    verdict: 'failed',
    layer: 'tls',
    title: 'Broker certificate not trusted',
    hint: "Load the CA that issued the broker's certificate (or its intermediate chain) as the CA.",
  },
  'server-cert-self-signed': {
    verdict: 'failed',
    layer: 'tls',
    title: 'Broker certificate is self-signed',
    hint: "Load the broker's own certificate as the CA, or use the CA that should have signed it.",
  },
  'server-cert-hostname-mismatch': {
    verdict: 'failed',
    layer: 'tls',
    title: 'Broker certificate is for another name',
    hint: 'Connect with a host name the certificate lists, set the SNI/expected name, or choose verification "chain-only".',
  },
  'server-cert-expired': {
    verdict: 'failed',
    layer: 'tls',
    title: 'Broker certificate expired',
    hint: "The broker needs a renewed certificate (or check this machine's clock).",
  },
  'server-cert-not-yet-valid': {
    verdict: 'failed',
    layer: 'tls',
    title: 'Broker certificate not yet valid',
    hint: "Check this machine's clock, or the certificate's start date.",
  },
  'tls-not-spoken': {
    verdict: 'failed',
    layer: 'tls',
    title: 'The port does not speak TLS',
    hint: "This is probably a plain MQTT port: use the broker's TLS port (often 8883), or mqtt:// for a plain one.",
  },
  'tls-protocol-mismatch': {
    verdict: 'failed',
    layer: 'tls',
    title: 'No common TLS version or cipher',
    hint: 'Widen the TLS min/max versions, or check which versions the broker allows.',
  },
  'tls-alpn-rejected': {
    verdict: 'failed',
    layer: 'tls',
    title: 'ALPN protocol refused',
    hint: 'Remove the ALPN setting or use a protocol name the broker accepts (often "mqtt").',
  },
  'tls-handshake-failed': {
    verdict: 'failed',
    layer: 'tls',
    title: 'TLS handshake failed',
    hint: 'Read the alert and error code in the evidence; check the TLS settings on both sides.',
  },
  'tls-timeout': {
    verdict: 'failed',
    layer: 'tls',
    title: 'TLS handshake timed out',
    hint: 'The port accepted TCP but did not complete a TLS handshake: check that it is a TLS port.',
  },
  'websocket-not-found': {
    verdict: 'failed',
    layer: 'websocket',
    title: 'WebSocket path not found',
    hint: "Set the broker's WebSocket path: /mqtt for EMQX, HiveMQ and most brokers, /$iothub/websocket for Azure IoT Hub; mosquitto takes any path.",
  },
  'websocket-unauthorized': {
    verdict: 'rejected',
    layer: 'websocket',
    title: 'WebSocket upgrade needs HTTP authentication',
    hint: 'The HTTP server in front of the broker wants credentials before the upgrade (its WWW-Authenticate header says which kind): this is not MQTT authentication.',
  },
  'websocket-forbidden': {
    verdict: 'rejected',
    layer: 'websocket',
    title: 'WebSocket upgrade forbidden',
    hint: 'The server refused the upgrade for this client (an origin, address or certificate rule in front of the broker): check its access rules.',
  },
  'websocket-refused': {
    verdict: 'failed',
    layer: 'websocket',
    title: 'WebSocket upgrade refused',
    hint: 'Read the HTTP status in the evidence: a proxy in front of the broker may be failing (5xx) or redirecting (3xx).',
  },
  'websocket-not-spoken': {
    verdict: 'failed',
    layer: 'websocket',
    title: 'The server does not speak WebSocket',
    hint: "This is probably not the broker's WebSocket port: use its ws/wss port, or mqtt:// and mqtts:// for an MQTT port.",
  },
  'websocket-subprotocol-refused': {
    verdict: 'failed',
    layer: 'websocket',
    title: 'WebSocket subprotocol "mqtt" refused',
    hint: 'The server upgraded without agreeing to the "mqtt" subprotocol MQTT requires (MQTT 5.0 §6): it is a WebSocket server, but not an MQTT one on this path.',
  },
  'websocket-timeout': {
    verdict: 'failed',
    layer: 'websocket',
    title: 'No answer to the WebSocket upgrade',
    hint: 'The server took the connection but did not answer the HTTP upgrade: check that this port serves WebSocket.',
  },
  'client-cert-required': {
    verdict: 'rejected',
    layer: 'client-auth',
    title: 'Broker requires a client certificate',
    hint: 'Load a client certificate and key (or a PKCS#12 bundle) issued by a CA the broker trusts.',
  },
  'client-cert-unknown-ca': {
    verdict: 'rejected',
    layer: 'client-auth',
    title: "Broker does not trust the client certificate's CA",
    hint: 'Use a client certificate issued by the CA the broker is configured with (its cafile).',
  },
  'client-cert-expired': {
    verdict: 'rejected',
    layer: 'client-auth',
    title: 'Broker says the client certificate expired',
    hint: "Issue a new client certificate, or check the broker's clock.",
  },
  'client-cert-bad': {
    verdict: 'rejected',
    layer: 'client-auth',
    title: 'Broker rejected the client certificate as bad',
    hint: "Check the certificate's validity dates (not yet valid?), signature and key usage.",
  },
  'client-cert-revoked': {
    verdict: 'rejected',
    layer: 'client-auth',
    title: 'Client certificate revoked',
    hint: "The broker's CRL lists this certificate: issue a new one.",
  },
  'client-cert-rejected': {
    verdict: 'rejected',
    layer: 'client-auth',
    title: 'Broker rejected the client certificate',
    hint: "Read the alert in the evidence and the broker's log for its reason.",
  },
  'connack-not-authorized': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'Not authorized',
    hint: "The broker refused this identity: check the username/password or the certificate's CN against the broker's auth source.",
  },
  'connack-bad-credentials': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'Bad username or password',
    hint: 'Check the username and password.',
  },
  'connack-client-id-rejected': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'Client ID rejected',
    hint: 'Use a client ID the broker accepts (non-empty, allowed characters and length, or clean start on).',
  },
  'connack-protocol-unsupported': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'MQTT version not supported',
    hint: 'Switch the MQTT version (3.1.1 or 5).',
  },
  'connack-server-unavailable': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'Broker unavailable',
    hint: 'The broker is up but refuses service right now: try again later or check its state.',
  },
  'connack-refused-other': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'Connection refused by the broker',
    hint: 'Read the reason code and reason string in the evidence.',
  },
  'closed-before-connack': {
    verdict: 'rejected',
    layer: 'connack',
    title: 'Closed without a CONNACK',
    hint: "Some brokers refuse this way (e.g. authentication failure under MQTT 3.1.1): check the broker's log.",
  },
  'connack-timeout': {
    verdict: 'failed',
    layer: 'connack',
    title: 'No CONNACK in time',
    hint: 'The broker did not answer CONNECT: check that the port is an MQTT port and the broker is healthy.',
  },
  'not-mqtt': {
    verdict: 'failed',
    layer: 'connack',
    title: 'The server does not speak MQTT',
    hint: 'The port answered with something other than MQTT: check the port (HTTP? WebSocket?).',
  },
  'tls-required': {
    verdict: 'failed',
    layer: 'connack',
    title: 'The port speaks TLS: use mqtts:// (or wss://)',
    hint: 'Connect with mqtts:// (wss:// for a WebSocket) to the same host and port.',
  },
  'access-subscribe-denied': {
    verdict: 'rejected',
    layer: 'access',
    title: 'Connected, but subscribe denied',
    hint: "The broker's ACL does not let this identity subscribe to the test topic.",
  },
  'access-publish-denied': {
    verdict: 'rejected',
    layer: 'access',
    title: 'Connected, but publish denied',
    hint: "The broker's ACL does not let this identity publish to the test topic.",
  },
  'access-no-echo': {
    verdict: 'rejected',
    layer: 'access',
    title: 'Connected, but this identity may do nothing',
    hint: 'The broker accepted the connection but the test message never came back: an ACL probably drops it silently.',
  },
  'access-timeout': {
    verdict: 'failed',
    layer: 'access',
    title: 'Access check timed out',
    hint: 'The broker did not answer SUBSCRIBE or PUBLISH in time.',
  },
  aborted: { verdict: 'failed', layer: 'any', title: 'Cancelled', hint: 'The attempt was cancelled before a verdict.' },
  'internal-error': {
    verdict: 'failed',
    layer: 'any',
    title: 'Internal error',
    hint: 'This is a bug in Keyhole: please report it with the evidence.',
  },
  ok: { verdict: 'accepted', layer: 'done', title: 'Accepted', hint: 'Nothing to do.' },
  'ok-server-unverified': {
    verdict: 'accepted-with-warnings',
    layer: 'done',
    title: 'Accepted, broker not verified',
    hint: "Verification was off: load the broker's CA and verify fully before trusting this connection.",
  },
} as const satisfies Readonly<Record<Cause, CauseInfo>>;

/** The causes decided in preflight, before any traffic: nothing was sent to the broker. */
export type LocalCause = { [C in Cause]: (typeof CAUSE_INFO)[C]['layer'] extends 'preflight' ? C : never }[Cause];

/** Whether a cause is decided before any traffic (derived from the catalogue's layers). */
export const isLocalCause = (cause: Cause): cause is LocalCause => CAUSE_INFO[cause].layer === 'preflight';

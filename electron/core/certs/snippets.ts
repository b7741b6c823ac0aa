// The TLS block of a broker's configuration, from a CA, a broker certificate and key, and
// optionally a CRL. Option names are the brokers' documented ones: mosquitto.conf(5) 2.0,
// NanoMQ's `listeners.ssl` (HOCON, 0.18+), EMQX 5's `listeners.ssl.<name>.ssl_options`.
import { SnippetRequest, type SnippetBroker } from '../../../shared/certs/snippet';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';

export interface SnippetError {
  code: 'request-invalid' | 'key-password-unsupported' | 'path-unsupported';
  message: string;
}

/** The options each snippet may use, as documented by the broker (the tests compare against these). */
export const SNIPPET_OPTIONS: Record<SnippetBroker, readonly string[]> = {
  mosquitto: ['listener', 'cafile', 'certfile', 'keyfile', 'require_certificate', 'use_identity_as_username', 'crlfile'],
  nanomq: ['bind', 'keyfile', 'certfile', 'cacertfile', 'key_password', 'verify_peer', 'fail_if_no_peer_cert'],
  emqx: [
    'bind',
    'cacertfile',
    'certfile',
    'keyfile',
    'password',
    'verify',
    'fail_if_no_peer_cert',
    'enable_crl_check',
    'peer_cert_as_username',
  ],
};

/** The configuration text for one broker. */
export function brokerSnippet(input: SnippetRequest): Result<string, SnippetError> {
  const parsed = SnippetRequest.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err({
      code: 'request-invalid',
      message: `Invalid snippet request: ${first ? `${first.path.join('.')}: ${first.message}` : '?'}.`,
    });
  }
  const request = parsed.data;
  switch (request.broker) {
    case 'mosquitto':
      return mosquitto(request);
    case 'nanomq':
      return ok(nanomq(request));
    case 'emqx':
      return ok(emqx(request));
    default: {
      const never: never = request.broker;
      return never;
    }
  }
}

type Request = ReturnType<typeof SnippetRequest.parse>;

function mosquitto(r: Request): Result<string, SnippetError> {
  if (r.keyPassword) {
    // mosquitto 2.0 has no keyfile password option: OpenSSL would prompt on its terminal at start.
    return err({
      code: 'key-password-unsupported',
      message: 'mosquitto cannot read an encrypted broker key (it has no key password option): issue the broker key without a passphrase.',
    });
  }
  // mosquitto.conf takes the rest of the line as the value: no quoting, so no line breaks allowed.
  const paths = [r.caFile, r.certFile, r.keyFile, r.crlFile ?? ''];
  if (paths.some((p) => /[\r\n]/.test(p) || p !== p.trim())) {
    return err({ code: 'path-unsupported', message: 'mosquitto.conf cannot hold a path with line breaks or leading/trailing spaces.' });
  }
  const lines = [
    '# TLS listener written by keyhole cert snippet (mosquitto 2.0)',
    `listener ${r.port}${r.bind ? ` ${r.bind}` : ''}`,
    `cafile ${r.caFile}`,
    `certfile ${r.certFile}`,
    `keyfile ${r.keyFile}`,
    `require_certificate ${r.requireCertificate}`,
  ];
  // With it, mosquitto takes the CN as the username and skips password checks (DESIGN §4).
  if (r.requireCertificate) lines.push(`use_identity_as_username ${r.useIdentityAsUsername}`);
  if (r.crlFile) lines.push(`crlfile ${r.crlFile}`);
  return ok(`${lines.join('\n')}\n`);
}

/** HOCON quoted strings are JSON strings. */
const q = (value: string) => JSON.stringify(value);

function nanomq(r: Request): string {
  const lines = [
    '# TLS listener written by keyhole cert snippet (NanoMQ, nanomq.conf)',
    'listeners.ssl {',
    `  bind = ${q(`${r.bind ?? '0.0.0.0'}:${r.port}`)}`,
    `  keyfile = ${q(r.keyFile)}`,
    `  certfile = ${q(r.certFile)}`,
    `  cacertfile = ${q(r.caFile)}`,
  ];
  if (r.keyPassword) lines.push(`  key_password = ${q(r.keyPassword)}`);
  lines.push(`  verify_peer = ${r.requireCertificate}`, `  fail_if_no_peer_cert = ${r.requireCertificate}`, '}');
  if (r.crlFile) lines.push(`# NanoMQ's listener has no CRL option: ${r.crlFile} is not used here.`);
  return `${lines.join('\n')}\n`;
}

function emqx(r: Request): string {
  const lines = [
    '# TLS listener written by keyhole cert snippet (EMQX 5, emqx.conf)',
    'listeners.ssl.default {',
    `  bind = ${q(`${r.bind ?? '0.0.0.0'}:${r.port}`)}`,
    '  ssl_options {',
    `    cacertfile = ${q(r.caFile)}`,
    `    certfile = ${q(r.certFile)}`,
    `    keyfile = ${q(r.keyFile)}`,
  ];
  if (r.keyPassword) lines.push(`    password = ${q(r.keyPassword)}`);
  lines.push(`    verify = ${r.requireCertificate ? 'verify_peer' : 'verify_none'}`, `    fail_if_no_peer_cert = ${r.requireCertificate}`);
  // EMQX checks revocation against the CRL distribution points of the client certificates, not a local file.
  if (r.crlFile)
    lines.push(
      `    # enable_crl_check = true  (EMQX fetches CRLs from the certificates' distribution points; ${r.crlFile} must be served there)`,
    );
  lines.push('  }', '}');
  if (r.requireCertificate && r.useIdentityAsUsername) lines.push('mqtt {', '  peer_cert_as_username = cn', '}');
  return `${lines.join('\n')}\n`;
}

/**
 * `openssl s_client` (OpenSSL 3 `s_client -help`): TLS only, no MQTT, so the MQTT settings are
 * Keyhole's defaults. s_client reports a failed verification and carries on unless
 * `-verify_return_error`, and checks the host name only with `-verify_hostname` / `-verify_ip`;
 * `-pass` takes `pass:`, `env:`, `file:`, `fd:` or `stdin` (openssl-passphrase-options(1)).
 */
import { generateClientId } from '../../../shared/profile/client-id';
import { err, ok, type Result } from '../../../shared/result';
import type { CommandLine, Word } from './command-line';
import { ignoreRest, parseOptions, secretArg, type FoundOption, type OptionSpec } from './command-options';
import type { HoconSyntaxError } from './hocon';
import { hostPort } from '../../../shared/connect/settings';
import { ProfileBuilder } from './profile-builder';
import { parseAddress, parseTlsVersion, tlsLabel } from './source-values';

const o = (takes: number, ...names: string[]): OptionSpec => ({ names, takes });

const WITH_VALUE = [
  '-CAstore',
  '-cert_chain',
  '-certform',
  '-keyform',
  '-verify',
  '-CRLfile',
  '-starttls',
  '-sess_out',
  '-sess_in',
  '-cipher',
];
const MORE_VALUES = [
  '-ciphersuites',
  '-curves',
  '-groups',
  '-sigalgs',
  '-keylogfile',
  '-msgfile',
  '-bind',
  '-proxy',
  '-mtu',
  '-purpose',
  '-verify_name',
];
const FLAGS = [
  '-no-CAfile',
  '-no-CApath',
  '-no-CAstore',
  '-crl_check',
  '-crl_check_all',
  '-showcerts',
  '-brief',
  '-quiet',
  '-state',
  '-debug',
  '-msg',
];
const MORE_FLAGS = [
  '-prexit',
  '-ign_eof',
  '-no_ign_eof',
  '-crlf',
  '-reconnect',
  '-tlsextdebug',
  '-status',
  '-nbio',
  '-verify_quiet',
  '-x509_strict',
];
const LAST_FLAGS = [
  '-partial_chain',
  '-trusted_first',
  '-legacy_renegotiation',
  '-no_ticket',
  '-tls1',
  '-tls1_1',
  '-no_tls1_1',
  '-no_tls1',
];

const SPECS: OptionSpec[] = [
  ...['-connect', '-host', '-port', '-CAfile', '-CApath', '-cert', '-key', '-pass', '-servername', '-alpn'].map((n) => o(1, n)),
  ...['-min_protocol', '-max_protocol', '-verify_hostname', '-verify_ip', '-auth_level', '-psk', '-psk_identity'].map((n) => o(1, n)),
  ...[...WITH_VALUE, ...MORE_VALUES].map((n) => o(1, n)),
  ...['-noservername', '-tls1_2', '-tls1_3', '-no_tls1_3', '-no_tls1_2', '-verify_return_error'].map((n) => o(0, n)),
  ...[...FLAGS, ...MORE_FLAGS, ...LAST_FLAGS].map((n) => o(0, n)),
];

const OUTPUT = 'what s_client prints or how it behaves after the handshake, not part of the connection';
const TUNING = "TLS tuning that Keyhole leaves to Node's defaults";
const REASONS: Record<string, string> = {
  '-noservername': 'Keyhole always sends the host name as SNI; it cannot leave SNI out',
  '-starttls': 'a protocol spoken before TLS; Keyhole speaks MQTT over TLS directly',
  '-psk': 'TLS-PSK, which Keyhole does not speak (it uses certificates)',
  '-psk_identity': 'TLS-PSK, which Keyhole does not speak (it uses certificates)',
  '-CAstore': 'a certificate store URI, which Keyhole does not read: give -CAfile',
  '-certform': 'Keyhole tells PEM from DER by itself',
  '-keyform': 'Keyhole tells PEM from DER by itself',
  '-CRLfile': "revocation lists of the broker's chain, which Keyhole does not check",
  '-crl_check': "revocation lists of the broker's chain, which Keyhole does not check",
  '-crl_check_all': "revocation lists of the broker's chain, which Keyhole does not check",
  '-verify': 'the depth of the chain to verify; Keyhole verifies the whole chain',
  '-keylogfile': 'a TLS key log, which Keyhole does not write here',
  '-tls1': 'Keyhole speaks TLS 1.2 and 1.3 only',
  '-tls1_1': 'Keyhole speaks TLS 1.2 and 1.3 only',
  ...Object.fromEntries(
    [
      '-cipher',
      '-ciphersuites',
      '-curves',
      '-groups',
      '-sigalgs',
      '-auth_level',
      '-legacy_renegotiation',
      '-no_ticket',
      '-partial_chain',
      '-trusted_first',
      '-x509_strict',
      '-purpose',
      '-verify_name',
    ].map((k) => [k, TUNING]),
  ),
  ...Object.fromEntries(
    [...FLAGS, ...MORE_FLAGS, '-sess_out', '-sess_in', '-msgfile', '-bind', '-proxy', '-mtu', '-no_tls1_1', '-no_tls1']
      .filter((k) => !k.startsWith('-no-CA') && !k.startsWith('-crl'))
      .map((k) => [k, OUTPUT]),
  ),
};

/** The profile an `openssl s_client` line describes. */
export function mapOpensslCommand(cmd: CommandLine): Result<ProfileBuilder, HoconSyntaxError> {
  const parsed = parseOptions(cmd.args, SPECS, { attached: false });
  if (!parsed.ok) return parsed;
  const b = new ProfileBuilder('openssl-s-client', null, 'openssl s_client');
  b.settings.protocol = 'mqtts';
  const opts = parsed.value.options;
  const handled = new Set<string>();
  // OpenSSL 3 also takes the host:port as the one argument.
  const connect = opts.find((x) => x.key === '-connect');
  const positional = parsed.value.positional.find((p) => /:\d+$/.test(p.text));
  const target = connect?.values[0] ?? positional;
  if (target) {
    const r = mapConnect(b, target, connect ? connect.name : 'host:port');
    if (!r.ok) return r;
    if (!connect) parsed.value.positional = parsed.value.positional.filter((p) => p !== positional);
  }
  for (const opt of opts) {
    handled.add(opt.key);
    if (!mapOption(b, opt, cmd)) handled.delete(opt.key);
  }
  if (!b.settings.host)
    return err({
      line: cmd.line,
      column: 1,
      message: 'The line names no broker: give -connect host:port (s_client would try localhost:4433).',
    });
  if (!b.settings.port) {
    const w = opts.find((x) => x.key === '-connect' || x.key === '-host')?.word;
    return err({ line: w?.line ?? cmd.line, column: w?.column ?? 1, message: 'The line names no port: write -connect host:port.' });
  }
  mapVerification(b, opts);
  for (const k of ['-verify_return_error', '-verify_hostname', '-verify_ip']) handled.add(k);
  ignoreRest(b, parsed.value, handled, REASONS, 'openssl s_client');
  b.settings.clientId = generateClientId();
  b.settings.mqttVersion = '5';
  b.note(
    `openssl s_client speaks TLS only: the MQTT settings are Keyhole's defaults (MQTT 5, client id ${b.settings.clientId}); set the ones the broker expects.`,
  );
  b.name = `${hostPort(b.settings.host, b.settings.port)} (openssl s_client)`;
  return ok(b);
}

function mapConnect(b: ProfileBuilder, w: Word, source: string): Result<void, HoconSyntaxError> {
  const addr = parseAddress(w.text);
  if (!addr.ok || addr.value.scheme) return err({ line: w.line, column: w.column, message: `${source} takes host:port, not "${w.text}".` });
  b.settings.host = addr.value.host;
  if (addr.value.port) b.settings.port = addr.value.port;
  b.map(source, `broker mqtts://${w.text}`, w.line);
  return ok(undefined);
}

function mapOption(b: ProfileBuilder, opt: FoundOption, cmd: CommandLine): boolean {
  const v = opt.values[0]?.text ?? '';
  const line = opt.word.line;
  switch (opt.key) {
    case '-connect':
      return true;
    case '-host':
      b.settings.host = v;
      b.map(opt.name, `host ${v}`, line);
      return true;
    case '-port':
      if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535) {
        b.settings.port = Number(v);
        b.map(opt.name, `port ${v}`, line);
      } else b.ignore(opt.name, `"${v}" is not a port`, line);
      return true;
    case '-CAfile':
    case '-cert':
    case '-key':
      b.file(opt.key === '-CAfile' ? 'ca' : opt.key === '-cert' ? 'cert' : 'key', v, opt.name, line);
      return true;
    case '-CApath':
      b.caFolder(v, opt.name, line);
      return true;
    case '-pass':
      mapPass(b, opt, cmd);
      return true;
    case '-servername':
      b.settings.servername = v;
      b.map(opt.name, `SNI and verified name ${v}`, line);
      return true;
    case '-alpn':
      b.settings.alpn = v.split(',').filter(Boolean);
      b.map(opt.name, `ALPN ${b.settings.alpn.join(', ')}`, line);
      return true;
    default:
      return mapVersions(b, opt);
  }
}

/** `-pass pass:…` (a secret in clear), `env:VAR`, or a source Keyhole cannot read. */
function mapPass(b: ProfileBuilder, opt: FoundOption, cmd: CommandLine): void {
  const w = opt.values[0]!;
  const m = /^(pass|env|file|fd|stdin):?(.*)$/s.exec(w.text);
  if (w.env !== null || !m) return secretArg(b, 'passphrase', opt, cmd.assignments);
  if (m[1] === 'pass') return secretArg(b, 'passphrase', { ...opt, values: [{ ...w, text: m[2]! }] }, cmd.assignments);
  if (m[1] === 'env') return b.secretFromEnv('passphrase', m[2]!, opt.name, w.line);
  b.secretAbsent(
    'passphrase',
    opt.name,
    `the key passphrase is read from ${w.text}, which Keyhole does not read: enter it in the profile`,
    w.line,
  );
}

function mapVersions(b: ProfileBuilder, opt: FoundOption): boolean {
  const line = opt.word.line;
  const set = (min: 'TLSv1.2' | 'TLSv1.3' | undefined, max: 'TLSv1.2' | 'TLSv1.3' | undefined, what: string) => {
    if (min) b.settings.tlsMin = min;
    if (max) b.settings.tlsMax = max;
    b.map(opt.name, what, line);
  };
  switch (opt.key) {
    case '-tls1_2':
      set('TLSv1.2', 'TLSv1.2', 'TLS 1.2 only');
      return true;
    case '-tls1_3':
      set('TLSv1.3', 'TLSv1.3', 'TLS 1.3 only');
      return true;
    case '-no_tls1_3':
      set(undefined, 'TLSv1.2', 'TLS 1.2 at most');
      return true;
    case '-no_tls1_2':
      set('TLSv1.3', undefined, 'TLS 1.3 at least');
      return true;
    case '-min_protocol':
    case '-max_protocol': {
      const t = parseTlsVersion(opt.values[0]!.text);
      if (t === 'TLSv1.2' || t === 'TLSv1.3')
        set(
          opt.key === '-min_protocol' ? t : undefined,
          opt.key === '-max_protocol' ? t : undefined,
          `${tlsLabel(t)} ${opt.key === '-min_protocol' ? 'or later' : 'at most'}`,
        );
      else b.ignore(opt.name, t === 'old' ? 'Keyhole speaks TLS 1.2 and 1.3 only' : `"${opt.values[0]!.text}" is not a TLS version`, line);
      return true;
    }
    default:
      return false;
  }
}

/** What s_client checks of the broker's certificate, as a verification mode. */
function mapVerification(b: ProfileBuilder, opts: FoundOption[]): void {
  const strict = opts.find((x) => x.key === '-verify_return_error');
  const name = opts.find((x) => x.key === '-verify_hostname' || x.key === '-verify_ip');
  if (name && b.settings.servername === undefined && name.values[0]!.text !== b.settings.host) {
    b.settings.servername = name.values[0]!.text;
  }
  if (name) b.map(name.name, `host name checked: ${name.values[0]!.text}`, name.word.line);
  if (strict) {
    b.settings.verify = name ? 'full' : 'chain-only';
    b.map(
      strict.name,
      name ? 'broker certificate verified' : 'broker certificate chain verified (s_client checks no host name without -verify_hostname)',
      strict.word.line,
    );
  } else {
    b.settings.verify = 'off';
    b.note(
      "openssl s_client reports a failed verification of the broker's certificate but carries on (no -verify_return_error), so this profile does not verify it either; its reports still say what verification would have found.",
    );
  }
}

/** `keyhole connect URL …`: the flags of electron/cli/connect-command.ts, read back into a profile. */
import { generateClientId } from '../../../shared/profile/client-id';
import { err, ok, type Result } from '../../../shared/result';
import type { CommandLine, Word } from './command-line';
import { ignoreRest, intOf, parseOptions, secretArg, type FoundOption, type OptionSpec } from './command-options';
import type { HoconSyntaxError } from './hocon';
import { PresetId, hostPort } from '../../../shared/connect/settings';
import { DEFAULT_PORTS, Protocol, isWebSocket } from '../../../shared/connect/transport';
import { ProfileBuilder } from './profile-builder';
import { tlsLabel } from './source-values';

const o = (takes: number, ...names: string[]): OptionSpec => ({ names, takes });

const SPECS: OptionSpec[] = [
  ...['--profile', '--profiles', '--profiles-passphrase-env', '--data-dir', '--ca', '--cert', '--key', '--passphrase-env', '--pfx'].map(
    (n) => o(1, n),
  ),
  ...['--pfx-password-env', '--password-env', '--password', '--mqtt', '--client-id', '--tls-min', '--tls-max', '--servername'].map((n) =>
    o(1, n),
  ),
  ...['--alpn', '--verify', '--access-check', '--timeout', '--keepalive', '--session-expiry', '--user-property'].map((n) => o(1, n)),
  ...['--path', '--preset', '--keylog'].map((n) => o(1, n)),
  o(1, '-u', '--username'),
  ...['--system-ca', '--ask-password', '--no-clean', '--json', '--no-color', '--color'].map((n) => o(0, n)),
];

const REASONS: Record<string, string> = {
  '--data-dir': 'where saved profiles are, not part of the connection',
  '--json': 'how the command prints its report',
  '--no-color': 'how the command prints its report',
  '--color': 'how the command prints its report',
  '--ask-password': 'the password is asked when the command runs: enter it in the profile',
};

const bad = (w: Word, message: string) => err({ line: w.line, column: w.column, message });

/** The profile a `keyhole connect` line describes. */
export function mapKeyholeCommand(cmd: CommandLine): Result<ProfileBuilder, HoconSyntaxError> {
  if (cmd.subcommand !== 'connect') {
    const w = cmd.args[0] ?? { line: cmd.line, column: 1 };
    return err({
      line: w.line,
      column: w.column,
      message: `keyhole ${cmd.subcommand ?? ''} does not connect: Keyhole reads keyhole connect lines.`,
    });
  }
  const parsed = parseOptions(cmd.args, SPECS, { attached: true });
  if (!parsed.ok) return parsed;
  const opts = parsed.value.options;
  const profile = opts.find((x) => x.key === '--profile');
  if (profile) return bad(profile.word, '--profile runs a saved profile: duplicate that profile in the app instead of reading this line.');
  const url = parsed.value.positional[0];
  if (!url) return err({ line: cmd.line, column: 1, message: 'The line names no broker URL (keyhole connect mqtts://host:port …).' });
  parsed.value.positional = parsed.value.positional.slice(1);
  const b = new ProfileBuilder('keyhole-cli', null, 'keyhole connect');
  const r = mapUrl(b, url);
  if (!r.ok) return r;
  Object.assign(b.settings, { mqttVersion: '5', verify: 'full', keepalive: 60 });
  const handled = new Set<string>();
  for (const opt of opts) {
    handled.add(opt.key);
    const m = mapOption(b, opt, cmd);
    if (!m.ok) return m;
    if (!m.value) handled.delete(opt.key);
  }
  if (opts.some((x) => x.key === '--ask-password')) b.absentSecrets.push('password');
  ignoreRest(b, parsed.value, handled, REASONS, 'keyhole connect');
  if (!opts.some((x) => x.key === '--client-id')) {
    b.settings.clientId = generateClientId();
    b.note(`The line gives no --client-id, so keyhole would make one up; this profile uses ${b.settings.clientId}.`);
  }
  if (b.settings.properties && b.settings.mqttVersion !== '5') {
    delete b.settings.properties;
    b.note('MQTT 5 properties (--session-expiry, --user-property) are left out: the line uses --mqtt 3.1.1.');
  }
  b.name = `${hostPort(b.settings.host!, b.settings.port!)} (keyhole connect)`;
  return ok(b);
}

function mapUrl(b: ProfileBuilder, w: Word): Result<void, HoconSyntaxError> {
  let url: URL;
  try {
    url = new URL(w.text);
  } catch {
    return bad(
      w,
      `"${w.text}" is not a URL: keyhole connect takes mqtts://host:port, mqtt://host:port, wss://host:port/path or ws://host:port/path.`,
    );
  }
  const parsed = Protocol.safeParse(url.protocol.replace(/:$/, ''));
  if (!parsed.success) return bad(w, `keyhole connect takes mqtt://, mqtts://, ws:// or wss://, not ${url.protocol}//.`);
  const scheme = parsed.data;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
  // A WebSocket URL's path is the upgrade's; WHATWG URL shows no path at all as "/".
  const path = `${url.pathname}${url.search}`;
  const wsPath = isWebSocket(scheme) && path !== '/' ? { path } : {};
  Object.assign(b.settings, { protocol: scheme, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, ...wsPath });
  b.map('URL', `broker ${scheme}://${url.host}${url.port ? '' : `:${port}`}${'path' in wsPath ? path : ''}`, w.line);
  return ok(undefined);
}

const TLS_VERSIONS: Record<string, 'TLSv1.2' | 'TLSv1.3'> = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };

function mapOption(b: ProfileBuilder, opt: FoundOption, cmd: CommandLine): Result<boolean, HoconSyntaxError> {
  const w = opt.values[0];
  const v = w?.text ?? '';
  const line = opt.word.line;
  const simple: Record<string, () => void> = {
    '--ca': () => b.file('ca', v, opt.name, line),
    '--cert': () => b.file('cert', v, opt.name, line),
    '--key': () => b.file('key', v, opt.name, line),
    '--pfx': () => b.file('pfx', v, opt.name, line),
    '--system-ca': () => ((b.settings.useSystemCa = true), b.map(opt.name, "the system's trust store", line)),
    '-u': () => ((b.settings.username = v), b.map(opt.name, `username ${v}`, line)),
    '--client-id': () => ((b.settings.clientId = v), b.map(opt.name, `client id ${v}`, line)),
    '--servername': () => ((b.settings.servername = v), b.map(opt.name, `SNI and verified name ${v}`, line)),
    '--alpn': () => ((b.settings.alpn = [...(b.settings.alpn ?? []), v]), b.map(opt.name, `ALPN ${v}`, line)),
    '--path': () => ((b.settings.path = v), b.map(opt.name, `WebSocket path ${v}`, line)),
    '--keylog': () => ((b.settings.keyLog = { file: v }), b.map(opt.name, `TLS key log to ${v}`, line)),
    '--access-check': () => ((b.settings.accessCheckTopic = v), b.map(opt.name, `access check on ${v}`, line)),
    '--no-clean': () => ((b.settings.cleanStart = false), b.map(opt.name, 'clean start off', line)),
    '--passphrase-env': () => b.secretFromEnv('passphrase', v, opt.name, line),
    '--pfx-password-env': () => b.secretFromEnv('pfxPassword', v, opt.name, line),
    '--password-env': () => b.secretFromEnv('password', v, opt.name, line),
    '--password': () => secretArg(b, 'password', opt, cmd.assignments),
  };
  const run = simple[opt.key];
  if (run) {
    run();
    return ok(true);
  }
  switch (opt.key) {
    case '--mqtt':
      if (v !== '5' && v !== '3.1.1') return bad(w!, `--mqtt takes 3.1.1 or 5, not "${v}".`);
      b.settings.mqttVersion = v;
      b.map(opt.name, `MQTT ${v}`, line);
      return ok(true);
    case '--preset': {
      const id = PresetId.safeParse(v);
      if (!id.success) return bad(w!, `--preset takes ${PresetId.options.join(', ')}, not "${v}".`);
      b.settings.preset = id.data;
      b.map(opt.name, `cloud preset ${id.data}`, line);
      return ok(true);
    }
    case '--verify':
      if (v !== 'full' && v !== 'chain-only' && v !== 'off') return bad(w!, `--verify takes full, chain-only or off, not "${v}".`);
      b.settings.verify = v;
      b.map(opt.name, `verification ${v}`, line);
      return ok(true);
    case '--tls-min':
    case '--tls-max': {
      const t = TLS_VERSIONS[v];
      if (!t) return bad(w!, `${opt.name} takes 1.2 or 1.3, not "${v}".`);
      b.settings[opt.key === '--tls-min' ? 'tlsMin' : 'tlsMax'] = t;
      b.map(opt.name, `${tlsLabel(t)} ${opt.key === '--tls-min' ? 'or later' : 'at most'}`, line);
      return ok(true);
    }
    case '--keepalive':
    case '--timeout':
    case '--session-expiry':
      return mapNumber(b, opt);
    case '--user-property': {
      const eq = v.indexOf('=');
      if (eq <= 0) return bad(w!, `--user-property takes key=value, not "${v}".`);
      const user = { ...(b.settings.properties?.userProperties ?? {}), [v.slice(0, eq)]: v.slice(eq + 1) };
      b.settings.properties = { ...b.settings.properties, userProperties: user };
      b.map(opt.name, `MQTT 5 user property ${v.slice(0, eq)}`, line);
      return ok(true);
    }
    default:
      return ok(false);
  }
}

function mapNumber(b: ProfileBuilder, opt: FoundOption): Result<boolean, HoconSyntaxError> {
  const max = opt.key === '--keepalive' ? 65535 : opt.key === '--timeout' ? 600_000 : 0xffffffff;
  const n = intOf(opt, max);
  if (!n.ok) return n;
  const line = opt.word.line;
  if (opt.key === '--keepalive') {
    b.settings.keepalive = n.value;
    b.map(opt.name, `keepalive ${n.value} s`, line);
  } else if (opt.key === '--timeout') {
    if (n.value === 0) return bad(opt.values[0]!, '--timeout must be above 0.');
    b.settings.timeouts = { resolve: n.value, tcp: n.value, tls: n.value, connack: n.value, access: n.value };
    b.map(opt.name, `every phase's time limit ${n.value} ms`, line);
  } else {
    b.settings.properties = { ...b.settings.properties, sessionExpiryInterval: n.value };
    b.map(opt.name, `MQTT 5 session expiry ${n.value} s`, line);
  }
  return ok(true);
}

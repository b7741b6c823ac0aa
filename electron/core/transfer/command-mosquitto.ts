/**
 * `mosquitto_pub` / `mosquitto_sub` / `mosquitto_rr` (mosquitto 2.0 clients, their `--help`):
 * TLS is on with `--cafile`, `--capath` or `--tls-use-os-certs`; the port then defaults to 8883,
 * else 1883; `-V` defaults to mqttv311; `--insecure` skips only the host name check;
 * `--tls-version` is the lowest version offered; `-L mqtt(s)://[user[:password]@]host[:port]/topic`
 * names the broker as a URL.
 */
import { generateClientId } from '../../../shared/profile/client-id';
import { err, ok, type Result } from '../../../shared/result';
import type { CommandLine } from './command-line';
import { ignoreRest, intOf, parseOptions, portOf, secretArg, type FoundOption, type OptionSpec } from './command-options';
import type { HoconSyntaxError } from './hocon';
import { hostPort } from '../../../shared/connect/settings';
import { ProfileBuilder } from './profile-builder';
import { defaultPort, parseMqttVersion, parseTlsVersion, tlsLabel } from './source-values';

const o = (takes: OptionSpec['takes'], ...names: string[]): OptionSpec => ({ names, takes });

const SPECS: OptionSpec[] = [
  o(1, '-h', '--host'),
  o(1, '-p', '--port'),
  o(1, '-L', '--url'),
  o(1, '-i', '--id'),
  o(1, '-I', '--id-prefix'),
  o(1, '-u', '--username'),
  o(1, '-P', '--pw'),
  o(1, '-k', '--keepalive'),
  o(1, '-V', '--protocol-version'),
  o(0, '-c', '--disable-clean-session'),
  o(1, '-x', '--session-expiry-interval'),
  o((next) => (next[1]?.text === 'user-property' ? 4 : 3), '-D', '--property'),
  o(1, '--cafile'),
  o(1, '--capath'),
  o(1, '--cert'),
  o(1, '--key'),
  o(1, '--keyform'),
  o(1, '--tls-version'),
  o(0, '--insecure'),
  o(1, '--tls-alpn'),
  o(0, '--tls-use-os-certs'),
  o(1, '--tls-engine'),
  o(1, '--tls-engine-kpass-sha1'),
  o(1, '--ciphers'),
  o(1, '--tls13-ciphers'),
  o(1, '--psk'),
  o(1, '--psk-identity'),
  o(1, '--proxy'),
  o(1, '--will-topic'),
  o(1, '--will-payload'),
  o(1, '--will-qos'),
  o(0, '--will-retain'),
  o(1, '--unix'),
  o(1, '-A'),
  ...['-t', '-T', '-U', '-m', '-f', '-q', '-C', '-W', '-F', '-M', '-e', '--repeat', '--repeat-delay', '--random-filter'].map((n) =>
    o(1, n),
  ),
  ...[
    '-r',
    '-l',
    '-n',
    '-s',
    '-d',
    '-v',
    '-N',
    '-R',
    '-E',
    '-S',
    '--quiet',
    '--nodelay',
    '--pretty',
    '--retained-only',
    '--remove-retained',
    '--help',
  ].map((n) => o(0, n)),
];

const MESSAGES = 'what to publish or subscribe to: do that in the Messages tab once connected';
const OUTPUT = 'how the tool prints or exits, not part of the connection';
const REASONS: Record<string, string> = {
  '--keyform': 'keys in an engine are not read by Keyhole: give the key as a file',
  '--tls-engine': 'keys in an engine are not read by Keyhole: give the key as a file',
  '--tls-engine-kpass-sha1': 'keys in an engine are not read by Keyhole: give the key as a file',
  '--ciphers': "TLS tuning that Keyhole leaves to Node's defaults",
  '--tls13-ciphers': "TLS tuning that Keyhole leaves to Node's defaults",
  '--psk': 'TLS-PSK, which Keyhole does not speak (it uses certificates)',
  '--psk-identity': 'TLS-PSK, which Keyhole does not speak (it uses certificates)',
  '--proxy': 'Keyhole connects directly, not through a SOCKS proxy',
  '--unix': 'Keyhole connects over TCP, not a unix socket',
  '-A': 'the local address the tool connects from',
  ...Object.fromEntries(
    ['-t', '-T', '-U', '-m', '-f', '-q', '-r', '-l', '-n', '-s', '-e', '--repeat', '--repeat-delay', '--remove-retained'].map((k) => [
      k,
      MESSAGES,
    ]),
  ),
  ...Object.fromEntries(
    [
      '-C',
      '-W',
      '-F',
      '-M',
      '-d',
      '-v',
      '-N',
      '-R',
      '-E',
      '-S',
      '--quiet',
      '--nodelay',
      '--pretty',
      '--retained-only',
      '--random-filter',
      '--help',
    ].map((k) => [k, OUTPUT]),
  ),
};

const CONNECT_PROPERTIES: Record<string, 'sessionExpiryInterval' | 'receiveMaximum' | 'maximumPacketSize' | 'topicAliasMaximum'> = {
  'session-expiry-interval': 'sessionExpiryInterval',
  'receive-maximum': 'receiveMaximum',
  'maximum-packet-size': 'maximumPacketSize',
  'topic-alias-maximum': 'topicAliasMaximum',
};

/** A URL's percent-encoded part, decoded; null when an escape is not valid UTF-8 (`%zz`, a lone `%C3`). */
function decodePart(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** `-L mqtt(s)://[user[:password]@]host[:port]/topic`. */
function mapUrl(b: ProfileBuilder, opt: FoundOption, cmd: CommandLine): Result<void, HoconSyntaxError> {
  const v = opt.values[0]!;
  let url: URL;
  try {
    url = new URL(v.text);
  } catch {
    return err({ line: v.line, column: v.column, message: `-L takes mqtt://host[:port]/topic or mqtts://…, not "${v.text}".` });
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'mqtt' && scheme !== 'mqtts')
    return err({ line: v.line, column: v.column, message: `-L takes an mqtt:// or mqtts:// URL, not ${scheme}://.` });
  b.settings.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.port) b.settings.port = Number(url.port);
  b.map('-L', `broker ${scheme}://${url.host}`, v.line);
  const username = decodePart(url.username);
  const password = decodePart(url.password);
  if (username === null || password === null)
    return err({
      line: v.line,
      column: v.column,
      message: `The ${username === null ? 'user name' : 'password'} in the -L URL has a "%" escape that is not valid UTF-8; write it as %XX bytes of UTF-8.`,
    });
  if (url.username) {
    b.settings.username = username;
    b.map('-L', `username ${b.settings.username}`, v.line);
  }
  if (url.password)
    secretArg(b, 'password', { ...opt, name: '-L (password in the URL)', values: [{ ...v, text: password, env: null }] }, cmd.assignments);
  return ok(undefined);
}

/** The profile a mosquitto client command line describes. */
export function mapMosquittoCommand(cmd: CommandLine): Result<ProfileBuilder, HoconSyntaxError> {
  const parsed = parseOptions(cmd.args, SPECS, { attached: false });
  if (!parsed.ok) return parsed;
  const b = new ProfileBuilder('mosquitto-cli', null, `mosquitto_${cmd.subcommand}`);
  const opts = parsed.value.options;
  const has = (k: string) => opts.some((x) => x.key === k);
  const tls =
    has('--cafile') ||
    has('--capath') ||
    has('--tls-use-os-certs') ||
    opts.some((x) => x.key === '-L' && /^mqtts:/i.test(x.values[0]!.text));
  b.settings.mqttVersion = '3.1.1';
  b.settings.verify = 'full';
  const handled = new Set<string>();
  for (const opt of opts) {
    handled.add(opt.key);
    const v = opt.values[0];
    const line = opt.word.line;
    switch (opt.key) {
      case '-h':
        b.settings.host = v!.text;
        b.map(opt.name, `host ${v!.text}`, line);
        break;
      case '-p': {
        const port = portOf(opt);
        if (!port.ok) return port;
        b.settings.port = port.value;
        b.map(opt.name, `port ${port.value}`, line);
        break;
      }
      case '-L': {
        const url = mapUrl(b, opt, cmd);
        if (!url.ok) return url;
        break;
      }
      case '-i':
        b.settings.clientId = v!.text;
        b.map(opt.name, `client id ${v!.text}`, line);
        break;
      case '-I':
        b.settings.clientId = v!.text;
        b.map(opt.name, `client id ${v!.text} (mosquitto adds its process id to this prefix)`, line);
        break;
      case '-u':
        b.settings.username = v!.text;
        b.map(opt.name, `username ${v!.text}`, line);
        break;
      case '-P':
        secretArg(b, 'password', opt, cmd.assignments);
        break;
      case '-k': {
        const k = intOf(opt, 65535);
        if (!k.ok) return k;
        b.settings.keepalive = k.value;
        b.map(opt.name, `keepalive ${k.value} s`, line);
        break;
      }
      case '-V': {
        const version = parseMqttVersion(v!.text);
        if (version === null)
          return err({ line: v!.line, column: v!.column, message: `-V takes mqttv5, mqttv311 or mqttv31, not "${v!.text}".` });
        b.settings.mqttVersion = version === '5' ? '5' : '3.1.1';
        b.map(opt.name, version === '3.1' ? 'MQTT 3.1.1 (MQTT 3.1 is not supported by Keyhole)' : `MQTT ${version}`, line);
        break;
      }
      case '-c':
        b.settings.cleanStart = false;
        b.map(opt.name, 'clean start off', line);
        break;
      case '-x': {
        const x = v!.text === '-1' || v!.text === '∞' ? { ok: true as const, value: 0xffffffff } : intOf(opt, 0xffffffff);
        if (!x.ok) return x;
        b.settings.properties = { ...b.settings.properties, sessionExpiryInterval: x.value };
        b.map(opt.name, `MQTT 5 session expiry ${x.value} s`, line);
        break;
      }
      case '-D':
        mapProperty(b, opt);
        break;
      default:
        if (!mapTlsOption(b, opt, tls)) handled.delete(opt.key);
    }
  }
  mapWill(b, opts, handled);
  ignoreRest(b, parsed.value, handled, REASONS, cmd.program);
  finish(b, tls, has('-i') || has('-I'));
  return ok(b);
}

/** `-D connect <property> <value>` (and `user-property <name> <value>`); other packets' properties are left out. */
function mapProperty(b: ProfileBuilder, opt: FoundOption): void {
  const [packet, prop, ...rest] = opt.values.map((w) => w.text);
  const source = `-D ${packet} ${prop}`;
  if (packet !== 'connect') return b.ignore(source, 'a property of another packet than CONNECT', opt.word.line);
  const key = CONNECT_PROPERTIES[prop!];
  if (key && /^\d+$/.test(rest[0] ?? '')) {
    b.settings.properties = { ...b.settings.properties, [key]: Number(rest[0]) };
    return b.map(source, `MQTT 5 ${key} ${rest[0]}`, opt.word.line);
  }
  if (prop === 'user-property' && rest.length === 2) {
    const user = { ...(b.settings.properties?.userProperties ?? {}), [rest[0]!]: rest[1]! };
    b.settings.properties = { ...b.settings.properties, userProperties: user };
    return b.map(source, `MQTT 5 user property ${rest[0]}`, opt.word.line);
  }
  b.ignore(source, 'not a CONNECT property Keyhole sends', opt.word.line);
}

/** The TLS options; false for an option that is not one. */
function mapTlsOption(b: ProfileBuilder, opt: FoundOption, tls: boolean): boolean {
  const v = opt.values[0]?.text ?? '';
  const line = opt.word.line;
  switch (opt.key) {
    case '--cafile':
      b.file('ca', v, opt.name, line);
      return true;
    case '--capath':
      b.caFolder(v, opt.name, line);
      return true;
    case '--tls-use-os-certs':
      b.settings.useSystemCa = true;
      b.map(opt.name, "the system's trust store", line);
      return true;
    case '--cert':
      b.file('cert', v, opt.name, line);
      return true;
    case '--key':
      b.file('key', v, opt.name, line);
      return true;
    case '--insecure':
      if (tls) {
        b.settings.verify = 'chain-only';
        b.map(opt.name, 'broker certificate chain checked, host name not checked', line);
      } else b.ignore(opt.name, 'not used: TLS is off', line);
      return true;
    case '--tls-version': {
      const t = parseTlsVersion(v);
      if (t === 'TLSv1.2' || t === 'TLSv1.3') {
        b.settings.tlsMin = t;
        b.map(opt.name, `${tlsLabel(t)} or later`, line);
      } else b.ignore(opt.name, t === 'old' ? 'Keyhole speaks TLS 1.2 and 1.3 only' : `"${v}" is not a TLS version`, line);
      return true;
    }
    case '--tls-alpn':
      b.settings.alpn = [v];
      b.map(opt.name, `ALPN ${v}`, line);
      return true;
    default:
      return false;
  }
}

function mapWill(b: ProfileBuilder, opts: FoundOption[], handled: Set<string>): void {
  const topic = opts.find((x) => x.key === '--will-topic');
  for (const k of ['--will-topic', '--will-payload', '--will-qos', '--will-retain']) handled.add(k);
  if (!topic) {
    for (const x of opts.filter((y) => y.key.startsWith('--will-'))) b.ignore(x.name, 'a will needs --will-topic', x.word.line);
    return;
  }
  const qos = Number(opts.find((x) => x.key === '--will-qos')?.values[0]?.text ?? 0);
  b.settings.will = {
    topic: topic.values[0]!.text,
    payload: opts.find((x) => x.key === '--will-payload')?.values[0]?.text ?? '',
    qos: qos === 1 || qos === 2 ? qos : 0,
    retain: opts.some((x) => x.key === '--will-retain'),
  };
  b.map('--will-*', `will on ${b.settings.will.topic}`, topic.word.line);
}

/** Defaults of the tool for what the line does not say. */
function finish(b: ProfileBuilder, tls: boolean, idGiven: boolean): void {
  b.settings.protocol = tls ? 'mqtts' : 'mqtt';
  b.settings.port ??= defaultPort(tls);
  if (!b.settings.host) {
    b.settings.host = 'localhost';
    b.map('(no -h)', "host localhost, the tool's default");
  }
  if (!idGiven) {
    b.settings.clientId = generateClientId();
    b.note(`The line gives no client id (-i), so the tool would make one up; this profile uses ${b.settings.clientId}.`);
  }
  if (!tls && b.files.length)
    b.note(
      'The line names certificate files but no --cafile, --capath or --tls-use-os-certs, so the tool would not use TLS, and neither does this profile.',
    );
  if (b.settings.properties && b.settings.mqttVersion !== '5') {
    delete b.settings.properties;
    b.note('MQTT 5 properties (-x, -D) are left out: the line uses MQTT 3.1.1 (add -V mqttv5).');
  }
  b.name = `${hostPort(b.settings.host, b.settings.port)} (${b.name})`;
}

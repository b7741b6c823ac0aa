/**
 * MQTTX CLI (`mqttx conn|sub|pub`, commander options): MQTT 5 by default, host localhost,
 * `-l mqtt|mqtts|ws|wss` (default mqtt), keepalive 30, a generated client id, `--insecure` turns
 * broker verification off (mqtt.js `rejectUnauthorized: false`). mqtt.js, which MQTTX uses,
 * upgrades `mqtt://` to TLS when a client certificate and key are given (DESIGN §4).
 */
import { generateClientId } from '../../../shared/profile/client-id';
import { err, ok, type Result } from '../../../shared/result';
import type { CommandLine } from './command-line';
import { ignoreRest, intOf, parseOptions, portOf, secretArg, type FoundOption, type OptionSpec } from './command-options';
import type { HoconSyntaxError } from './hocon';
import { hostPort } from '../../../shared/connect/settings';
import { ProfileBuilder } from './profile-builder';
import { parseMqttVersion } from './source-values';

const o = (takes: OptionSpec['takes'], ...names: string[]): OptionSpec => ({ names, takes });

const SPECS: OptionSpec[] = [
  o(1, '-V', '--mqtt-version'),
  o(1, '-h', '--hostname'),
  o(1, '-p', '--port'),
  o(1, '-i', '--client-id'),
  o(0, '--no-clean'),
  o(1, '-k', '--keepalive'),
  o(1, '-u', '--username'),
  o(1, '-P', '--password'),
  o(1, '-l', '--protocol'),
  o(1, '--path'),
  o(1, '--key'),
  o(1, '--cert'),
  o(1, '--ca'),
  o(0, '--insecure'),
  o('many', '--alpn'),
  o(1, '-se', '--session-expiry-interval'),
  o(1, '--rcv-max', '--receive-maximum'),
  o(1, '--maximum-packet-size'),
  o(1, '--topic-alias-maximum'),
  o(0, '--req-response-info'),
  o(0, '--no-req-problem-info'),
  o('many', '-up', '--user-properties'),
  o(1, '-Wt', '--will-topic'),
  o(1, '-Wm', '--will-message'),
  o(1, '-Wq', '--will-qos'),
  o(0, '-Wr', '--will-retain'),
  o('many', '-wh', '--ws-headers'),
  o(1, '-rp', '--reconnect-period'),
  o(1, '--maximum-reconnect-times'),
  ...[
    '-m',
    '--message',
    '-f',
    '--format',
    '--file-read',
    '--file-write',
    '--file-save',
    '--delimiter',
    '--output-mode',
    '-c',
    '--count',
    '-I',
    '--interval',
  ].map((n) => o(1, n)),
  o('many', '-t', '--topic'),
  o('many', '-q', '--qos'),
  ...['-r', '--retain', '-s', '--stdin', '-M', '--multiline', '-v', '--verbose', '--debug', '--save', '--config'].map((n) => o(0, n)),
];

const MESSAGES = 'what to publish or subscribe to: do that in the Messages tab once connected';
const REASONS: Record<string, string> = {
  '-wh': 'custom WebSocket upgrade headers: Keyhole sends the upgrade request as RFC 6455 describes it, without extra headers',
  '-rp': 'Keyhole makes one attempt and reports it; it does not reconnect',
  '--maximum-reconnect-times': 'Keyhole makes one attempt and reports it; it does not reconnect',
  ...Object.fromEntries(['-t', '-q', '-m', '-r', '-s', '-M', '--file-read'].map((k) => [k, MESSAGES])),
  ...Object.fromEntries(
    ['-f', '--file-write', '--file-save', '--delimiter', '--output-mode', '-v', '--debug', '--save', '--config', '-c', '-I'].map((k) => [
      k,
      'how the tool prints, saves or repeats, not part of the connection',
    ]),
  ),
};

const NUMERIC: Record<string, 'sessionExpiryInterval' | 'receiveMaximum' | 'maximumPacketSize' | 'topicAliasMaximum'> = {
  '-se': 'sessionExpiryInterval',
  '--rcv-max': 'receiveMaximum',
  '--maximum-packet-size': 'maximumPacketSize',
  '--topic-alias-maximum': 'topicAliasMaximum',
};

/** The profile an MQTTX CLI command line describes. */
export function mapMqttxCommand(cmd: CommandLine): Result<ProfileBuilder, HoconSyntaxError> {
  const sub = cmd.subcommand;
  if (sub === null || !['conn', 'sub', 'pub', 'bench'].includes(sub)) {
    const w = cmd.args[0] ?? { line: cmd.line, column: 1 };
    return err({
      line: w.line,
      column: w.column,
      message: `mqttx ${sub ?? ''} is not a command that connects: use mqttx conn, sub or pub.`.replace('  ', ' '),
    });
  }
  const args = sub === 'bench' ? cmd.args.slice(1) : cmd.args;
  const parsed = parseOptions(args, SPECS, { attached: true });
  if (!parsed.ok) return parsed;
  const b = new ProfileBuilder('mqttx-cli', null, `mqttx ${sub}`);
  Object.assign(b.settings, { mqttVersion: '5', keepalive: 30, verify: 'full' });
  let scheme = 'mqtt';
  const handled = new Set<string>();
  for (const opt of parsed.value.options) {
    handled.add(opt.key);
    const r = mapOption(b, opt, cmd);
    if (!r.ok) return r;
    if (r.value === 'scheme') scheme = opt.values[0]!.text.toLowerCase();
    else if (r.value === 'no') handled.delete(opt.key);
  }
  mapWill(b, parsed.value.options, handled);
  ignoreRest(b, parsed.value, handled, REASONS, 'mqttx');
  finish(b, scheme, parsed.value.options);
  return ok(b);
}

function mapOption(b: ProfileBuilder, opt: FoundOption, cmd: CommandLine): Result<'ok' | 'no' | 'scheme', HoconSyntaxError> {
  const v = opt.values[0];
  const line = opt.word.line;
  const numeric = NUMERIC[opt.key];
  if (numeric) {
    const n = intOf(opt, 0xffffffff);
    if (!n.ok) return n;
    b.settings.properties = { ...b.settings.properties, [numeric]: n.value };
    b.map(opt.name, `MQTT 5 ${numeric} ${n.value}`, line);
    return ok('ok');
  }
  switch (opt.key) {
    case '-V': {
      const version = parseMqttVersion(v!.text);
      if (version === null) return err({ line: v!.line, column: v!.column, message: `-V takes 5, 3.1.1 or 3.1, not "${v!.text}".` });
      b.settings.mqttVersion = version === '5' ? '5' : '3.1.1';
      b.map(opt.name, version === '3.1' ? 'MQTT 3.1.1 (MQTT 3.1 is not supported by Keyhole)' : `MQTT ${version}`, line);
      return ok('ok');
    }
    case '-h':
      b.settings.host = v!.text;
      b.map(opt.name, `host ${v!.text}`, line);
      return ok('ok');
    case '-p': {
      const port = portOf(opt);
      if (!port.ok) return port;
      b.settings.port = port.value;
      b.map(opt.name, `port ${port.value}`, line);
      return ok('ok');
    }
    case '-i':
      b.settings.clientId = v!.text;
      b.map(opt.name, `client id ${v!.text}`, line);
      return ok('ok');
    case '--no-clean':
      b.settings.cleanStart = false;
      b.map(opt.name, 'clean start off', line);
      return ok('ok');
    case '-k': {
      const k = intOf(opt, 65535);
      if (!k.ok) return k;
      b.settings.keepalive = k.value;
      b.map(opt.name, `keepalive ${k.value} s`, line);
      return ok('ok');
    }
    case '-u':
      b.settings.username = v!.text;
      b.map(opt.name, `username ${v!.text}`, line);
      return ok('ok');
    case '-P':
      secretArg(b, 'password', opt, cmd.assignments);
      return ok('ok');
    case '-l': {
      const proto = v!.text.toLowerCase();
      if (!['mqtt', 'mqtts', 'ws', 'wss'].includes(proto))
        return err({ line: v!.line, column: v!.column, message: `-l takes mqtt, mqtts, ws or wss, not "${v!.text}".` });
      return ok('scheme');
    }
    case '--ca':
    case '--cert':
    case '--key':
      b.file(opt.key === '--ca' ? 'ca' : opt.key === '--cert' ? 'cert' : 'key', v!.text, opt.name, line);
      return ok('ok');
    case '--path':
      // Used with -l ws|wss; finish() drops it for the other transports.
      b.settings.path = v!.text;
      b.map(opt.name, `WebSocket path ${v!.text}`, line);
      return ok('ok');
    case '--insecure':
      b.settings.verify = 'off';
      b.map(opt.name, 'broker certificate not verified (reports still say what verification would have found)', line);
      return ok('ok');
    case '--alpn':
      b.settings.alpn = opt.values.map((w) => w.text);
      b.map(opt.name, `ALPN ${b.settings.alpn.join(', ')}`, line);
      return ok('ok');
    case '--req-response-info':
    case '--no-req-problem-info': {
      const k = opt.key === '--req-response-info' ? 'requestResponseInformation' : 'requestProblemInformation';
      b.settings.properties = { ...b.settings.properties, [k]: opt.key === '--req-response-info' };
      b.map(opt.name, `MQTT 5 ${k} ${opt.key === '--req-response-info'}`, line);
      return ok('ok');
    }
    case '-up': {
      const user: Record<string, string> = { ...(b.settings.properties?.userProperties as Record<string, string> | undefined) };
      for (const w of opt.values) {
        const m = /^([^:]+):\s*(.*)$/.exec(w.text);
        if (!m) return err({ line: w.line, column: w.column, message: `-up takes "name: value" pairs, not "${w.text}".` });
        user[m[1]!.trim()] = m[2]!;
      }
      b.settings.properties = { ...b.settings.properties, userProperties: user };
      b.map(opt.name, `MQTT 5 user properties ${Object.keys(user).join(', ')}`, line);
      return ok('ok');
    }
    default:
      return ok('no');
  }
}

function mapWill(b: ProfileBuilder, opts: FoundOption[], handled: Set<string>): void {
  const topic = opts.find((x) => x.key === '-Wt');
  for (const k of ['-Wt', '-Wm', '-Wq', '-Wr']) handled.add(k);
  if (!topic) return;
  const qos = Number(opts.find((x) => x.key === '-Wq')?.values[0]?.text ?? 0);
  b.settings.will = {
    topic: topic.values[0]!.text,
    payload: opts.find((x) => x.key === '-Wm')?.values[0]?.text ?? '',
    qos: qos === 1 || qos === 2 ? qos : 0,
    retain: opts.some((x) => x.key === '-Wr'),
  };
  b.map(topic.name, `will on ${b.settings.will.topic}`, topic.word.line);
}

const PORTS: Record<string, number> = { mqtt: 1883, mqtts: 8883, ws: 8083, wss: 8084 };

function finish(b: ProfileBuilder, scheme: string, opts: FoundOption[]): void {
  let tls = scheme === 'mqtts' || scheme === 'wss';
  const has = (k: string) => opts.some((x) => x.key === k);
  if (scheme === 'mqtt' && has('--cert') && has('--key')) {
    tls = true;
    b.note('MQTTX (mqtt.js) upgrades mqtt:// to TLS when a client certificate and key are given, so this profile uses mqtts://.');
  }
  const ws = scheme === 'ws' || scheme === 'wss';
  // MQTTX connects over a WebSocket with -l ws|wss (mqtt.js, path /mqtt unless --path says otherwise).
  const protocol = ws ? (tls ? 'wss' : 'ws') : tls ? 'mqtts' : 'mqtt';
  b.settings.protocol = protocol;
  if (!ws && b.settings.path !== undefined) {
    delete b.settings.path;
    b.note('--path is the WebSocket path, and this line connects over MQTT: it is not used.');
  }
  b.settings.port ??= PORTS[scheme]!;
  b.map(has('-l') ? '-l' : '(no -l)', `${protocol}://, port ${b.settings.port}${ws ? `, path ${b.settings.path ?? '/mqtt'}` : ''}`);
  if (!b.settings.host) {
    b.settings.host = 'localhost';
    b.map('(no -h)', "host localhost, the tool's default");
  }
  if (!has('-i')) {
    b.settings.clientId = generateClientId();
    b.note(`The line gives no client id (-i), so MQTTX would make one up; this profile uses ${b.settings.clientId}.`);
  }
  if (b.settings.properties && b.settings.mqttVersion !== '5') {
    delete b.settings.properties;
    b.note('MQTT 5 properties are left out: the line uses MQTT 3.1.1.');
  }
  b.name = `${hostPort(b.settings.host, b.settings.port)} (${b.name})`;
}

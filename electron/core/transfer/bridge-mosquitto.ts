/**
 * Bridges of mosquitto.conf(5): a `connection <name>` line starts a bridge, and the options up
 * to the next `connection` belong to it. TLS is on when `bridge_cafile` or `bridge_capath` is
 * set; `bridge_insecure true` skips only the host name check; `bridge_tls_version` is the lowest
 * version offered (mosquitto 2.0 takes `tlsv1.2` as "1.2 or later"); the default protocol version
 * is MQTT 3.1.1 and the default client id `<connection name>.<hostname>`.
 */
import { err, ok, type Result } from '../../../shared/result';
import type { HoconSyntaxError } from './hocon';
import type { ConfigLine } from './config-lines';
import { ProfileBuilder } from './profile-builder';
import { defaultPort, parseAddress, parseDuration, parseMqttVersion, parseSwitch, parseTlsVersion, tlsLabel } from './source-values';

/** One `connection` section. */
export interface MosquittoBridge {
  name: string;
  line: number;
  options: ConfigLine[];
}

/** Options that only make sense inside a `connection` section (mosquitto.conf(5), "Configuring Bridges"). */
const BRIDGE_ONLY =
  /^(address|addresses|bridge_[a-z_0-9]+|remote_(clientid|username|password)|local_(clientid|username|password)|cleansession|keepalive_interval|notifications|notifications_local_only|notification_topic|restart_timeout|round_robin|start_type|threshold|topic|try_private|idle_timeout|clientid|username|password)$/;

/** The `connection` sections of a mosquitto.conf; an error names a bridge option outside any. */
export function mosquittoBridges(lines: ConfigLine[]): Result<{ bridges: MosquittoBridge[]; other: number }, HoconSyntaxError> {
  const bridges: MosquittoBridge[] = [];
  let current: MosquittoBridge | null = null;
  let other = 0;
  for (const l of lines) {
    if (l.key === 'connection') {
      if (!l.value) return err({ line: l.line, column: l.valueColumn, message: '"connection" needs the bridge\'s name.' });
      current = { name: l.value, line: l.line, options: [] };
      bridges.push(current);
    } else if (l.key === 'listener' || l.key === 'include_dir') {
      // A listener section ends nothing in mosquitto, but what follows is no longer about the bridge.
      other++;
    } else if (current) current.options.push(l);
    else if (BRIDGE_ONLY.test(l.key) && !['clientid', 'username', 'password'].includes(l.key))
      return err({ line: l.line, column: 1, message: `"${l.key}" belongs to a bridge, but no "connection NAME" line comes before it.` });
    else other++;
  }
  if (!bridges.length)
    return err({ line: 1, column: 1, message: 'No "connection NAME" line: this mosquitto configuration has no bridge.' });
  return ok({ bridges, other });
}

const ROUTING = 'topic routing of the bridge: Keyhole tests the connection; subscribe and publish in the Messages tab once connected';
const LIFECYCLE = 'when and how often mosquitto runs the bridge, not part of one connection attempt';
const IGNORED: Record<string, string> = {
  topic: ROUTING,
  try_private: 'a flag the remote broker reads to treat the client as a bridge; Keyhole connects as a plain client',
  notifications: 'bridge state messages mosquitto publishes',
  notifications_local_only: 'bridge state messages mosquitto publishes',
  notification_topic: 'bridge state messages mosquitto publishes',
  local_clientid: "the bridge's client on the local broker",
  local_username: "the bridge's client on the local broker",
  local_password: "the bridge's client on the local broker",
  restart_timeout: LIFECYCLE,
  round_robin: LIFECYCLE,
  start_type: LIFECYCLE,
  threshold: LIFECYCLE,
  idle_timeout: LIFECYCLE,
  bridge_attempt_unsubscribe: ROUTING,
  bridge_outgoing_retain: ROUTING,
  bridge_max_packet_size: 'a limit mosquitto applies to what it forwards',
  bridge_max_topic_alias: ROUTING,
  bridge_receive_maximum: 'an MQTT 5 limit mosquitto applies to what it forwards',
  bridge_session_expiry_interval: 'the session of the bridge',
  bridge_bind_address: 'the local address mosquitto connects from',
  bridge_require_ocsp: 'OCSP stapling checks, which Keyhole does not make',
  bridge_identity: 'TLS-PSK, which Keyhole does not speak (it uses certificates)',
  bridge_psk: 'TLS-PSK, which Keyhole does not speak (it uses certificates)',
  bridge_ciphers: "TLS tuning that Keyhole leaves to Node's defaults",
  bridge_ciphers_tls1_3: "TLS tuning that Keyhole leaves to Node's defaults",
};

/** The profile a `connection` section describes. */
export function mapMosquittoBridge(bridge: MosquittoBridge): ProfileBuilder {
  const b = new ProfileBuilder('mosquitto-bridge', bridge.name, `mosquitto bridge ${bridge.name}`);
  const opts = bridge.options;
  const tls = opts.some((o) => (o.key === 'bridge_cafile' || o.key === 'bridge_capath') && o.value !== '');
  b.settings.protocol = tls ? 'mqtts' : 'mqtt';
  b.settings.mqttVersion = '3.1.1';
  // mosquitto's own default: the connection name and this machine's name, which is not known here.
  b.settings.clientId = bridge.name;
  b.map('connection', `profile name; client id ${bridge.name} unless remote_clientid says otherwise`, bridge.line);
  if (tls) b.settings.verify = 'full';
  for (const o of opts) mapOption(b, o, tls);
  if (!opts.some((o) => o.key === 'remote_clientid' || o.key === 'clientid'))
    b.note(
      `mosquitto names the bridge's client "${bridge.name}.<hostname>"; this profile uses "${bridge.name}": set the client id the broker expects.`,
    );
  return b;
}

function mapOption(b: ProfileBuilder, o: ConfigLine, tls: boolean): void {
  const { key, value: v, line } = o;
  if (v === '' && !['bridge_insecure'].includes(key)) return b.ignore(key, 'it has no value', line);
  switch (key) {
    case 'address':
    case 'addresses': {
      const list = v.split(/[\s,]+/).filter(Boolean);
      const addr = parseAddress(list[0]!);
      if (!addr.ok) return b.ignore(key, addr.error, line);
      const port = addr.value.port ?? defaultPort(false);
      Object.assign(b.settings, { host: addr.value.host, port });
      b.map(
        key,
        `broker ${tls ? 'mqtts' : 'mqtt'}://${addr.value.host}:${port}${tls ? ' (TLS: bridge_cafile or bridge_capath is set)' : ''}`,
        line,
      );
      if (list.length > 1) b.note(`The bridge lists ${list.length} addresses to try in turn; this profile uses the first, ${list[0]}.`);
      return;
    }
    case 'remote_clientid':
    case 'clientid':
      b.settings.clientId = v;
      return b.map(key, `client id ${v}`, line);
    case 'remote_username':
    case 'username':
      b.settings.username = v;
      return b.map(key, `username ${v}`, line);
    case 'remote_password':
    case 'password':
      return b.secret('password', v, key, line);
    case 'cleansession': {
      const on = parseSwitch(v);
      if (on === null) return b.ignore(key, `"${v}" is not true or false`, line);
      b.settings.cleanStart = on;
      return b.map(key, `clean start ${on ? 'on' : 'off'}`, line);
    }
    case 'keepalive_interval': {
      const s = parseDuration(v);
      if (s === null || s > 65535) return b.ignore(key, `"${v}" is not a keepalive in seconds`, line);
      b.settings.keepalive = s;
      return b.map(key, `keepalive ${s} s`, line);
    }
    case 'bridge_protocol_version': {
      const version = parseMqttVersion(v);
      if (version === null) return b.ignore(key, `"${v}" is not mqttv50, mqttv311 or mqttv31`, line);
      b.settings.mqttVersion = version === '5' ? '5' : '3.1.1';
      return b.map(key, version === '3.1' ? 'MQTT 3.1.1 (MQTT 3.1 is not supported by Keyhole)' : `MQTT ${version}`, line);
    }
    default:
      return mapTls(b, o, tls);
  }
}

function mapTls(b: ProfileBuilder, o: ConfigLine, tls: boolean): void {
  const { key, value: v, line } = o;
  const tlsKeys = [
    'bridge_cafile',
    'bridge_capath',
    'bridge_certfile',
    'bridge_keyfile',
    'bridge_insecure',
    'bridge_tls_version',
    'bridge_alpn',
  ];
  if (tlsKeys.includes(key) && !tls) return b.ignore(key, 'not used: TLS is off (no bridge_cafile or bridge_capath)', line);
  switch (key) {
    case 'bridge_cafile':
      return b.file('ca', v, key, line);
    case 'bridge_capath':
      if (/^\/etc\/ssl\/certs\/?$|^\/etc\/pki\/tls\/certs\/?$/.test(v)) {
        b.settings.useSystemCa = true;
        return b.map(key, "the system's trust store", line);
      }
      return b.ignore(
        key,
        `${v} is a folder of CA certificates, which Keyhole does not read: add the CA files in the profile editor`,
        line,
      );
    case 'bridge_certfile':
      return b.file('cert', v, key, line);
    case 'bridge_keyfile':
      return b.file('key', v, key, line);
    case 'bridge_insecure': {
      const on = parseSwitch(v || 'true');
      if (on === null) return b.ignore(key, `"${v}" is not true or false`, line);
      b.settings.verify = on ? 'chain-only' : 'full';
      return b.map(key, on ? 'broker certificate chain checked, host name not checked' : 'broker certificate verified', line);
    }
    case 'bridge_tls_version': {
      const t = parseTlsVersion(v);
      if (t === 'TLSv1.2' || t === 'TLSv1.3') {
        b.settings.tlsMin = t;
        return b.map(key, `${tlsLabel(t)} or later`, line);
      }
      return b.ignore(key, t === 'old' ? 'Keyhole speaks TLS 1.2 and 1.3 only' : `"${v}" is not a TLS version`, line);
    }
    case 'bridge_alpn':
      b.settings.alpn = [v];
      return b.map(key, `ALPN ${v}`, line);
    default:
      return b.ignore(key, IGNORED[key] ?? (BRIDGE_ONLY.test(key) ? 'not a bridge option Keyhole uses' : 'not part of the bridge'), line);
  }
}

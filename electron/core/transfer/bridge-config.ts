/**
 * MQTT bridges of NanoMQ and EMQX as profiles. Both write a bridge as an object with the remote
 * broker (`server`), the MQTT options of the bridge's client and an `ssl` block:
 * - NanoMQ ≥ 0.19 `bridges.mqtt.<name> { server = "tls+mqtt-tcp://host:8883", proto_ver = 4,
 *   clientid, username, password, keepalive, clean_start, ssl { key_password, keyfile, certfile,
 *   cacertfile } }`; 0.14–0.18 `bridges.mqtt.nodes = [ { name, enable, connector { … } } ]`;
 *   the scheme of `server` decides TLS (`mqtt-tcp`, `tls+mqtt-tcp`, `mqtt-quic`).
 * - EMQX ≥ 5.4 `connectors.mqtt.<name> { server = "host:8883", proto_ver = "v5", ssl { enable,
 *   cacertfile, certfile, keyfile, password, verify, server_name_indication, versions } }`, 5.0–5.3
 *   `bridges.mqtt.<name>` with the same fields, and the JSON of its API (`GET /api/v5/connectors`),
 *   which masks secrets as "******"; `ssl.enable` decides TLS and `verify` defaults to verify_none.
 * The flat `bridge.mqtt.<name>.*` lines (NanoMQ < 0.14, EMQX 4) are read into the same shape first.
 */
import { brokerUrl } from '../../../shared/connect/settings';
import type { ConfigFormat } from '../../../shared/profile/config-import';
import { err, ok, type Result } from '../../../shared/result';
import type { HoconArray, HoconField, HoconObject, HoconValue } from './hocon';
import { ProfileBuilder } from './profile-builder';
import { defaultPort, parseAddress, parseDuration, parseMqttVersion, parseSwitch, parseTlsVersion, tlsLabel } from './source-values';

export type BridgeFlavor = 'nanomq' | 'emqx';

/** One bridge found in a document. */
export interface BridgeSource {
  name: string;
  format: ConfigFormat;
  flavor: BridgeFlavor;
  /** The object holding `server` and `ssl`. */
  conn: HoconObject;
  /** The bridge around a nested `connector`, for its own options; null when `conn` is the bridge. */
  outer: HoconObject | null;
}

const obj = (v: HoconValue | undefined): HoconObject | null => (v?.kind === 'object' ? v : null);
/** A scalar as text; null for objects, arrays and unresolved substitutions. */
export const textOf = (v: HoconValue | undefined): string | null =>
  v && (v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean') ? String(v.value) : null;
const hasServer = (o: HoconObject) => o.fields.has('server') || o.fields.has('address');
const scheme = (o: HoconObject) =>
  /^\s*([a-z+-]+):\/\//i.exec(textOf(o.fields.get('server')?.value ?? o.fields.get('address')?.value) ?? '')?.[1];

function flavorOf(conn: HoconObject, underConnectors: boolean): BridgeFlavor {
  if (underConnectors) return 'emqx';
  const s = scheme(conn)?.toLowerCase();
  if (s && /mqtt-(tcp|quic|tls)/.test(s)) return 'nanomq';
  const proto = conn.fields.get('proto_ver')?.value;
  if (proto?.kind === 'string' && /^v\d$/i.test(proto.value as string)) return 'emqx';
  return 'nanomq';
}

function fromNodes(nodes: HoconArray): BridgeSource[] {
  const out: BridgeSource[] = [];
  nodes.items.forEach((item, i) => {
    const node = obj(item);
    const conn = obj(node?.fields.get('connector')?.value);
    if (!node || !conn) return;
    out.push({ name: textOf(node.fields.get('name')?.value) ?? `node ${i + 1}`, format: 'nanomq', flavor: 'nanomq', conn, outer: node });
  });
  return out;
}

/** The MQTT bridges and connectors of a HOCON (or JSON) document. */
export function findBridges(root: HoconObject | HoconArray): Result<BridgeSource[], string> {
  if (root.kind === 'array') {
    // The EMQX API lists connectors as a JSON array.
    const list = root.items.map(obj).filter((o): o is HoconObject => o !== null && hasServer(o));
    return list.length ? ok(list.map((o, i) => apiConnector(o, i))) : err('The JSON array holds no connector with a "server".');
  }
  if (hasServer(root)) return ok([apiConnector(root, 0)]);
  const found: BridgeSource[] = [];
  const bridges = obj(obj(root.fields.get('bridges')?.value)?.fields.get('mqtt')?.value);
  const connectors = obj(obj(root.fields.get('connectors')?.value)?.fields.get('mqtt')?.value);
  for (const [name, field] of bridges?.fields ?? []) {
    if (name === 'nodes' && field.value.kind === 'array') found.push(...fromNodes(field.value));
    const o = obj(field.value);
    if (!o) continue;
    const nested = obj(o.fields.get('connector')?.value);
    if (nested && hasServer(nested)) found.push({ name, format: 'emqx', flavor: 'emqx', conn: nested, outer: o });
    else if (hasServer(o)) {
      const flavor = flavorOf(o, false);
      found.push({ name, format: flavor === 'emqx' ? 'emqx' : 'nanomq', flavor, conn: o, outer: null });
    }
  }
  for (const [name, field] of connectors?.fields ?? []) {
    const o = obj(field.value);
    if (o && hasServer(o)) found.push({ name, format: 'emqx', flavor: 'emqx', conn: o, outer: null });
  }
  if (found.length) return ok(found);
  const sslOnly =
    obj(root.fields.get('ssl')?.value) ?? (['cacertfile', 'certfile', 'keyfile'].some((k) => root.fields.has(k)) ? root : null);
  if (sslOnly)
    return err(
      'These are TLS options only (an ssl block): they do not name the broker. Paste the whole connector or bridge, with its server = "host:port".',
    );
  return err(
    'No MQTT bridge or connector was found: expected bridges.mqtt.<name> { server = … } (NanoMQ, EMQX 5.0–5.3), bridges.mqtt.nodes = [ … ] (NanoMQ 0.14–0.18) or connectors.mqtt.<name> { server = … } (EMQX 5.4+).',
  );
}

function apiConnector(o: HoconObject, i: number): BridgeSource {
  const name = textOf(o.fields.get('name')?.value) ?? `connector ${i + 1}`;
  const flavor = flavorOf(o, false);
  return { name, format: flavor === 'emqx' ? 'emqx' : 'nanomq', flavor, conn: o, outer: null };
}

const ROUTING = 'topic routing of the bridge: Keyhole tests the connection; subscribe and publish in the Messages tab once connected';
const QUEUEING = "queueing, resending and pooling inside the broker's bridge: not part of one connection attempt";
const QUIC = 'a QUIC transport option: Keyhole connects over TCP and TLS';
const LABEL = 'a name or description, not a connection setting';
const TLS_TUNING = "TLS tuning of the broker's client that Keyhole leaves to Node's defaults";
const LISTENER = 'a listener option (whether a broker asks its own clients for certificates), not used by a bridge';

const IGNORED: Record<string, string> = {
  forwards: ROUTING,
  subscription: ROUTING,
  ingress: ROUTING,
  egress: ROUTING,
  local: ROUTING,
  remote: ROUTING,
  forward_mountpoint: ROUTING,
  mountpoint: ROUTING,
  bridge_mode: 'a flag the remote broker reads to treat the client as a bridge; Keyhole connects as a plain client',
  max_parallel_processes: QUEUEING,
  parallel: QUEUEING,
  max_send_queue_len: QUEUEING,
  max_recv_queue_len: QUEUEING,
  resend_interval: QUEUEING,
  resend_wait: QUEUEING,
  cancel_timeout: QUEUEING,
  retry_qos_0: QUEUEING,
  retry_interval: QUEUEING,
  reconnect_interval: QUEUEING,
  max_inflight: QUEUEING,
  max_inflight_size: QUEUEING,
  batch_size: QUEUEING,
  pool_size: QUEUEING,
  resource_opts: QUEUEING,
  mqueue_type: QUEUEING,
  max_pending_messages: QUEUEING,
  start_type: QUEUEING,
  backoff_time: QUEUEING,
  max_backoff_time: QUEUEING,
  hybrid_bridging: QUIC,
  hybrid_servers: QUIC,
  multi_stream: QUIC,
  qos_first: QUIC,
  congestion_control: QUIC,
  quic_keepalive: QUIC,
  quic_idle_timeout: QUIC,
  quic_discon_timeout: QUIC,
  quic_handshake_timeout: QUIC,
  quic_send_idle_timeout: QUIC,
  quic_initial_rtt_ms: QUIC,
  quic_max_ack_delay_ms: QUIC,
  quic_0rtt: QUIC,
  quic_multi_stream: QUIC,
  name: LABEL,
  description: LABEL,
  type: LABEL,
  tags: LABEL,
  tcp: 'socket options of the broker (nodelay, keepalive probes)',
  transport: 'the transport the broker uses for the bridge',
  static_clientids: 'a list of client ids for the broker to rotate through; Keyhole uses the one client id of the profile',
  bridge: QUEUEING,
  status: 'the state the EMQX API reports, not a setting',
  node_status: 'the state the EMQX API reports, not a setting',
  actions: 'the EMQX actions using this connector',
  created_at: 'the state the EMQX API reports, not a setting',
  last_modified_at: 'the state the EMQX API reports, not a setting',
};

const SSL_IGNORED: Record<string, string> = {
  ciphers: TLS_TUNING,
  psk_ciphers: TLS_TUNING,
  depth: TLS_TUNING,
  reuse_sessions: TLS_TUNING,
  secure_renegotiate: TLS_TUNING,
  hibernate_after: TLS_TUNING,
  log_level: "EMQX's own TLS logging",
  handshake_timeout: TLS_TUNING,
  partial_chain: TLS_TUNING,
  middlebox_comp_mode: TLS_TUNING,
  user_lookup_fun: TLS_TUNING,
  verify_peer_ext_key_usage: TLS_TUNING,
  enable_crl_check: TLS_TUNING,
  verify_peer: LISTENER,
  fail_if_no_peer_cert: LISTENER,
  dhfile: LISTENER,
  honor_cipher_order: LISTENER,
  client_renegotiation: LISTENER,
};

/** The masked value the EMQX API returns for secrets. */
const MASKED = /^\*{6}$/;

/** The profile a bridge describes. */
export function mapBridge(src: BridgeSource): ProfileBuilder {
  const label = src.format === 'emqx' ? 'EMQX connector' : src.format === 'nanomq-flat' ? 'Bridge' : 'NanoMQ bridge';
  const b = new ProfileBuilder(src.format, src.name, `${label} ${src.name}`);
  const ssl = sslBlock(src);
  const tls = mapServer(b, src, ssl);
  const skip = new Set(['server', 'address', 'ssl', 'tls', 'connector', 'enable']);
  if (src.outer) {
    const enabled = src.outer.fields.get('enable');
    if (enabled && parseSwitch(textOf(enabled.value) ?? '') === false) b.note(`The bridge ${src.name} is disabled in this configuration.`);
    for (const f of src.outer.fields.values()) if (!skip.has(f.key)) mapOption(b, f);
  }
  for (const f of src.conn.fields.values()) {
    if (f.key === 'enable' && !src.outer) b.ignore('enable', 'whether the broker runs this connector', f.line);
    else if (!skip.has(f.key)) mapOption(b, f);
  }
  if (ssl) mapSsl(b, ssl.block, ssl.prefix, src.flavor, tls);
  return b;
}

function sslBlock(src: BridgeSource): { block: HoconObject; prefix: string; field: HoconField } | null {
  for (const prefix of ['ssl', 'tls']) {
    const field = src.conn.fields.get(prefix);
    if (field?.value.kind === 'object') return { block: field.value, prefix, field };
  }
  return null;
}

/** `server`: host, port and whether the bridge uses TLS (the scheme for NanoMQ, `ssl.enable` for EMQX). */
function mapServer(b: ProfileBuilder, src: BridgeSource, ssl: ReturnType<typeof sslBlock>): boolean {
  const field = src.conn.fields.get('server') ?? src.conn.fields.get('address');
  // No address at all: the profile is left without a host, and building it says so.
  if (!field) return false;
  const raw = textOf(field.value);
  if (raw === null) {
    b.ignore(field.key, 'its value is not a plain address (an unresolved substitution?)', field.line);
    return false;
  }
  // mosquitto-style failover lists and EMQX 4 may list several; the first is the one tried first.
  const first = raw.split(/[,\s]+/).filter(Boolean)[0] ?? raw;
  const addr = parseAddress(first);
  if (!addr.ok) {
    b.ignore(field.key, addr.error, field.line);
    return false;
  }
  const enableField = ssl?.block.fields.get('enable');
  const sslSwitch = src.conn.fields.get('ssl');
  const enabled =
    enableField !== undefined
      ? parseSwitch(textOf(enableField.value) ?? '')
      : sslSwitch && sslSwitch.value.kind !== 'object'
        ? parseSwitch(textOf(sslSwitch.value) ?? '')
        : null;
  let tls: boolean;
  const s = addr.value.scheme;
  if (s === null) tls = src.flavor === 'emqx' ? enabled === true : ssl !== null && enabled !== false;
  else if (['tls+mqtt-tcp', 'mqtt-tls', 'mqtts', 'ssl', 'tls'].includes(s)) tls = true;
  else if (s === 'mqtt-quic') {
    tls = true;
    b.note(
      `The bridge connects over QUIC (${first}); Keyhole connects over TCP and TLS, so this profile uses mqtts:// on the same host. Set the port to the broker's MQTT over TLS port (usually 8883).`,
    );
  } else if (['mqtt-tcp', 'mqtt', 'tcp'].includes(s)) tls = false;
  else if (s === 'ws' || s === 'wss') {
    tls = s === 'wss';
    b.note(
      `The bridge connects over ${s}://; this profile uses ${tls ? 'mqtts' : 'mqtt'}:// on the same host: set the broker's MQTT port.`,
    );
  } else {
    tls = false;
    b.note(`The scheme ${s}:// is not one Keyhole knows; this profile uses mqtt:// (plain TCP).`);
  }
  if (s && !['tls+mqtt-tcp', 'mqtt-tls', 'mqtts', 'ssl', 'tls', 'mqtt-quic'].includes(s) && ssl && enabled !== false) {
    b.note(
      `The ${ssl.prefix} options are not used with ${s}:// (NanoMQ takes TLS from the scheme: write tls+mqtt-tcp://${first.replace(/^[^:]+:\/\//, '')}).`,
    );
  }
  const port = addr.value.port ?? defaultPort(tls);
  Object.assign(b.settings, { host: addr.value.host, port, protocol: tls ? 'mqtts' : 'mqtt' });
  b.map(field.key, `broker ${brokerUrl(tls ? 'mqtts' : 'mqtt', addr.value.host, port)}`, field.line);
  if (enableField) b.map(`${ssl!.prefix}.enable`, tls ? 'TLS on' : 'TLS off', enableField.line);
  else if (sslSwitch && sslSwitch.value.kind !== 'object') b.map('ssl', tls ? 'TLS on' : 'TLS off', sslSwitch.line);
  return tls;
}

/** One option of a bridge (not its server or ssl block). */
function mapOption(b: ProfileBuilder, f: HoconField): void {
  const v = textOf(f.value);
  switch (f.key) {
    case 'proto_ver': {
      const version = v === null ? null : parseMqttVersion(v);
      if (version === '5' || version === '3.1.1') {
        b.settings.mqttVersion = version;
        b.map(f.key, `MQTT ${version}`, f.line);
      } else if (version === '3.1') {
        b.settings.mqttVersion = '3.1.1';
        b.map(f.key, 'MQTT 3.1.1 (MQTT 3.1 is not supported by Keyhole)', f.line);
      } else b.ignore(f.key, `"${v ?? '?'}" is not an MQTT version`, f.line);
      return;
    }
    case 'clientid':
      if (v === null) return b.ignore(f.key, 'not a plain value', f.line);
      b.settings.clientId = v;
      return b.map(f.key, `client id ${v}`, f.line);
    case 'clientid_prefix':
      b.note(
        `EMQX makes the client id from the prefix "${v ?? ''}" and a suffix of its own; this profile leaves the client id empty, so the broker assigns one.`,
      );
      b.settings.clientId = '';
      return b.map(f.key, 'client id left empty (the broker assigns one)', f.line);
    case 'username':
      if (v === null) return b.ignore(f.key, 'not a plain value', f.line);
      b.settings.username = v;
      return b.map(f.key, `username ${v}`, f.line);
    case 'password':
      return mapSecretValue(b, f, 'password');
    case 'keepalive': {
      const s = v === null ? null : parseDuration(v);
      if (s === null || s > 65535) return b.ignore(f.key, `"${v ?? '?'}" is not a keepalive in seconds`, f.line);
      b.settings.keepalive = s;
      return b.map(f.key, `keepalive ${s} s`, f.line);
    }
    case 'clean_start': {
      const on = v === null ? null : parseSwitch(v);
      if (on === null) return b.ignore(f.key, `"${v ?? '?'}" is not true or false`, f.line);
      b.settings.cleanStart = on;
      return b.map(f.key, `clean start ${on ? 'on' : 'off'}`, f.line);
    }
    case 'conn_properties':
      return mapConnProperties(b, f);
    case 'cacertfile':
    case 'certfile':
    case 'keyfile': {
      // EMQX 4 writes these beside `ssl = on`, without a block.
      if (v === null) return b.ignore(f.key, 'not a plain value', f.line);
      return b.file(f.key === 'cacertfile' ? 'ca' : f.key === 'certfile' ? 'cert' : 'key', v, f.key, f.line);
    }
    case 'tls_versions':
      return mapTlsVersions(b, f.key, f.value, f.line);
    default:
      b.ignore(f.key, IGNORED[f.key] ?? SSL_IGNORED[f.key] ?? 'not an option Keyhole knows for a bridge', f.line);
  }
}

/** A password or key passphrase in the configuration: a secret, unless masked or unresolved. */
function mapSecretValue(b: ProfileBuilder, f: HoconField, field: 'password' | 'passphrase', source = f.key): void {
  const v = f.value;
  if (v.kind === 'subst')
    return b.secretAbsent(
      field,
      source,
      `it comes from \${${v.path}}, which the configuration does not define: enter it in the profile`,
      f.line,
    );
  const text = textOf(v);
  if (text === null) return b.ignore(source, 'not a plain value', f.line);
  if (MASKED.test(text))
    return b.secretAbsent(field, source, 'masked ("******") as the EMQX API returns it: enter it in the profile', f.line);
  if (text === '') return b.ignore(source, 'empty', f.line);
  b.secret(field, text, source, f.line);
}

const CONN_PROPERTIES: Record<string, 'sessionExpiryInterval' | 'receiveMaximum' | 'maximumPacketSize' | 'topicAliasMaximum'> = {
  session_expiry_interval: 'sessionExpiryInterval',
  receive_maximum: 'receiveMaximum',
  maximum_packet_size: 'maximumPacketSize',
  topic_alias_maximum: 'topicAliasMaximum',
};

/** NanoMQ's MQTT 5 CONNECT properties of the bridge (MQTT 5.0 §3.1.2.11). */
function mapConnProperties(b: ProfileBuilder, f: HoconField): void {
  if (f.value.kind !== 'object') return b.ignore(f.key, 'not an object', f.line);
  const properties = { ...b.settings.properties };
  for (const p of f.value.fields.values()) {
    const source = `${f.key}.${p.key}`;
    const v = textOf(p.value);
    const key = CONN_PROPERTIES[p.key];
    if (key && v !== null && /^\d+$/.test(v)) {
      properties[key] = Number(v);
      b.map(source, `MQTT 5 ${key} ${v}`, p.line);
    } else if ((p.key === 'request_problem_info' || p.key === 'request_response_info') && v !== null && parseSwitch(v) !== null) {
      const k = p.key === 'request_problem_info' ? 'requestProblemInformation' : 'requestResponseInformation';
      properties[k] = parseSwitch(v)!;
      b.map(source, `MQTT 5 ${k} ${v}`, p.line);
    } else if (p.key === 'user_property' && p.value.kind === 'object') {
      const user: Record<string, string> = {};
      for (const u of p.value.fields.values()) user[u.key] = textOf(u.value) ?? '';
      properties.userProperties = user;
      b.map(source, `MQTT 5 user properties ${Object.keys(user).join(', ')}`, p.line);
    } else b.ignore(source, 'not a CONNECT property Keyhole sends', p.line);
  }
  if (Object.keys(properties).length) b.settings.properties = properties;
}

function mapTlsVersions(b: ProfileBuilder, source: string, value: HoconValue, line: number): void {
  const list = (value.kind === 'array' ? value.items.map(textOf) : (textOf(value) ?? '').split(','))
    .filter((x): x is string => x !== null && x.trim() !== '')
    .map((x) => ({ raw: x.trim(), v: parseTlsVersion(x) }));
  const known = list.filter((x) => x.v === 'TLSv1.2' || x.v === 'TLSv1.3').map((x) => x.v as 'TLSv1.2' | 'TLSv1.3');
  const old = list.filter((x) => x.v === 'old').map((x) => x.raw);
  if (!known.length)
    return b.ignore(source, `none of ${list.map((x) => x.raw).join(', ')} is TLS 1.2 or 1.3, the versions Keyhole speaks`, line);
  b.settings.tlsMin = known.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
  b.settings.tlsMax = known.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  b.map(
    source,
    b.settings.tlsMin === b.settings.tlsMax
      ? `${tlsLabel(b.settings.tlsMin)} only`
      : `${tlsLabel(b.settings.tlsMin)} to ${b.settings.tlsMax.slice(4)}`,
    line,
  );
  if (old.length) b.note(`${old.join(', ')} ${old.length > 1 ? 'are' : 'is'} left out: Keyhole speaks TLS 1.2 and 1.3 only.`);
}

/** The ssl (NanoMQ flat: tls) block: files, key password, verification, SNI and versions. */
function mapSsl(b: ProfileBuilder, ssl: HoconObject, prefix: string, flavor: BridgeFlavor, tls: boolean): void {
  let verifySet = false;
  for (const f of ssl.fields.values()) {
    const source = `${prefix}.${f.key}`;
    const v = textOf(f.value);
    if (f.key === 'enable') continue;
    if (!tls) {
      b.ignore(source, 'not used: this bridge does not use TLS', f.line);
      continue;
    }
    switch (f.key) {
      case 'cacertfile':
      case 'certfile':
      case 'keyfile':
        if (v === null) b.ignore(source, 'not a plain value', f.line);
        else b.file(f.key === 'cacertfile' ? 'ca' : f.key === 'certfile' ? 'cert' : 'key', v, source, f.line);
        break;
      case 'key_password':
      case 'password':
        mapSecretValue(b, f, 'passphrase', source);
        break;
      case 'verify':
        if (v === 'verify_peer' || v === 'verify_none') {
          b.settings.verify = v === 'verify_peer' ? 'full' : 'off';
          verifySet = true;
          b.map(
            source,
            v === 'verify_peer' ? 'broker certificate verified (chain and host name)' : 'broker certificate not verified',
            f.line,
          );
        } else b.ignore(source, `"${v ?? '?'}" is neither verify_peer nor verify_none`, f.line);
        break;
      case 'server_name_indication':
        if (v === 'disable') b.ignore(source, 'Keyhole always sends the host name as SNI; it cannot leave SNI out', f.line);
        else if (v) {
          b.settings.servername = v;
          b.map(source, `SNI and verified name ${v}`, f.line);
        }
        break;
      case 'versions':
      case 'tls_versions':
        mapTlsVersions(b, source, f.value, f.line);
        break;
      case 'alpn':
        if (v) {
          b.settings.alpn = v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean);
          b.map(source, `ALPN ${b.settings.alpn.join(', ')}`, f.line);
        }
        break;
      default:
        b.ignore(source, SSL_IGNORED[f.key] ?? 'not a TLS option Keyhole knows', f.line);
    }
  }
  if (tls && !verifySet) defaultVerify(b, flavor);
}

/** Each broker's own default for checking the remote broker's certificate. */
function defaultVerify(b: ProfileBuilder, flavor: BridgeFlavor): void {
  if (flavor === 'emqx') {
    b.settings.verify = 'off';
    b.note(
      "EMQX does not check the remote broker's certificate unless ssl.verify = verify_peer, so neither does this profile; its reports still say what verification would have found. Set verification to full to have a wrong certificate refused.",
    );
  } else if (!b.files.some((f) => f.slot === 'ca')) {
    b.settings.verify = 'off';
    b.note(
      "NanoMQ checks the remote broker's certificate only against a cacertfile, and none is given: this profile does not verify it either.",
    );
  } else b.settings.verify = 'full';
}

/**
 * MQTT X connection exports (its "Export data" → JSON): an array of connections, one
 * connection object, or an object with a `connections` array. A connection names its broker
 * (`protocol` mqtt/mqtts/ws/wss, `host`, `port`, `path`, `ssl`), its MQTT options (`clientId`,
 * `username`, `password`, `mqttVersion` '3.1'/'3.1.1'/'5.0', `clean`, `keepalive`,
 * `connectTimeout` in seconds, `properties`, `will`), and its TLS material as file PATHS
 * (`ca`, `cert`, `key`, with `certType` '' | 'server' (CA-signed: trust the system store) |
 * 'self' (the given CA file), `rejectUnauthorized`, `ALPNProtocols`). Collections (folders)
 * hold `children`. Paths are read at import time where this host may read them; every
 * difference from the MQTT X connection is written into the item's notes.
 */
import { ConnectProperties, ConnectSettings, DEFAULT_TIMEOUTS, defaultSettings, type Will } from '../../../shared/connect/settings';
import { DEFAULT_WS_PATH, Protocol, isWebSocket, usesTls } from '../../../shared/connect/transport';
import type { MaterialSlot, MissingFile } from '../../../shared/profile/profile';
import type { ImportFileStatus, SecretKind } from '../../../shared/profile/transfer';
import { err, ok, type Result } from '../../../shared/result';
import type { StoredSecrets } from '../store/store-data';
import type { ImportCandidate, ParsedImport } from './import-candidate';
import { slotContentProblem } from './slot-content';

/** Reads a file named in the import; a value with the bytes, or why it could not be read. */
export type ReadReferencedFile = (path: string) => Promise<Result<{ fileName: string; bytes: Buffer }, string>>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
/** A value from the file as quoted in a message: a 50 MB name must not become a 50 MB message. */
const clip = (v: string): string => (v.length > 80 ? `${v.slice(0, 80)}…` : v);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

/** The longest group name an imported collection path gives. */
const MAX_GROUP_NAME = 200;

/** A connection looks like one when it names a host and a name or a client id. */
const looksLikeConnection = (v: unknown): v is Json =>
  isObject(v) && typeof v.host === 'string' && (typeof v.name === 'string' || typeof v.clientId === 'string');

/** The connections (with the collection they sit in) of an export, or null when it is not an MQTT X export. */
function connectionsOf(raw: unknown): { connection: Json; collection: string | null }[] | null {
  const list = Array.isArray(raw)
    ? raw
    : isObject(raw) && Array.isArray(raw.connections)
      ? raw.connections
      : looksLikeConnection(raw)
        ? [raw]
        : null;
  if (list === null) return null;
  const out: { connection: Json; collection: string | null }[] = [];
  // A loop over a stack, not recursion: an export may nest collections 100,000 deep. The path
  // stops growing at the length a group name keeps, so deep nesting costs linear time.
  const stack: { items: unknown[]; at: number; collection: string | null }[] = [{ items: list, at: 0, collection: null }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.at++];
    if (!isObject(item)) continue;
    if (item.isCollection === true || (Array.isArray(item.children) && typeof item.host !== 'string')) {
      const name = text(item.name) ?? 'Collection';
      const collection =
        top.collection === null ? name : top.collection.length >= MAX_GROUP_NAME ? top.collection : `${top.collection} / ${name}`;
      stack.push({ items: Array.isArray(item.children) ? item.children : [], at: 0, collection: collection.slice(0, MAX_GROUP_NAME) });
    } else {
      out.push({ connection: item, collection: top.collection });
    }
  }
  return out;
}

const why = (code: string | undefined) =>
  code === 'ENOENT'
    ? 'no such file'
    : code === 'EACCES'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder'
        : (code ?? 'unreadable');

/** A message for a failed read that names the cause; `readFile` implementations may pass an errno code or a sentence. */
export const readFailure = (code: string | undefined): string => why(code);

/** Converts an MQTT X export; an error string when the file is not one. */
export async function parseMqttxExport(
  raw: unknown,
  options: { readFile?: ReadReferencedFile; noReadReason?: string },
): Promise<Result<ParsedImport, string>> {
  const connections = connectionsOf(raw);
  if (connections === null)
    return err(
      'The file is neither a Keyhole export nor an MQTT X connection export (an array of connections, or an object with a "connections" array).',
    );
  if (connections.length === 0) return err('The MQTT X export holds no connections.');
  const notes: string[] = [];
  const candidates: ImportCandidate[] = [];
  let index = 0;
  for (const { connection, collection } of connections) {
    const key = `m${index++}`;
    const converted = await convert(connection, collection, key, options);
    if (converted.ok) candidates.push(converted.value);
    else notes.push(converted.error);
  }
  if (candidates.length === 0) return err(`No connection of this MQTT X export could be imported: ${notes.join(' ')}`);
  return ok({ source: 'mqttx', encrypted: false, secretsSkipped: false, exportedAt: null, candidates, notes });
}

async function convert(
  c: Json,
  collection: string | null,
  key: string,
  options: { readFile?: ReadReferencedFile; noReadReason?: string },
): Promise<Result<ImportCandidate, string>> {
  const host = text(c.host)?.trim();
  const label = clip(text(c.name) ?? host ?? key);
  if (!host) return err(`"${label}" was skipped: it names no host.`);
  const importNotes: string[] = [];
  const ssl = bool(c.ssl) === true;
  let scheme = str(c.protocol) ?? (ssl ? 'mqtts' : 'mqtt');
  if (scheme === 'mqtt' && ssl) scheme = 'mqtts';
  if (scheme === 'ws' && ssl) scheme = 'wss';
  if (!Protocol.safeParse(scheme).success) return err(`"${label}" was skipped: its protocol "${clip(scheme)}" is not MQTT.`);
  const protocol = scheme as Protocol;
  // MQTT X keeps a WebSocket path for ws/wss connections (mqtt.js's default is /mqtt).
  const path = isWebSocket(protocol) ? (text(c.path) ?? DEFAULT_WS_PATH) : undefined;
  const port = num(c.port);
  if (port === undefined || port < 1 || port > 65535 || !Number.isInteger(port))
    return err(`"${label}" was skipped: its port "${clip(String(c.port))}" is not a port number.`);

  const version = str(c.mqttVersion) ?? '3.1.1';
  let mqttVersion: '3.1.1' | '5' = '3.1.1';
  if (version === '5.0' || version === '5') mqttVersion = '5';
  else if (version === '3.1') importNotes.push('MQTT 3.1 is not supported by Keyhole: this profile uses MQTT 3.1.1.');
  else if (version !== '3.1.1') importNotes.push(`MQTT version "${clip(version)}" is unknown: this profile uses MQTT 3.1.1.`);

  const secrets: StoredSecrets = {};
  const included: SecretKind[] = [];
  if (text(c.password) !== undefined) {
    secrets.password = c.password as string;
    included.push('mqtt-password');
  }

  const timeoutS = num(c.connectTimeout);
  const timeoutMs = timeoutS === undefined ? undefined : clamp(timeoutS > 1000 ? timeoutS : timeoutS * 1000, 1000, 600_000);

  const { properties, checkedProperties } = connectProperties(c, importNotes);

  const will = willOf(c, importNotes);

  const alpn =
    typeof c.ALPNProtocols === 'string'
      ? c.ALPNProtocols.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : Array.isArray(c.ALPNProtocols)
        ? c.ALPNProtocols.filter((s): s is string => typeof s === 'string' && s !== '')
        : [];
  const certType = str(c.certType) ?? '';
  const verifyOff = usesTls(protocol) && bool(c.rejectUnauthorized) === false;
  if (verifyOff)
    importNotes.push('Broker certificate verification is off (as in MQTT X); each report still says what verification would have found.');
  if (bool(c.clientIdWithTime) === true)
    importNotes.push('MQTT X added a timestamp to this client id at each connect; Keyhole uses the client id as given.');
  const subscriptions = Array.isArray(c.subscriptions) ? c.subscriptions.length : 0;
  if (subscriptions)
    importNotes.push(
      `${subscriptions} saved subscription(s) were not imported: Keyhole restores the subscriptions made in its own sessions.`,
    );

  const settings = defaultSettings({
    host,
    protocol,
    port,
    ...(path ? { path } : {}),
    mqttVersion,
    clientId: str(c.clientId) ?? '',
    ...(text(c.username) !== undefined ? { username: c.username as string } : {}),
    cleanStart: bool(c.clean) ?? true,
    keepalive: clamp(num(c.keepalive) ?? 60, 0, 65535),
    verify: verifyOff ? 'off' : 'full',
    // certType 'server' is MQTT X's "CA signed server certificate": the system's trust store.
    useSystemCa: usesTls(protocol) && certType === 'server',
    ...(alpn.length ? { alpn } : {}),
    ...(mqttVersion === '5' && checkedProperties.success && Object.keys(properties).length ? { properties: checkedProperties.data } : {}),
    ...(will ? { will } : {}),
    timeouts:
      timeoutMs === undefined ? { ...DEFAULT_TIMEOUTS } : { ...DEFAULT_TIMEOUTS, tcp: timeoutMs, tls: timeoutMs, connack: timeoutMs },
  });
  if (mqttVersion !== '5' && Object.keys(properties).length)
    importNotes.push('MQTT 5 connect properties were left out: this connection uses MQTT 3.1.1.');
  const checked = ConnectSettings.safeParse(settings);
  if (!checked.success) return err(`"${label}" was skipped: ${checked.error.issues[0]?.message ?? 'its settings are invalid'}.`);

  const { files, fileStatus, missingFiles } = await readMaterial(c, certType, protocol, included, importNotes, options);
  const unreadable = fileStatus.filter((f) => f.status === 'unreadable');
  // Each file's own reason is in its status line; the note only says what to do about them.
  if (unreadable.length)
    importNotes.push(
      `${unreadable.length} certificate file${unreadable.length > 1 ? 's' : ''} could not be read (${unreadable.map((f) => f.slot).join(', ')}): add ${unreadable.length > 1 ? 'them' : 'it'} in the profile editor.`,
    );
  const missing: SecretKind[] = fileStatus.some((f) => f.slot === 'key' && f.status !== 'included') ? ['private-key'] : [];

  return ok({
    key,
    sourceId: null,
    name: (text(c.name) ?? `${host}:${port}`).slice(0, 200),
    groupName: collection?.slice(0, MAX_GROUP_NAME) ?? null,
    settings: checked.data,
    files,
    fileStatus,
    ...(missingFiles.length ? { missingFiles } : {}),
    secrets,
    includedSecrets: included,
    missingSecrets: missing,
    importNotes,
  });
}

/** MQTT 5 CONNECT properties of an MQTT X connection, and whether they are all in range. */
function connectProperties(c: Json, importNotes: string[]) {
  const p = isObject(c.properties) ? c.properties : {};
  const properties: ConnectProperties = {};
  for (const k of ['sessionExpiryInterval', 'receiveMaximum', 'maximumPacketSize', 'topicAliasMaximum'] as const) {
    const v = num(p[k]);
    if (v !== undefined) properties[k] = v;
  }
  for (const k of ['requestResponseInformation', 'requestProblemInformation'] as const) {
    const v = bool(p[k]);
    if (v !== undefined) properties[k] = v;
  }
  if (isObject(p.userProperties) && Object.keys(p.userProperties).length)
    properties.userProperties = p.userProperties as Record<string, string | string[]>;
  if (text(p.authenticationMethod))
    importNotes.push('Enhanced authentication (authentication method/data) is not supported by Keyhole and was left out.');
  const checkedProperties = ConnectProperties.safeParse(properties);
  if (!checkedProperties.success && Object.keys(properties).length)
    importNotes.push('Some MQTT 5 connect properties were out of range and were left out.');
  return { properties, checkedProperties };
}

/** The last will of an MQTT X connection (its MQTT 5 properties are not kept). */
function willOf(c: Json, importNotes: string[]): Will | undefined {
  let will: Will | undefined;
  const w = isObject(c.will) ? c.will : null;
  if (w && text(w.lastWillTopic)) {
    const qos = num(w.lastWillQos);
    will = {
      topic: w.lastWillTopic as string,
      payload: str(w.lastWillPayload) ?? '',
      qos: qos === 1 || qos === 2 ? qos : 0,
      retain: bool(w.lastWillRetain) === true,
    };
    if (isObject(w.properties) && Object.values(w.properties).some((v) => v !== null && v !== undefined && v !== '')) {
      importNotes.push('The will message properties (MQTT 5) are not kept by Keyhole and were left out.');
    }
  }
  return will;
}

/** The TLS files an MQTT X connection names (paths, or in some exports the PEM text itself), read where allowed. */
async function readMaterial(
  c: Json,
  certType: string,
  protocol: Protocol,
  included: SecretKind[],
  importNotes: string[],
  options: { readFile?: ReadReferencedFile; noReadReason?: string },
): Promise<{ files: ImportCandidate['files']; fileStatus: ImportFileStatus[]; missingFiles: MissingFile[] }> {
  const files: ImportCandidate['files'] = [];
  const fileStatus: ImportFileStatus[] = [];
  // A path that cannot be read keeps its slot, so the profile stays a mutual-TLS one (never
  // quietly "no client certificate") and says which file to choose.
  const missingFiles: MissingFile[] = [];
  const lost = (slot: MaterialSlot, fileName: string, path: string, reason: string) => {
    fileStatus.push({ slot, fileName, status: 'unreadable', reason: `${path}: ${reason}` });
    missingFiles.push({ slot, fileName: fileName.slice(0, 255), path: path.slice(0, 4096), reason: reason.slice(0, 1000) });
  };
  const wanted: [MaterialSlot, unknown][] =
    certType === 'server'
      ? []
      : [
          ['ca', c.ca],
          ['cert', c.cert],
          ['key', c.key],
        ];
  if (certType === 'server' && (text(c.ca) || text(c.cert) || text(c.key))) {
    importNotes.push(
      'MQTT X used the system trust store for this connection ("CA signed server"); the certificate paths it also lists were not read.',
    );
  }
  for (const [slot, value] of wanted) {
    const ref = text(value);
    if (!ref) continue;
    if (!usesTls(protocol)) {
      importNotes.push(`The ${slot} file ${ref} was not read: this connection does not use TLS.`);
      continue;
    }
    if (ref.trimStart().startsWith('-----BEGIN')) {
      files.push({ slot, fileName: `${slot}.pem`, bytes: Buffer.from(ref) });
      fileStatus.push({ slot, fileName: `${slot}.pem`, status: 'included' });
      continue;
    }
    const fileName = ref.split(/[\\/]/).pop() || ref;
    if (!options.readFile) {
      lost(slot, fileName, ref, options.noReadReason ?? 'files named in an import are not read here');
      continue;
    }
    const read = await options.readFile(ref);
    const problem = read.ok ? slotContentProblem(slot, read.value.bytes) : null;
    if (problem) {
      lost(slot, fileName, ref, problem);
    } else if (read.ok) {
      files.push({ slot, fileName: read.value.fileName, bytes: read.value.bytes });
      fileStatus.push({ slot, fileName: read.value.fileName, status: 'included' });
      if (slot === 'key') included.push('private-key');
    } else {
      lost(slot, fileName, ref, read.error);
    }
  }
  return { files, fileStatus, missingFiles };
}

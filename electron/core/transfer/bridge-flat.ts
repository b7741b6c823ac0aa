/**
 * Bridges written as flat `bridge.mqtt.<name>.<option> = value` lines: NanoMQ before 0.14
 * (`nanomq_bridge.conf`, TLS options under `tls.`, the scheme in `address` deciding TLS; its
 * first versions had no `<name>`) and EMQX 4 (`emqx.conf`, `ssl = on` with `cacertfile`,
 * `certfile`, `keyfile` beside it). They are read into the object shape of the HOCON bridges so
 * one mapping serves both.
 */
import { err, ok, type Result } from '../../../shared/result';
import type { BridgeSource } from './bridge-config';
import type { ConfigLine } from './config-lines';
import type { HoconObject, HoconScalar } from './hocon';

/** Options that follow `bridge.mqtt.` directly in the unnamed form of early NanoMQ versions. */
const UNNAMED_OPTIONS = new Set([
  'address',
  'proto_ver',
  'clientid',
  'keepalive',
  'clean_start',
  'username',
  'password',
  'forwards',
  'subscription',
  'parallel',
  'bridge_mode',
  'tls',
]);

const scalarOf = (text: string, line: number, column: number): HoconScalar => {
  if (text === 'true' || text === 'false') return { kind: 'boolean', value: text === 'true', quoted: false, line, column };
  if (/^-?\d+$/.test(text)) return { kind: 'number', value: Number(text), quoted: false, line, column };
  return { kind: 'string', value: text, quoted: false, line, column };
};

function put(root: HoconObject, path: string[], l: ConfigLine): void {
  let target = root;
  for (const key of path.slice(0, -1)) {
    const existing = target.fields.get(key);
    if (existing?.value.kind === 'object') target = existing.value;
    else {
      const child: HoconObject = { kind: 'object', fields: new Map(), line: l.line, column: 1 };
      target.fields.set(key, { key, value: child, line: l.line, column: 1 });
      target = child;
    }
  }
  const key = path[path.length - 1]!;
  target.fields.set(key, { key, value: scalarOf(l.value, l.line, l.valueColumn), line: l.line, column: 1 });
}

/** The bridges of flat lines, and how many lines are about something else. */
export function flatBridges(lines: ConfigLine[]): Result<{ bridges: BridgeSource[]; other: number }, string> {
  const byName = new Map<string, HoconObject>();
  let other = 0;
  for (const l of lines) {
    if (!l.key.startsWith('bridge.mqtt.')) {
      other++;
      continue;
    }
    const rest = l.key.slice('bridge.mqtt.'.length).split('.');
    const unnamed = UNNAMED_OPTIONS.has(rest[0]!);
    const name = unnamed ? 'mqtt' : rest[0]!;
    const path = unnamed ? rest : rest.slice(1);
    if (!path.length || path.some((p) => p === '')) {
      other++;
      continue;
    }
    let conn = byName.get(name);
    if (!conn) {
      conn = { kind: 'object', fields: new Map(), line: l.line, column: 1 };
      byName.set(name, conn);
    }
    put(conn, path, l);
  }
  const bridges: BridgeSource[] = [];
  for (const [name, conn] of byName) {
    if (!conn.fields.has('address')) continue;
    const address = conn.fields.get('address')!.value;
    const schemed = address.kind === 'string' && /^[a-z+-]+:\/\//i.test(address.value as string);
    const emqx4 = conn.fields.has('ssl') || !schemed;
    bridges.push({ name, format: 'nanomq-flat', flavor: emqx4 ? 'emqx' : 'nanomq', conn, outer: null });
  }
  if (!bridges.length) return err('No bridge.mqtt.<name>.address line was found: these lines describe no MQTT bridge.');
  return ok({ bridges, other });
}

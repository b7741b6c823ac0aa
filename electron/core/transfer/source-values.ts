/** Values as configurations and command lines write them: broker addresses, durations, switches, versions. */
import type { TlsVersion } from '../../../shared/connect/settings';
import { err, ok, type Result } from '../../../shared/result';

export interface BrokerAddress {
  /** The scheme as written (`tls+mqtt-tcp`, `mqtts`), lower case; null without one. */
  scheme: string | null;
  host: string;
  port: number | null;
}

/** `scheme://host:port`, `host:port`, `[v6]:port` or `host`. */
export function parseAddress(text: string): Result<BrokerAddress, string> {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[^\]]+\]|[^\s:/[\]]+)(?::(\d*))?\/?$/i.exec(text.trim());
  if (!m) return err(`"${text}" is not a broker address (host:port, or scheme://host:port)`);
  const host = m[2]!.replace(/^\[(.*)\]$/, '$1');
  if (m[3] === '') return err(`"${text}" ends with ":" but no port`);
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return err(`${port} in "${text}" is not a port (1 to 65535)`);
  return ok({ scheme: m[1]?.toLowerCase() ?? null, host, port });
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in `60`, `60s`, `2m`, `1h`, `1500ms` (EMQX / NanoMQ durations); null when not one. */
export function parseDuration(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]!);
}

/** true / false, on / off, yes / no, 1 / 0; null when none of those. */
export function parseSwitch(text: string | boolean | number): boolean | null {
  if (typeof text === 'boolean') return text;
  const t = String(text).trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(t)) return true;
  if (['false', 'off', 'no', '0'].includes(t)) return false;
  return null;
}

/** MQTT versions as tools spell them: 5 / 5.0 / v5 / mqttv5 / mqttv50, 4 / 3.1.1 / v4 / mqttv311 / 311, 3 / 3.1 / v3 / mqttv31 / 31. */
export function parseMqttVersion(text: string | number): '5' | '3.1.1' | '3.1' | null {
  const t = String(text)
    .trim()
    .toLowerCase()
    .replace(/^(mqtt)?v?/, '');
  if (['5', '5.0', '50'].includes(t)) return '5';
  if (['4', '3.1.1', '311'].includes(t)) return '3.1.1';
  if (['3', '3.1', '31'].includes(t)) return '3.1';
  return null;
}

/** TLS versions as tools spell them (`tlsv1.3`, `TLSv1.2`, `1.3`, `tls1_3`); `old` for 1.1 and below, null when unknown. */
export function parseTlsVersion(text: string): TlsVersion | 'old' | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^tls(v)?/, '')
    .replace('_', '.');
  if (t === '1.3') return 'TLSv1.3';
  if (t === '1.2') return 'TLSv1.2';
  if (['1.1', '1.0', '1', ''].includes(t)) return 'old';
  return null;
}

/** The default port of an MQTT transport. */
export const defaultPort = (tls: boolean) => (tls ? 8883 : 1883);

/** `TLS 1.2`, for messages. */
export const tlsLabel = (v: TlsVersion): string => `TLS ${v.slice(4)}`;

/**
 * The message list as a file: JSON for tools, CSV for spreadsheets. Each message carries its
 * payload twice: as text (when it is UTF-8) and as base64 (always, so nothing is lost).
 */
import type { MqttMessage } from '../../../shared/ipc/contract';
import { bytesToBase64, payloadBytes } from './payload';

export const EXPORT_COLUMNS = [
  'time',
  'direction',
  'topic',
  'qos',
  'retain',
  'size',
  'truncated',
  'payload_text',
  'payload_base64',
] as const;

export interface ExportedMessage {
  time: string;
  direction: 'received' | 'published';
  topic: string;
  qos: number;
  retain: boolean;
  /** Size on the wire; when `truncated`, the payload holds only its beginning. */
  size: number;
  truncated: boolean;
  /** The payload as UTF-8 text; null when its bytes are not UTF-8. */
  payload_text: string | null;
  payload_base64: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One message as exported. */
export function exportedMessage(m: MqttMessage): ExportedMessage {
  let bytes: Uint8Array | null;
  try {
    bytes = payloadBytes(m);
  } catch {
    // Not base64 after all (the contract types it only as a string): exported as it arrived.
    bytes = null;
  }
  let text: string | null;
  try {
    text = m.encoding === 'utf8' ? m.payload : bytes && utf8.decode(bytes);
  } catch {
    text = null;
  }
  const at = new Date(m.at);
  return {
    // A time outside what Date can write (±8.64e15 ms, ECMA-262 §21.4.1.22) is kept as its number.
    time: Number.isNaN(at.getTime()) ? String(m.at) : at.toISOString(),
    direction: m.direction === 'in' ? 'received' : 'published',
    topic: m.topic,
    qos: m.qos,
    retain: m.retain,
    size: m.size,
    truncated: m.truncated,
    payload_text: text,
    payload_base64: m.encoding === 'base64' || !bytes ? m.payload : bytesToBase64(bytes),
  };
}

/** The messages as a JSON array, oldest first. */
export function messagesJson(messages: readonly MqttMessage[]): string {
  return `${JSON.stringify(messages.map(exportedMessage), null, 2)}\n`;
}

/** Quotes a field when it needs it (RFC 4180 §2); text a spreadsheet would run as a formula (= + - @) gets a leading quote. */
function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The messages as CSV (RFC 4180, CRLF line ends), oldest first. */
export function messagesCsv(messages: readonly MqttMessage[]): string {
  const lines: string[] = [EXPORT_COLUMNS.join(',')];
  for (const m of messages) {
    const e = exportedMessage(m);
    lines.push(
      [
        e.time,
        e.direction,
        e.topic,
        String(e.qos),
        String(e.retain),
        String(e.size),
        String(e.truncated),
        e.payload_text ?? '',
        e.payload_base64,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name for an export: `keyhole-messages-<profile>-<time>.<ext>`, safe on every file system. */
export function exportFileName(profileName: string, ext: string, at: Date): string {
  const safe =
    profileName
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 60) || 'profile';
  return `keyhole-messages-${safe}-${at.toISOString().replace(/[:.]/g, '-')}.${ext}`;
}

/** A file name for one message's payload: its topic's last level and seq, with the view's extension. */
export function payloadFileName(m: MqttMessage, ext: string): string {
  const last = m.topic.split('/').filter(Boolean).pop() ?? 'payload';
  const safe =
    last
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 60) || 'payload';
  return `${safe}-${m.seq}.${ext}`;
}

import { decode as msgpackDecode } from '@msgpack/msgpack';
import { decode as cborDecode } from 'cbor2';
import type { MqttMessage, PayloadEncoding, PayloadView } from '../../../shared/ipc/contract';
import { currentLanguage, i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const t = i18n.getFixedT(null, ['messages', 'common']);

/** How the user typed a payload to publish. */
export type PublishFormat = 'text' | 'json' | 'hex' | 'base64';

export type Encoded = { ok: true; payload: string; encoding: PayloadEncoding } | { ok: false; error: string };

/** Standard base64 (RFC 4648 §4) of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Turns what was typed into the wire form of `mqtt:publish`, or says what is wrong with it. */
export function encodePayload(text: string, format: PublishFormat): Encoded {
  switch (format) {
    case 'text':
      return { ok: true, payload: text, encoding: 'utf8' };
    case 'json':
      try {
        JSON.parse(text);
      } catch (e) {
        return { ok: false, error: t('messages:payload.notValidJson', { message: (e as Error).message }) };
      }
      return { ok: true, payload: text, encoding: 'utf8' };
    case 'hex': {
      const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
      if (clean.length % 2 !== 0) return { ok: false, error: t('messages:payload.hexOdd') };
      if (!/^[0-9a-fA-F]*$/.test(clean)) return { ok: false, error: t('messages:payload.hexDigits') };
      const bytes = new Uint8Array(clean.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
      return { ok: true, payload: bytesToBase64(bytes), encoding: 'base64' };
    }
    case 'base64': {
      const clean = text.replace(/\s/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return { ok: false, error: t('messages:payload.notBase64') };
      try {
        return { ok: true, payload: bytesToBase64(base64ToBytes(clean)), encoding: 'base64' };
      } catch {
        return { ok: false, error: t('messages:payload.notBase64') };
      }
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

/** The raw bytes of a received or sent payload. */
export function payloadBytes(m: Pick<MqttMessage, 'payload' | 'encoding'>): Uint8Array {
  return m.encoding === 'base64' ? base64ToBytes(m.payload) : new TextEncoder().encode(m.payload);
}

/** `de ad be ef`, 16 bytes a line. */
export function toHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push([...bytes.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n');
}

/** A payload as shown: the text, a note about how (e.g. a fallback), or why it could not be decoded. */
export interface ShownPayload {
  text: string;
  note?: string;
  /** The chosen view could not decode the payload; `text` then holds the bytes as hex. */
  error?: string;
}

const MAX_PRETTY_DEPTH = 200;

/** Indented text for a decoded CBOR / MessagePack value: maps, byte strings, big integers and tags included. */
export function prettyValue(value: unknown, depth = 0): string {
  if (depth > MAX_PRETTY_DEPTH) throw new RangeError(`nested deeper than ${MAX_PRETTY_DEPTH} levels`);
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  const list = (open: string, end: string, parts: string[]) =>
    parts.length === 0 ? open + end : `${open}\n${parts.map((p) => pad + p).join(',\n')}\n${close}${end}`;
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return String(value); // NaN and Infinity too, as CBOR diagnostic notation writes them
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Uint8Array) return `h'${[...value].map((b) => b.toString(16).padStart(2, '0')).join('')}'`;
  if (value instanceof Date) return `date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (Array.isArray(value))
    return list(
      '[',
      ']',
      value.map((v) => prettyValue(v, depth + 1)),
    );
  if (value instanceof Map) {
    return list(
      '{',
      '}',
      [...value.entries()].map(([k, v]) => `${prettyValue(k, depth + 1)}: ${prettyValue(v, depth + 1)}`),
    );
  }
  if (typeof value === 'object') {
    // cbor2's Tag and Simple, MessagePack's ExtData: shown by their fields, named by their class.
    const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : '';
    const fields = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${prettyValue(v, depth + 1)}`);
    return name + list('{', '}', fields);
  }
  return String(value);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** The payload as text for searching: UTF-8 as received, binary decoded leniently (U+FFFD for bad bytes). */
export function searchableText(m: Pick<MqttMessage, 'payload' | 'encoding'>): string {
  if (m.encoding === 'utf8') return m.payload;
  try {
    return lenient.decode(payloadBytes(m));
  } catch {
    // Not base64 after all (the contract types it only as a string): search what arrived.
    return m.payload;
  }
}

const MAX_REASON_CHARS = 200;

/**
 * The decoder's reason, short and readable: cbor2 writes the offending value into its message
 * ("Expected string: [object Object]" for a date tag over a map), which may also be megabytes long.
 */
function reasonOf(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const named = raw.replace(/\[object (\w+)\]/g, (_, type: string) => (type === 'Object' ? 'a map' : `a ${type}`));
  return named.length > MAX_REASON_CHARS ? `${named.slice(0, MAX_REASON_CHARS)}…` : named;
}

const failed = (bytes: Uint8Array, what: string, e: unknown): ShownPayload => ({
  text: toHex(bytes),
  error: t('messages:payload.notA', { what, message: reasonOf(e) }),
});

/**
 * A payload in the chosen view. Never throws: bytes the view cannot decode are shown as hex with
 * the decoder's reason in `error`; text that is not UTF-8 falls back to hex with a note.
 */
export function displayPayload(m: Pick<MqttMessage, 'payload' | 'encoding'>, format: PayloadView): ShownPayload {
  let bytes: Uint8Array;
  try {
    bytes = payloadBytes(m);
  } catch (e) {
    return { text: m.payload, error: t('messages:payload.unreadable', { message: e instanceof Error ? e.message : String(e) }) };
  }
  switch (format) {
    case 'hex':
      return { text: toHex(bytes) };
    case 'base64':
      return { text: m.encoding === 'base64' ? m.payload : bytesToBase64(bytes) };
    case 'cbor':
      try {
        return { text: prettyValue(cborDecode(bytes)) };
      } catch (e) {
        return failed(bytes, 'CBOR', e);
      }
    case 'msgpack':
      try {
        return { text: prettyValue(msgpackDecode(bytes, { useBigInt64: true })) };
      } catch (e) {
        return failed(bytes, 'MessagePack', e);
      }
    case 'text':
    case 'json': {
      let text: string;
      try {
        text = m.encoding === 'utf8' ? m.payload : utf8.decode(bytes);
      } catch {
        return format === 'json'
          ? failed(bytes, 'JSON', new Error(t('messages:payload.notUtf8')))
          : { text: toHex(bytes), note: t('messages:payload.binary') };
      }
      if (format === 'text') return { text };
      try {
        return { text: JSON.stringify(JSON.parse(text), null, 2) };
      } catch (e) {
        return { text, error: t('messages:payload.notJson', { message: e instanceof Error ? e.message : String(e) }) };
      }
    }
    default: {
      const never: never = format;
      return { text: toHex(bytes), error: `Unknown view ${String(never)}` };
    }
  }
}

/** The payload views with their labels, in menu order. */
export const PAYLOAD_VIEWS: readonly { value: PayloadView; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON' },
  { value: 'hex', label: 'Hex' },
  { value: 'base64', label: 'Base64' },
  { value: 'cbor', label: 'CBOR' },
  { value: 'msgpack', label: 'MessagePack' },
];

let views: { language: string; list: readonly { value: PayloadView; label: string }[] } | null = null;

/** The payload views with their names in the interface language (made once per language: every message row asks). */
export function payloadViews(): readonly { value: PayloadView; label: string }[] {
  const language = currentLanguage();
  if (views?.language !== language)
    views = { language, list: PAYLOAD_VIEWS.map((v) => (v.value === 'text' ? { ...v, label: t('messages:views.text') } : v)) };
  return views.list;
}

import type { MqttMessage, PayloadEncoding } from '../../../shared/ipc/contract';

/** How the user typed a payload to publish. */
export type PublishFormat = 'text' | 'json' | 'hex' | 'base64';

export type Encoded = { ok: true; payload: string; encoding: PayloadEncoding } | { ok: false; error: string };

function bytesToBase64(bytes: Uint8Array): string {
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
        return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
      }
      return { ok: true, payload: text, encoding: 'utf8' };
    case 'hex': {
      const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
      if (clean.length % 2 !== 0) return { ok: false, error: 'Hex needs an even number of digits' };
      if (!/^[0-9a-fA-F]*$/.test(clean)) return { ok: false, error: 'Only hex digits 0-9 a-f (spaces and colons are ignored)' };
      const bytes = new Uint8Array(clean.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
      return { ok: true, payload: bytesToBase64(bytes), encoding: 'base64' };
    }
    case 'base64': {
      const clean = text.replace(/\s/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return { ok: false, error: 'Not valid base64' };
      try {
        return { ok: true, payload: bytesToBase64(base64ToBytes(clean)), encoding: 'base64' };
      } catch {
        return { ok: false, error: 'Not valid base64' };
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

/** A payload shown as text, pretty JSON or hex; falls back to hex for bytes that are not UTF-8. */
export function displayPayload(
  m: Pick<MqttMessage, 'payload' | 'encoding'>,
  format: 'text' | 'json' | 'hex',
): { text: string; note?: string } {
  if (format === 'hex') return { text: toHex(payloadBytes(m)) };
  let text: string;
  if (m.encoding === 'utf8') text = m.payload;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes(m));
    } catch {
      return { text: toHex(payloadBytes(m)), note: 'binary: shown as hex' };
    }
  }
  if (format === 'json') {
    try {
      return { text: JSON.stringify(JSON.parse(text), null, 2) };
    } catch {
      return { text, note: 'not JSON' };
    }
  }
  return { text };
}

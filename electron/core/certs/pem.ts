// Just enough PEM (RFC 7468, with RFC 1421 headers) and DER framing to tell users precisely what
// is wrong with a file before OpenSSL turns it into "unsupported" or "too long".
import { Buffer } from 'node:buffer';

export interface PemBlock {
  label: string;
  /** RFC 1421 headers such as `Proc-Type` and `DEK-Info` (legacy encrypted keys). */
  headers: Record<string, string>;
  /** Base64 body without whitespace. */
  body: string;
  /** False when the file ends before the matching END line. */
  terminated: boolean;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----\s*$/;
const END = /^-----END ([A-Z0-9 ]+)-----\s*$/;
const HEADER = /^([A-Za-z-]+):\s*(.*)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes as a string without UTF-8 decoding, so binary files survive the PEM sniffing. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isBlank(bytes: Uint8Array): boolean {
  return bytes.byteLength === 0 || latin1(bytes).trim() === '';
}

export function looksLikePem(bytes: Uint8Array): boolean {
  return latin1(bytes).includes('-----BEGIN ');
}

/** Every BEGIN/END block in order. Text outside blocks is ignored, as OpenSSL ignores it. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let current: PemBlock | null = null;
  let inHeaders = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!current) {
      const begin = BEGIN.exec(line);
      if (begin) {
        current = { label: begin[1] ?? '', headers: {}, body: '', terminated: false };
        inHeaders = true;
      }
      continue;
    }
    const end = END.exec(line);
    if (end) {
      current.terminated = end[1] === current.label;
      blocks.push(current);
      current = null;
      continue;
    }
    if (BEGIN.test(line)) {
      // A new BEGIN before the END: the previous block was cut off.
      blocks.push(current);
      current = { label: BEGIN.exec(line)?.[1] ?? '', headers: {}, body: '', terminated: false };
      inHeaders = true;
      continue;
    }
    if (inHeaders) {
      const header = HEADER.exec(line);
      if (header && !BASE64.test(line)) {
        current.headers[header[1] ?? ''] = header[2] ?? '';
        continue;
      }
      inHeaders = false;
      if (line === '') continue;
    }
    current.body += line;
  }
  if (current) blocks.push(current);
  return blocks;
}

/** Whether a PEM body is well-formed base64 (a cut-off body usually is not, or decodes short). */
export function isBase64(body: string): boolean {
  return body.length % 4 === 0 && BASE64.test(body);
}

/** Rebuilds one block as PEM text, so that a file with several blocks is read block by block. */
export function toPem(block: PemBlock): string {
  const headers = Object.entries(block.headers)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
  const lines = block.body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${block.label}-----\n${headers}${headers ? '\n' : ''}${lines.join('\n')}\n-----END ${block.label}-----\n`;
}

export function derToPem(label: string, der: Uint8Array): string {
  return toPem({ label, headers: {}, body: asBuffer(der).toString('base64'), terminated: true });
}

export interface DerElement {
  tag: number;
  headerLength: number;
  contentLength: number;
  /** header + content: the bytes the element announces, which may exceed what the file holds. */
  totalLength: number;
}

/** Reads the tag and definite length of the DER element at `offset` (X.690 §8.1). */
export function derElement(bytes: Uint8Array, offset = 0): DerElement | null {
  if (offset + 2 > bytes.length) return null;
  const tag = bytes[offset] ?? 0;
  const first = bytes[offset + 1] ?? 0;
  if (first < 0x80) return { tag, headerLength: 2, contentLength: first, totalLength: 2 + first };
  const count = first & 0x7f;
  // 0x80 is BER's indefinite length, which DER forbids; more than 4 length bytes is nonsense here.
  if (count === 0 || count > 4 || offset + 2 + count > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] ?? 0);
  return { tag, headerLength: 2 + count, contentLength: length, totalLength: 2 + count + length };
}

export const DER_SEQUENCE = 0x30;

// Reading the TLS record layer from the outside (RFC 8446 §5.1, RFC 5246 §6.2): record
// boundaries, and the two plaintext messages that say what a handshake is about: the
// ClientHello (SNI, offered versions, ALPN, RFC 8446 §4.1.2) and the ServerHello (the version
// chosen, §4.1.3). Nothing here decrypts; the lab only watches and, to reject, writes alerts.
import { Buffer } from 'node:buffer';

/** RFC 8446 §5.1 ContentType. */
export const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

/** A record's header fields and its (possibly encrypted) body. */
export interface TlsRecord {
  type: number;
  body: Buffer;
}

/** TLSPlaintext.length may not exceed 2^14 + 2048 for protected records (RFC 8446 §5.2). */
const MAX_RECORD = 16_384 + 2048;

/** Splits a byte stream into records; `push` returns the records completed by a chunk. */
export class RecordReader {
  private pending: Buffer = Buffer.alloc(0);
  /** Set when the stream is not TLS records (a length beyond the limit): the reader stops. */
  broken = false;

  push(chunk: Buffer): TlsRecord[] {
    if (this.broken) return [];
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: TlsRecord[] = [];
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt16BE(3);
      if (length > MAX_RECORD) {
        this.broken = true;
        return out;
      }
      if (this.pending.length < 5 + length) break;
      out.push({ type: this.pending[0]!, body: this.pending.subarray(5, 5 + length) });
      this.pending = this.pending.subarray(5 + length);
    }
    return out;
  }
}

/** Reassembles handshake messages that span records (RFC 8446 §5.1: a message may be fragmented). */
export class HandshakeReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds a handshake record's body; returns the complete messages (type and body). */
  push(body: Buffer): { type: number; body: Buffer }[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, body]) : body;
    const out: { type: number; body: Buffer }[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUIntBE(1, 3);
      if (this.pending.length < 4 + length) break;
      out.push({ type: this.pending[0]!, body: this.pending.subarray(4, 4 + length) });
      this.pending = this.pending.subarray(4 + length);
    }
    return out;
  }
}

export type TlsVersionName = 'TLSv1.3' | 'TLSv1.2' | 'TLSv1.1' | 'TLSv1' | 'SSLv3';

const VERSION_NAMES: Record<number, TlsVersionName> = {
  0x0304: 'TLSv1.3',
  0x0303: 'TLSv1.2',
  0x0302: 'TLSv1.1',
  0x0301: 'TLSv1',
  0x0300: 'SSLv3',
};

/** GREASE values (RFC 8701) are 0x?A?A; they mean nothing and are left out. */
const isGrease = (v: number) => (v & 0x0f0f) === 0x0a0a;

export interface ClientHello {
  /** The 32-byte client random, hex: it names this handshake in key logs (NSS key log format). */
  random: string;
  /** The host name sent as SNI (RFC 6066 §3), or null. */
  serverName: string | null;
  /** Versions offered (supported_versions, RFC 8446 §4.2.1; else the legacy version), newest first. */
  versions: string[];
  /** ALPN protocols offered (RFC 7301). */
  alpn: string[];
  cipherSuites: number;
}

/** A bounds-checked cursor; any read past the end throws, and the caller treats that as "not a hello". */
class Cursor {
  constructor(
    private readonly b: Buffer,
    public at = 0,
  ) {}
  get left(): number {
    return this.b.length - this.at;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u16(): number {
    return this.take(2).readUInt16BE(0);
  }
  take(n: number): Buffer {
    if (n > this.left) throw new RangeError('short');
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  vector(lengthBytes: 1 | 2): Buffer {
    return this.take(lengthBytes === 1 ? this.u8() : this.u16());
  }
}

function extensions(c: Cursor): Map<number, Buffer> {
  const found = new Map<number, Buffer>();
  if (c.left === 0) return found; // TLS 1.2 allows a hello without extensions
  const all = new Cursor(c.vector(2));
  while (all.left > 0) {
    const type = all.u16();
    found.set(type, all.vector(2));
  }
  return found;
}

const versionName = (v: number) => VERSION_NAMES[v] ?? `0x${v.toString(16).padStart(4, '0')}`;

/** Parses a ClientHello body (after the 4-byte handshake header); null when it is not one. */
export function parseClientHello(body: Buffer): ClientHello | null {
  try {
    const c = new Cursor(body);
    const legacy = c.u16();
    const random = c.take(32).toString('hex');
    c.vector(1); // legacy_session_id
    const suites = c.vector(2).length / 2;
    c.vector(1); // legacy_compression_methods
    const ext = extensions(c);
    let serverName: string | null = null;
    const sni = ext.get(0);
    if (sni) {
      const list = new Cursor(new Cursor(sni).vector(2));
      while (list.left > 0 && serverName === null) {
        const kind = list.u8();
        const name = list.vector(2);
        if (kind === 0) serverName = name.toString('latin1');
      }
    }
    let versions = [versionName(legacy)];
    const supported = ext.get(43);
    if (supported) {
      const list = new Cursor(new Cursor(supported).vector(1));
      versions = [];
      while (list.left >= 2) {
        const v = list.u16();
        if (!isGrease(v)) versions.push(versionName(v));
      }
    }
    const alpn: string[] = [];
    const alpnExt = ext.get(16);
    if (alpnExt) {
      const list = new Cursor(new Cursor(alpnExt).vector(2));
      while (list.left > 0) alpn.push(list.vector(1).toString('latin1'));
    }
    return { random, serverName, versions, alpn, cipherSuites: suites };
  } catch {
    return null;
  }
}

/** SHA-256("HelloRetryRequest"): the ServerHello random that marks a retry (RFC 8446 §4.1.3). */
const HELLO_RETRY = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

export interface ServerHello {
  version: string;
  helloRetry: boolean;
}

/** Parses a ServerHello body: the version the server chose (supported_versions wins over the legacy field). */
export function parseServerHello(body: Buffer): ServerHello | null {
  try {
    const c = new Cursor(body);
    const legacy = c.u16();
    const random = c.take(32).toString('hex');
    c.vector(1);
    c.u16(); // cipher_suite
    c.u8(); // legacy_compression_method
    const chosen = extensions(c).get(43);
    const version = chosen && chosen.length === 2 ? chosen.readUInt16BE(0) : legacy;
    return { version: versionName(version), helloRetry: random === HELLO_RETRY };
  } catch {
    return null;
  }
}

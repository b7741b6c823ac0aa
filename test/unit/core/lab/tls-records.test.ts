import { Buffer } from 'node:buffer';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { HandshakeReader, RecordReader, parseClientHello, parseServerHello } from '../../../../electron/core/lab/tls-records';

/** The first flight Node's TLS client writes, captured without a network. */
async function clientHelloBytes(options: tls.ConnectionOptions): Promise<Buffer> {
  const written: Buffer[] = [];
  let got: () => void = () => {};
  const captured = new Promise<void>((r) => (got = r));
  const wire = new Duplex({
    read() {},
    write(chunk: Buffer, _e, done) {
      written.push(chunk);
      got();
      done();
    },
  });
  const socket = tls.connect({ ...options, socket: wire });
  socket.on('error', () => undefined);
  await captured;
  socket.destroy();
  return Buffer.concat(written);
}

function helloOf(bytes: Buffer) {
  const [record] = new RecordReader().push(bytes);
  const [message] = new HandshakeReader().push(record!.body);
  expect(message?.type).toBe(1);
  return parseClientHello(message!.body);
}

describe('ClientHello', () => {
  it('reads SNI, offered versions and ALPN from what Node sends', async () => {
    const hello = helloOf(await clientHelloBytes({ servername: 'broker.example', ALPNProtocols: ['mqtt', 'x-amzn-mqtt-ca'] }));
    expect(hello).toMatchObject({ serverName: 'broker.example', versions: ['TLSv1.3', 'TLSv1.2'], alpn: ['mqtt', 'x-amzn-mqtt-ca'] });
    expect(hello?.random).toMatch(/^[0-9a-f]{64}$/);
    expect(hello?.cipherSuites).toBeGreaterThan(3);
  });

  it('shows a client held to TLS 1.2, and one that sends no SNI', async () => {
    expect(helloOf(await clientHelloBytes({ maxVersion: 'TLSv1.2', servername: '' }))).toMatchObject({
      serverName: null,
      versions: ['TLSv1.2'],
      alpn: [],
    });
  });

  it('reassembles records and handshake messages however the bytes are cut', async () => {
    const bytes = await clientHelloBytes({ servername: 'broker.example' });
    const reader = new RecordReader();
    const records = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(records).toHaveLength(1);
    // The same hello split over two records (RFC 8446 §5.1 allows it).
    const body = records[0]!.body;
    const handshake = new HandshakeReader();
    expect(handshake.push(body.subarray(0, 10))).toEqual([]);
    const [message] = handshake.push(body.subarray(10));
    expect(parseClientHello(message!.body)?.serverName).toBe('broker.example');
  });

  it('leaves GREASE values out and treats garbage as no hello', () => {
    // legacy version, random, empty session id, one suite, null compression, supported_versions {GREASE, 1.3}
    const ext = Buffer.from([0x00, 0x2b, 0x00, 0x05, 0x04, 0x1a, 0x1a, 0x03, 0x04]);
    const body = Buffer.concat([
      Buffer.from([0x03, 0x03]),
      Buffer.alloc(32, 7),
      Buffer.from([0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]),
      Buffer.from([0x00, ext.length]),
      ext,
    ]);
    expect(parseClientHello(body)).toMatchObject({ versions: ['TLSv1.3'], serverName: null, cipherSuites: 1 });
    expect(parseClientHello(Buffer.from('GET / HTTP/1.1\r\n'))).toBeNull();
    expect(parseClientHello(body.subarray(0, 40))).toBeNull();
  });

  it('stops reading a stream whose record length is beyond the limit (not TLS)', () => {
    const reader = new RecordReader();
    expect(reader.push(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x00]))).toEqual([]);
    expect(reader.broken).toBe(true);
  });
});

describe('ServerHello', () => {
  const serverHello = (random: Buffer, versionExt: number | null) => {
    const ext = versionExt === null ? Buffer.alloc(0) : Buffer.from([0x00, 0x2b, 0x00, 0x02, versionExt >> 8, versionExt & 0xff]);
    return Buffer.concat([
      Buffer.from([0x03, 0x03]),
      random,
      Buffer.from([0x00, 0x13, 0x01, 0x00]),
      ...(ext.length ? [Buffer.from([0x00, ext.length]), ext] : []),
    ]);
  };

  it('takes the version from supported_versions, else the legacy field, and spots a HelloRetryRequest', () => {
    expect(parseServerHello(serverHello(Buffer.alloc(32, 1), 0x0304))).toEqual({ version: 'TLSv1.3', helloRetry: false });
    expect(parseServerHello(serverHello(Buffer.alloc(32, 1), null))).toEqual({ version: 'TLSv1.2', helloRetry: false });
    const hrr = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');
    expect(parseServerHello(serverHello(hrr, 0x0304))).toEqual({ version: 'TLSv1.3', helloRetry: true });
    expect(parseServerHello(Buffer.from([0x03]))).toBeNull();
  });
});

// One connection's record-layer gate between the TCP socket and Node's TLS server. It passes
// bytes both ways, reads the ClientHello and the ServerHello on the way, and from the client's
// last handshake flight on holds back what the server sends until the lab has OpenSSL's verdict
// on the client certificate (see tls-alert.ts for why). Accept: the held bytes go out and the
// gate steps aside. Reject: the held bytes are dropped and the alert goes out instead.
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import {
  CONTENT,
  HandshakeReader,
  RecordReader,
  parseClientHello,
  parseServerHello,
  type ClientHello,
  type ServerHello,
} from './tls-records';

/** RFC 8446 §4 HandshakeType. */
const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;

export interface GateHooks {
  onClientHello(hello: ClientHello): void;
  /** The TLS side ended before any verdict: the handshake failed. */
  onEndedEarly(): void;
}

/** The stream Node's TLS server reads from and writes to in place of the socket. */
class GateStream extends Duplex {
  constructor(private readonly gate: TlsGate) {
    super();
  }
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.gate.fromServer(chunk);
    done();
  }
  override _final(done: (error?: Error | null) => void): void {
    this.gate.serverEnded();
    done();
  }
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.gate.serverEnded();
    done(error);
  }
}

export class TlsGate {
  /** Give this to the TLS server (`server.emit('connection', gate.stream)`). */
  readonly stream: Duplex;
  clientHello: ClientHello | null = null;
  serverHello: ServerHello | null = null;
  /** SERVER_TRAFFIC_SECRET_0 of a TLS 1.3 handshake, from the server's key log; only used to write one alert. */
  serverTrafficSecret: Buffer | null = null;
  private readonly clientRecords = new RecordReader();
  private readonly clientHandshake = new HandshakeReader();
  private readonly serverRecords = new RecordReader();
  private readonly serverHandshake = new HandshakeReader();
  private held: Buffer[] | null = null;
  private state: 'open' | 'accepted' | 'closed' = 'open';
  /** The last plaintext alert each side sent during the handshake (70 protocol_version, 48 unknown_ca …). */
  serverAlert: number | null = null;
  clientAlert: number | null = null;
  /** Whether the client closed its side first. */
  clientEnded = false;

  constructor(
    private readonly socket: Socket,
    private readonly hooks: GateHooks,
  ) {
    this.stream = new GateStream(this);
    // Errors of either side end both; the TLS server reports its own as tlsClientError.
    this.stream.on('error', () => undefined);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => this.fromClient(chunk));
    socket.on('end', () => {
      this.clientEnded = true;
      this.stream.push(null);
    });
    socket.on('close', () => {
      this.state = 'closed';
      this.stream.destroy();
    });
  }

  private fromClient(chunk: Buffer): void {
    if (this.state === 'closed') return;
    if (this.state === 'open') this.watchClient(chunk);
    this.stream.push(chunk);
  }

  /** Reads the ClientHello, and starts holding once the client's last handshake flight begins. */
  private watchClient(chunk: Buffer): void {
    for (const record of this.clientRecords.push(chunk)) {
      if (record.type === CONTENT.alert && record.body.length === 2) this.clientAlert = record.body[1]!;
      if (record.type === CONTENT.handshake && this.clientHello === null) {
        for (const message of this.clientHandshake.push(record.body)) {
          if (message.type !== CLIENT_HELLO || this.clientHello !== null) continue;
          this.clientHello = parseClientHello(message.body);
          if (this.clientHello) this.hooks.onClientHello(this.clientHello);
        }
      }
      if (this.held === null && this.serverHello !== null && this.startsLastFlight(record.type)) this.held = [];
    }
  }

  /**
   * TLS 1.2: the client's ChangeCipherSpec follows its Certificate, so what the server sends next
   * (its ChangeCipherSpec and Finished) waits. TLS 1.3: the client's first protected record is
   * its Certificate flight (a compatibility ChangeCipherSpec may come earlier, even before a
   * second ClientHello, RFC 8446 §D.4), so what follows (NewSessionTicket) waits.
   */
  private startsLastFlight(type: number): boolean {
    if (this.serverHello?.version === 'TLSv1.3') return type === CONTENT.applicationData;
    return type === CONTENT.changeCipherSpec;
  }

  /** Bytes the TLS server wrote for the client. */
  fromServer(chunk: Buffer): void {
    if (this.state === 'closed') return;
    if (this.state === 'open') this.watchServer(chunk);
    if (this.held) this.held.push(chunk);
    else this.socket.write(chunk);
  }

  private watchServer(chunk: Buffer): void {
    for (const record of this.serverRecords.push(chunk)) {
      // A 2-byte alert body is a plaintext alert (protected ones are longer).
      if (record.type === CONTENT.alert && record.body.length === 2) this.serverAlert = record.body[1]!;
      if (record.type !== CONTENT.handshake || this.serverHello !== null) continue;
      for (const message of this.serverHandshake.push(record.body)) {
        if (message.type === SERVER_HELLO && this.serverHello === null) this.serverHello = parseServerHello(message.body);
      }
    }
  }

  /** The certificate passed: release what was held and step aside. */
  accept(): void {
    if (this.state !== 'open') return;
    this.state = 'accepted';
    const held = this.held ?? [];
    this.held = null;
    for (const chunk of held) this.socket.write(chunk);
  }

  /** The certificate failed: drop what was held, send the alert (if one could be written) and close. */
  reject(alert: Buffer | null): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.held = null;
    if (alert) this.socket.end(alert);
    else this.socket.end();
    this.closeSoon();
  }

  /** A client that ignores our end (no FIN back) is cut off after a second. */
  private closeSoon(): void {
    const timer = setTimeout(() => this.socket.destroy(), 1000);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  /** The TLS side ended (an error, or the broker closing): anything held goes out first. */
  serverEnded(): void {
    if (this.state === 'closed') return;
    if (this.state === 'open') this.hooks.onEndedEarly();
    this.state = 'closed';
    const held = this.held ?? [];
    this.held = null;
    for (const chunk of held) this.socket.write(chunk);
    this.socket.end();
    this.closeSoon();
  }
}

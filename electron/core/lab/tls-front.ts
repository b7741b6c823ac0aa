// The lab's TLS front door: TCP listeners on loopback, one Node TLS server (fed through a
// TlsGate per connection, never listening itself), OpenSSL's verdict on each client certificate
// turned into the alert OpenSSL would send, and an event for every step. Accepted TLS sockets go
// to the MQTT broker.
import { Buffer } from 'node:buffer';
import { createServer, type Server, type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { constants } from 'node:crypto';
import { tlsAlertName } from '../../../shared/connect/tls-alerts';
import type { LabAttempt } from '../../../shared/lab/lab-event';
import { err, ok, type Result } from '../../../shared/result';
import { certIdentity, type CertIdentity } from './cert-identity';
import type { LabLog } from './lab-log';
import { alertForVerifyError, missingCertificateAlert, plaintextAlert, tls13Alert } from './tls-alert';
import { TlsGate } from './tls-gate';
import { VERIFY_ERROR_TEXT } from './verify-errors';

/** What the listener presents and trusts (PEM). */
export interface LabTlsMaterial {
  key: string;
  cert: string;
  /** The CA that issues the lab's devices: the only one trusted for client certificates. */
  ca: string;
  crl: string;
}

export interface AcceptedConnection {
  socket: TLSSocket;
  attempt: LabAttempt;
  identity: CertIdentity;
}

/** One connection as the front knows it. */
interface Conn {
  attempt: LabAttempt;
  gate: TlsGate;
  raw: Socket;
  /** Why the lab closed it, when it did (for the closing event). */
  closeReason: string | null;
  /** The handshake failed before a verdict on a client certificate. */
  endedEarly: boolean;
  /** Node's error code for this connection's TLS failure, once the key log has linked them. */
  tlsError: string | null;
}

/** What is known of a failed handshake: who sent which alert. */
function handshakeFailure(conn: Conn): string {
  const said = (who: string, alert: number | null) => (alert === null ? null : `the ${who} sent alert ${alert} (${tlsAlertName(alert)})`);
  const parts = [said('client', conn.gate.clientAlert), said('lab', conn.gate.serverAlert)].filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : 'the handshake ended before the client certificate was judged';
}

export interface ListenError {
  code: 'port-in-use' | 'listen-failed';
  message: string;
}

const normalize = (address: string | undefined) => (address ?? '?').replace(/^::ffff:/, '');

export class TlsFront {
  private readonly servers: Server[] = [];
  private readonly tlsServer: tls.Server;
  private readonly byRandom = new Map<string, Conn>();
  private readonly byTls = new WeakMap<TLSSocket, Conn>();
  private readonly open = new Set<Conn>();
  port = 0;
  /** Addresses actually listened on (an IPv6-less machine has no ::1). */
  addresses: string[] = [];

  constructor(
    material: LabTlsMaterial,
    private readonly log: LabLog,
    private readonly onAccepted: (connection: AcceptedConnection) => void,
    handshakeTimeoutMs = 10_000,
  ) {
    this.tlsServer = tls.createServer({
      ...this.contextOptions(material),
      // The verdict is taken from OpenSSL (authorized / authorizationError) in secureConnection.
      requestCert: true,
      rejectUnauthorized: false,
      handshakeTimeout: handshakeTimeoutMs,
    });
    // The key log is the one public link from a TLS socket back to its ClientHello (NSS key log
    // lines are keyed by the client random), and carries the TLS 1.3 traffic secret an alert needs.
    this.tlsServer.on('keylog', (line, socket) => this.onKeylog(line, socket));
    this.tlsServer.on('secureConnection', (socket) => this.onSecure(socket));
    this.tlsServer.on('tlsClientError', (error, socket) => this.onTlsError(error, socket));
  }

  private contextOptions(material: LabTlsMaterial): tls.SecureContextOptions {
    return {
      key: material.key,
      cert: material.cert,
      ca: material.ca,
      crl: material.crl,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      // No TLS 1.2 resumption: an abbreviated handshake would put the server's ChangeCipherSpec
      // before the point where the gate holds, and its alert could no longer be plaintext.
      secureOptions: constants.SSL_OP_NO_TICKET,
    };
  }

  /** New certificates or CRL for connections from now on. */
  setMaterial(material: LabTlsMaterial): void {
    this.tlsServer.setSecureContext(this.contextOptions(material));
  }

  /** Listens on `hosts`, all on one port: `port`, or with `fallback` a free one when it is taken. */
  async listen(hosts: string[], port: number, fallback: boolean): Promise<Result<{ notice: string | null }, ListenError>> {
    let wanted = port;
    for (let round = 0; round < 5; round++) {
      const bound = await this.bindAll(hosts, wanted);
      if (bound.ok) {
        const notice =
          wanted === port ? null : `Port ${port} is in use; the lab listens on port ${this.port} instead (${this.addresses.join(', ')}).`;
        return ok({ notice });
      }
      if (bound.error.code !== 'port-in-use') return bound;
      if (!fallback) return bound;
      wanted = 0;
    }
    return err({ code: 'port-in-use', message: `No free port found for ${hosts.join(' and ')} after 5 tries.` });
  }

  private async bindAll(hosts: string[], port: number): Promise<Result<null, ListenError>> {
    let chosen = port;
    const bound: string[] = [];
    for (const host of hosts) {
      const server = createServer((socket) => this.onConnection(socket));
      const result = await listenOn(server, host, chosen);
      if (result.ok) {
        chosen = result.value;
        this.servers.push(server);
        bound.push(host);
        continue;
      }
      // A machine without IPv6 (or IPv4) loopback: serve the other family.
      if (result.error === 'EADDRNOTAVAIL' || result.error === 'EAFNOSUPPORT') continue;
      await this.closeServers();
      if (result.error === 'EADDRINUSE') return err({ code: 'port-in-use', message: `Port ${chosen} on ${host} is in use.` });
      return err({ code: 'listen-failed', message: `Cannot listen on ${host}:${chosen}: ${result.error}.` });
    }
    if (bound.length === 0) return err({ code: 'listen-failed', message: `None of ${hosts.join(', ')} can be listened on.` });
    this.port = chosen;
    this.addresses = bound;
    return ok(null);
  }

  private async closeServers(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  /** Stops listening and cuts every connection. */
  async close(): Promise<void> {
    const closing = this.closeServers();
    for (const conn of this.open) conn.raw.destroy();
    await closing;
  }

  private onConnection(raw: Socket): void {
    const attempt: LabAttempt = { id: this.log.nextAttemptId(), address: normalize(raw.remoteAddress), port: raw.remotePort ?? 0 };
    const conn: Conn = { attempt, raw, closeReason: null, endedEarly: false, tlsError: null, gate: null as unknown as TlsGate };
    conn.gate = new TlsGate(raw, {
      onClientHello: (hello) => {
        this.byRandom.set(hello.random, conn);
        this.log.emit({
          kind: 'tls-hello',
          attempt,
          serverName: hello.serverName,
          versions: hello.versions,
          alpn: hello.alpn,
          cipherSuites: hello.cipherSuites,
        });
      },
      onEndedEarly: () => {
        conn.endedEarly = true;
        conn.closeReason ??= 'TLS handshake failed';
      },
    });
    this.open.add(conn);
    this.log.emit({ kind: 'connection', attempt, localAddress: normalize(raw.localAddress), localPort: raw.localPort ?? 0 });
    raw.once('close', () => {
      this.open.delete(conn);
      // Reported at the close, when both sides' alerts and Node's error are known.
      if (conn.endedEarly) this.log.emit({ kind: 'tls-error', attempt, code: conn.tlsError, message: handshakeFailure(conn) });
      if (conn.gate.clientHello) this.byRandom.delete(conn.gate.clientHello.random);
      this.log.emit({ kind: 'closed', attempt, reason: conn.closeReason ?? (conn.gate.clientEnded ? 'closed by the client' : 'closed') });
    });
    // A net.Server's 'connection' event takes any Duplex (the way HTTP servers are handed
    // connections): the TLS server wraps the gate's stream as it would a socket.
    this.tlsServer.emit('connection', conn.gate.stream);
  }

  private onKeylog(line: Buffer, socket: TLSSocket): void {
    const [label, random, secret] = line.toString('latin1').trim().split(' ');
    const conn = random ? this.byRandom.get(random.toLowerCase()) : undefined;
    if (!conn) return;
    this.byTls.set(socket, conn);
    if (label === 'SERVER_TRAFFIC_SECRET_0' && secret) conn.gate.serverTrafficSecret = Buffer.from(secret, 'hex');
  }

  private onTlsError(error: Error & { code?: string }, socket: TLSSocket): void {
    const conn = this.byTls.get(socket);
    if (!conn) return; // before the key log: the alerts the gate saw tell what happened
    conn.tlsError = error.code ?? null;
    conn.closeReason ??= `TLS error ${error.code ?? error.message}`;
  }

  /** The handshake finished: OpenSSL's verdict decides between the broker and an alert. */
  private onSecure(socket: TLSSocket): void {
    socket.on('error', () => undefined);
    const conn = this.byTls.get(socket);
    if (!conn) {
      // Cannot happen while the key log works; refuse rather than let an unjudged client in.
      this.log.emit({ kind: 'lab', attempt: null, level: 'error', message: 'A TLS connection could not be matched to its hello; closed.' });
      socket.destroy();
      return;
    }
    const protocol = socket.getProtocol();
    const cipher = socket.getCipher();
    const cipherName = cipher?.standardName ?? cipher?.name ?? null;
    const peer = socket.getPeerX509Certificate();
    const identity = peer ? certIdentity(peer) : null;
    const reason = peer === undefined ? null : socket.authorized ? null : String(socket.authorizationError);
    const verdict = peer === undefined ? 'missing' : reason === null ? 'accepted' : 'rejected';
    const alert = verdict === 'missing' ? missingCertificateAlert(protocol ?? '') : reason ? alertForVerifyError(reason) : null;
    this.log.emit({
      kind: 'client-cert',
      attempt: conn.attempt,
      verdict,
      protocol,
      cipher: cipherName,
      commonName: identity?.commonName ?? null,
      subject: identity?.subject ?? null,
      issuer: identity?.issuer ?? null,
      serialNumber: identity?.serialNumber ?? null,
      reason,
      reasonText: reason ? (VERIFY_ERROR_TEXT[reason] ?? null) : verdict === 'missing' ? 'the client sent no certificate' : null,
      alert: alert === null ? null : { number: alert, name: tlsAlertName(alert) },
    });
    if (verdict !== 'accepted' || identity === null) {
      conn.closeReason = verdict === 'missing' ? 'no client certificate' : `client certificate rejected (${reason})`;
      const record =
        alert === null
          ? null
          : protocol === 'TLSv1.3'
            ? conn.gate.serverTrafficSecret && tls13Alert(alert, cipher?.standardName ?? '', conn.gate.serverTrafficSecret)
            : plaintextAlert(alert);
      conn.gate.reject(record ?? null);
      socket.destroy();
      return;
    }
    conn.gate.accept();
    this.onAccepted({ socket, attempt: conn.attempt, identity });
  }

  /** Marks why the lab is about to close an accepted connection (auth refusal, ACL). */
  noteClose(socket: TLSSocket, reason: string): void {
    const conn = this.byTls.get(socket);
    if (conn) conn.closeReason ??= reason;
  }
}

/** Resolves with the port bound, or the error code (EADDRINUSE …). */
function listenOn(server: Server, host: string, port: number): Promise<Result<number, string>> {
  return new Promise((resolve) => {
    const onError = (e: Error & { code?: string }) => resolve(err(e.code ?? e.message));
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(ok(typeof address === 'object' && address ? address.port : port));
    });
  });
}

// Servers that are not MQTT brokers, or brokers that misbehave on purpose: each one stands
// for a way a real endpoint goes wrong (a firewall that swallows packets, a port that resets,
// an HTTP server on the MQTT port, a TLS terminator with nothing behind it).
import { spawn } from 'node:child_process';
import { connect as netConnect, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll } from 'vitest';
import { LOOPBACK } from './ports';

export interface HostileServer {
  host: typeof LOOPBACK;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  /** TCP connections still open on the server side. */
  openSockets(): number;
  /** Bytes received from clients so far (application data, after TLS for the TLS kinds). */
  bytesReceived(): number;
  close(): Promise<void>;
}

export interface TlsIdentity {
  cert: string | Buffer;
  key: string | Buffer;
  /** Defaults to TLS 1.2..1.3. */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** ALPN protocols the server accepts; a client offering none of them gets alert 120. */
  alpn?: string[];
  /** OpenSSL cipher list for TLS 1.2; one that fits no cipher of the certificate's key fails every handshake. */
  ciphers?: string;
}

/** An HTTP answer: what a web server on the MQTT port would say. Its first byte, 'H' (0x48), is no CONNACK. */
export const HTTP_GARBAGE = Buffer.from(
  'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request',
);

export type Accept = (socket: Socket) => void;

export async function listen(server: Server, accept: Accept, secureEvent: 'connection' | 'secureConnection'): Promise<HostileServer> {
  let connections = 0;
  let received = 0;
  const open = new Set<Socket>();
  // Counted at TCP level for every kind, so "no connection reached us" holds for TLS too.
  server.on('connection', (socket: Socket) => {
    connections++;
    open.add(socket);
    // For TLS the raw socket belongs to the TLS layer: reading it here would steal its bytes.
    if (secureEvent === 'connection') socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => undefined);
    socket.once('close', () => open.delete(socket));
  });
  server.on(secureEvent, (socket: Socket) => {
    socket.on('error', () => undefined);
    if (secureEvent === 'secureConnection') socket.on('data', (chunk: Buffer) => (received += chunk.length));
    accept(socket);
  });
  // A client that aborts the handshake is the point of several tests; never let it throw.
  server.on('tlsClientError', () => undefined);
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the kernel picks a free port atomically, so there is nothing to retry.
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('hostile server has no port');
  let closing: Promise<void> | null = null;
  return {
    host: LOOPBACK,
    port: address.port,
    connections: () => connections,
    openSockets: () => open.size,
    bytesReceived: () => received,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

/** Accepts TCP connections and never says a word (a black-holing middlebox). */
export function silent(): Promise<HostileServer> {
  return listen(createNetServer(), () => undefined, 'connection');
}

/** Accepts and at once destroys each connection (a port whose service resets). */
export function closesAtOnce(): Promise<HostileServer> {
  return listen(createNetServer(), (socket) => socket.destroy(), 'connection');
}

/** Accepts, writes `payload` (an HTTP response by default) and closes, like a web server would. */
export function garbage(payload: Buffer = HTTP_GARBAGE): Promise<HostileServer> {
  return listen(createNetServer(), (socket) => socket.end(payload), 'connection');
}

export const tlsServer = (identity: TlsIdentity): Server =>
  createTlsServer({
    cert: identity.cert,
    key: identity.key,
    minVersion: identity.minVersion ?? 'TLSv1.2',
    maxVersion: identity.maxVersion ?? 'TLSv1.3',
    ALPNProtocols: identity.alpn,
    ciphers: identity.ciphers,
  });

/** Completes the TLS handshake, then answers with `payload` instead of a CONNACK and closes. */
export function tlsGarbage(identity: TlsIdentity, payload: Buffer = HTTP_GARBAGE): Promise<HostileServer> {
  return listen(tlsServer(identity), (socket) => (socket as TLSSocket).end(payload), 'secureConnection');
}

/** Completes the TLS handshake, then closes cleanly (close_notify) without a CONNACK. */
export function tlsClosesAfterHandshake(identity: TlsIdentity): Promise<HostileServer> {
  return listen(tlsServer(identity), (socket) => socket.end(), 'secureConnection');
}

/** Completes the TLS handshake, then stays silent: CONNECT goes unanswered. */
export function tlsSilent(identity: TlsIdentity): Promise<HostileServer> {
  return listen(tlsServer(identity), () => undefined, 'secureConnection');
}

/** Completes the TLS handshake when the client offers one of `identity.alpn`, then stays silent. */
export function tlsServerWithAlpn(identity: TlsIdentity): Promise<HostileServer> {
  return listen(tlsServer(identity), () => undefined, 'secureConnection');
}

/**
 * Completes the TLS handshake, answers the first packet with a successful CONNACK (MQTT 5
 * framing when the CONNECT says protocol level 5), then ignores everything: SUBSCRIBE and
 * PUBLISH go unanswered, as with a broker that hangs after accepting a session.
 */
export function tlsConnackThenSilent(identity: TlsIdentity): Promise<HostileServer> {
  return listen(
    tlsServer(identity),
    (socket) => {
      socket.once('data', (connect: Buffer) => {
        // CONNECT variable header: protocol name "MQTT" (2+4 bytes) then the level, after the
        // fixed header (1 byte + 1..4 length bytes); a level of 5 means MQTT 5.
        const v5 = connect.includes(Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05]));
        socket.write(v5 ? Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]) : Buffer.from([0x20, 0x02, 0x00, 0x00]));
      });
    },
    'secureConnection',
  );
}

/**
 * A listening port whose accept queue is full: the kernel drops further SYNs, so a connect
 * hangs as it would behind a firewall that swallows packets. Node always accepts, so the
 * listener is a small python3 process that listens with a backlog of 0 and never accepts;
 * one connection from here fills the queue.
 */
export async function backlogFull(): Promise<HostileServer> {
  const child = spawn(
    'python3',
    [
      '-c',
      [
        'import socket, sys',
        's = socket.socket()',
        "s.bind(('127.0.0.1', 0))",
        's.listen(0)',
        'print(s.getsockname()[1], flush=True)',
        'sys.stdin.read()',
      ].join('\n'),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (b: Buffer) => resolve(Number(b.toString().trim())));
  });
  const filler = netConnect(port, LOOPBACK);
  filler.on('error', () => undefined);
  await new Promise<void>((resolve) => filler.once('connect', () => resolve()));
  return {
    host: LOOPBACK,
    port,
    connections: () => 1,
    openSockets: () => (filler.destroyed ? 0 : 1),
    bytesReceived: () => 0,
    close: async () => {
      filler.destroy();
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * Completes the TLS handshake and answers CONNECT with a refusing CONNACK: `v311` as the
 * MQTT 3.1.1 return code, `v5` as the MQTT 5 reason code with a Reason String property
 * (MQTT 5.0 §3.2.2.3.9). For the refusals mosquitto never sends (it answers every auth
 * failure with 5 / 0x87), so that their whole path through mqtt.js is exercised.
 */
export function tlsConnackRefusal(
  identity: TlsIdentity,
  codes: { v311: number; v5: number; reasonString: string },
): Promise<HostileServer> {
  return listen(
    tlsServer(identity),
    (socket) => {
      socket.once('data', (connect: Buffer) => {
        const v5 = connect.includes(Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05]));
        if (!v5) {
          socket.end(Buffer.from([0x20, 0x02, 0x00, codes.v311]));
          return;
        }
        const reason = Buffer.from(codes.reasonString, 'utf8');
        const props = Buffer.concat([Buffer.from([0x1f, reason.length >> 8, reason.length & 0xff]), reason]);
        const body = Buffer.concat([Buffer.from([0x00, codes.v5, props.length]), props]);
        socket.end(Buffer.concat([Buffer.from([0x20, body.length]), body]));
      });
    },
    'secureConnection',
  );
}

/**
 * A broker that speaks only MQTT 3.1.1, as mosquitto before 1.6 and other 3.1.1-only brokers
 * do: a level-4 CONNECT is accepted; any other level gets the 3.1.1 refusal CONNACK
 * `20 02 00 01` ("unacceptable protocol version", MQTT 3.1.1 §3.2.2.3) and the connection closes.
 */
export function tlsMqtt311Only(identity: TlsIdentity): Promise<HostileServer> {
  return listen(
    tlsServer(identity),
    (socket) => {
      socket.once('data', (connect: Buffer) => {
        const v311 = connect.includes(Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04]));
        if (v311) socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
        else socket.end(Buffer.from([0x20, 0x02, 0x00, 0x01]));
      });
    },
    'secureConnection',
  );
}

/**
 * Hostile servers for one test file, all closed in afterAll even when a test failed.
 * Call at the top level of a test file.
 */
export function useHostile(): { track(server: Promise<HostileServer>): Promise<HostileServer> } {
  const servers: HostileServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return {
    async track(server: Promise<HostileServer>): Promise<HostileServer> {
      const s = await server;
      servers.push(s);
      return s;
    },
  };
}

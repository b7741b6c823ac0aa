// HTTP servers that stand where a broker's WebSocket endpoint should be: a reverse proxy that
// answers 404 for a wrong path, one that wants HTTP credentials (401) or refuses a client
// (403), a plain web server (200), a gateway whose backend is down (502), a server that
// answers 101 without a valid Sec-WebSocket-Accept, one that never answers, and a real
// WebSocket server (the `ws` library) that does not speak the "mqtt" subprotocol.
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { afterAll } from 'vitest';
import { WebSocketServer } from 'ws';
import { LOOPBACK } from './ports';

export interface WebServer {
  host: typeof LOOPBACK;
  port: number;
  /** The upgrade requests received so far (method, path and headers). */
  requests(): { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** What the server does with an upgrade request. */
export type UpgradeAnswer =
  | { kind: 'status'; status: number; reason: string; headers?: Record<string, string> }
  | { kind: 'bad-accept' }
  | { kind: 'silent' }
  | { kind: 'ws-without-subprotocol' };

export interface WebServerOptions {
  /** With `ca`, the server asks for a client certificate (and takes any, as a proxy judging it later would). */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  answer: UpgradeAnswer;
}

function rawAnswer(socket: Duplex, answer: UpgradeAnswer): void {
  switch (answer.kind) {
    case 'status': {
      const body = `${answer.status} ${answer.reason}\n`;
      const headers = { 'Content-Type': 'text/plain', 'Content-Length': String(body.length), Connection: 'close', ...answer.headers };
      const head = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.end(`HTTP/1.1 ${answer.status} ${answer.reason}\r\n${head}\r\n${body}`);
      return;
    }
    case 'bad-accept':
      // A 101 that looks right but was not computed from the client's key (RFC 6455 §4.2.2).
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n',
      );
      return;
    case 'silent':
      // Reads the request and never answers.
      socket.resume();
      return;
    case 'ws-without-subprotocol':
      return;
    default: {
      const never: never = answer;
      throw new Error(`unknown answer ${JSON.stringify(never)}`);
    }
  }
}

/** Starts a server on a free loopback port that answers every upgrade request as `options.answer` says. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const tls = options.tls;
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}) })
    : createHttpServer();
  const received: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const sockets = new Set<Duplex>();
  server.on('connection', (s: Duplex) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  // A real WebSocket server that chooses no subprotocol, whatever the client offers.
  const wss =
    options.answer.kind === 'ws-without-subprotocol' ? new WebSocketServer({ noServer: true, handleProtocols: () => false }) : null;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    socket.on('error', () => undefined);
    if (wss) wss.handleUpgrade(req, socket, head, (ws) => ws.on('error', () => undefined));
    else rawAnswer(socket, options.answer);
  });
  // A request without Upgrade (never sent by the probe) gets a plain answer.
  server.on('request', (_req, res) => res.writeHead(426, { Connection: 'close' }).end());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web server has no port');
  let closing: Promise<void> | null = null;
  return {
    host: LOOPBACK,
    port: address.port,
    requests: () => received,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        wss?.close();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

/** Web servers for one test file, closed in afterAll. Call at the top level of a test file. */
export function useWebServers(): { start(options: WebServerOptions): Promise<WebServer> } {
  const servers: WebServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return {
    async start(options) {
      const server = await startWebServer(options);
      servers.push(server);
      return server;
    },
  };
}

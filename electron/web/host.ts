/**
 * The web host: the built renderer and the contract (over a WebSocket) on 127.0.0.1, for
 * browsers on the same machine. Only someone holding the token printed at start may use it:
 * every HTTP request and the WebSocket upgrade need it (in the URL, or the cookie set from it),
 * and Host and Origin must name this very listener, so a page on another site, or a DNS name
 * rebound to 127.0.0.1, gets nothing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiResult, EventEnvelope } from '../../shared/ipc/contract';
import { DOWNLOAD_PATH } from '../../shared/certs/workbench';
import { TOKEN_COOKIE, TOKEN_PARAM, WS_PATH, WsClientFrame, type WsHostFrame } from '../../shared/ipc/ws-protocol';
import { openAppCore, type AppCore, type AppCoreOptions } from '../core/host/app-core';
import { readBoundedFile } from '../core/certs/bounded-read';
import { contentSecurityPolicy, contentType, MAX_STATIC_FILE_BYTES, securityHeaders, staticFile } from '../core/host/web-security';

export const LOOPBACK = '127.0.0.1';

export interface WebHostOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  version: string;
  /** Fixed token (tests); random otherwise. */
  token?: string;
  /** The lab broker's port when its settings name none (default 8883); 0 for any free port. */
  labPort?: number;
  /** Overrides for the core (store, probe, clock). */
  core?: Partial<Pick<AppCoreOptions, 'store' | 'probe' | 'now' | 'logError'>>;
  log?: (line: string) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  core: AppCore;
  /** Closes browsers' sockets, every MQTT session, then the listener. */
  close(): Promise<void>;
}

/** A client whose socket buffers more than this gets no message batches until it drains (they are counted as dropped). */
const MAX_BUFFERED = 4 * 1024 * 1024;
/** Largest WebSocket frame accepted: a base64 file import or a publish payload, with room for JSON. */
const MAX_FRAME = 8 * 1024 * 1024;

interface Client {
  socket: WebSocket;
  /** Messages skipped while the socket was congested, per profile, to be reported with the next batch. */
  dropped: Record<string, number>;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookies(header: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return map;
}

/** Status lines for a refused WebSocket upgrade. */
const UPGRADE_STATUS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 421: 'Misdirected Request' };

/** The request target as a URL on this listener, or null when it is not one (`//`, `http://[`, …). */
export function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
  } catch {
    return null;
  }
}

/** Sends each event to every browser; message batches skip (and count) a browser that cannot keep up. */
function eventFanout(clients: Set<Client>): (envelope: EventEnvelope) => void {
  return (envelope) => {
    for (const client of clients) {
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (envelope.event === 'messages:batch') {
        if (client.socket.bufferedAmount > MAX_BUFFERED) {
          // This browser cannot keep up: count what it misses instead of queueing without bound.
          for (const m of envelope.payload.messages) client.dropped[m.profileId] = (client.dropped[m.profileId] ?? 0) + 1;
          continue;
        }
        const dropped = { ...client.dropped };
        for (const [id, n] of Object.entries(envelope.payload.dropped)) dropped[id] = (dropped[id] ?? 0) + n;
        client.dropped = {};
        const frame: WsHostFrame = { type: 'event', event: 'messages:batch', payload: { ...envelope.payload, dropped } };
        client.socket.send(JSON.stringify(frame));
        continue;
      }
      const frame: WsHostFrame = { type: 'event', ...envelope };
      client.socket.send(JSON.stringify(frame));
    }
  };
}

/** Serves the contract to one browser's WebSocket: each frame is validated, dispatched and answered by id. */
function acceptClient(ws: WebSocket, clients: Set<Client>, core: AppCore): void {
  const client: Client = { socket: ws, dropped: {} };
  clients.add(client);
  ws.on('close', () => clients.delete(client));
  ws.on('error', () => clients.delete(client));
  ws.on('message', (data, isBinary) => {
    void (async () => {
      const reply = (id: number, result: ApiResult<unknown>) => {
        const frame: WsHostFrame = { type: 'response', id, result };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
      };
      let raw: unknown;
      try {
        raw = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        raw = undefined;
      }
      const frame = WsClientFrame.safeParse(raw);
      if (!frame.success) {
        const id = (raw as { id?: unknown } | undefined)?.id;
        if (typeof id === 'number') reply(id, { ok: false, error: { code: 'invalid-request', message: 'Malformed request frame.' } });
        else ws.close(1008, 'malformed frame');
        return;
      }
      reply(frame.data.id, await core.api.dispatch(frame.data.channel, frame.data.payload));
    })();
  });
}

/** Starts the host; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const log = options.log ?? ((line: string) => console.error(line));
  const clients = new Set<Client>();

  const send = eventFanout(clients);

  const core = await openAppCore({
    dataDir: options.dataDir,
    host: 'web',
    version: options.version,
    send,
    // A browser never gives a page the path of a file, and the host must not read paths a page names.
    allowPathImport: false,
    ...(options.labPort !== undefined ? { labPort: options.labPort } : {}),
    ...options.core,
  });

  const server = createServer();
  // A request line Node's parser refuses (or a socket that breaks) is answered here, never thrown.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const hosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const origins = new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);
  const cookieName = `${TOKEN_COOKIE}_${port}`; // cookies ignore ports: one per listener
  const csp = contentSecurityPolicy({ connect: [`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`] });

  /** Why a request may not go on (HTTP status and text), or null when it may; `viaQuery` when the URL carried the token. */
  const gate = (req: IncomingMessage): { status: number; text: string } | { viaQuery: boolean } => {
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      return { status: 421, text: 'This host serves 127.0.0.1 only (unexpected Host header).' };
    }
    // A browser sends Origin on cross-origin and module-script requests: only our own page's passes.
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) return { status: 403, text: 'Requests from other sites are refused.' };
    const url = requestUrl(req, port);
    if (!url) return { status: 400, text: 'Bad request target.' };
    const fromQuery = url.searchParams.get(TOKEN_PARAM);
    if (fromQuery !== null && sameToken(fromQuery, token)) return { viaQuery: true };
    const fromCookie = cookies(req.headers.cookie).get(cookieName);
    if (fromCookie !== undefined && sameToken(fromCookie, token)) return { viaQuery: false };
    return { status: 401, text: 'Open the address the Keyhole web host printed when it started: it carries the access token.' };
  };

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders(csp) });
    res.end(`${text}\n`);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const verdict = gate(req);
      if ('status' in verdict) return refuse(res, verdict.status, verdict.text);
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
      const url = requestUrl(req, port)!;
      if (url.pathname === WS_PATH) return refuse(res, 426, 'This address takes WebSocket connections only.');
      if (url.pathname.startsWith(DOWNLOAD_PATH))
        return serveDownload(res, url.pathname.slice(DOWNLOAD_PATH.length), req.method === 'HEAD');
      const file = staticFile(options.rendererDir, url.pathname);
      if (!file) return refuse(res, 404, 'Not found.');
      // Only a regular file is served, and at most MAX_STATIC_FILE_BYTES of it: a FIFO or a device
      // under the renderer's folder must not hang a request or fill the host's memory.
      const read = await readBoundedFile(file, MAX_STATIC_FILE_BYTES);
      if (!read.ok) {
        if (read.error.problem === 'too-large') return refuse(res, 500, `Not served: ${read.error.message}`);
        return file.endsWith('index.html') && read.error.problem === 'not-found'
          ? refuse(res, 503, `The renderer is not built (no ${file}); run \`npm run build\` first.`)
          : refuse(res, 404, 'Not found.');
      }
      const headers: Record<string, string> = {
        'Content-Type': contentType(file),
        'Content-Length': String(read.value.length),
        'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
        ...securityHeaders(csp),
      };
      // The token moves from the URL into a cookie the page's own requests (assets, WebSocket) carry.
      if (verdict.viaQuery) headers['Set-Cookie'] = `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : read.value);
    })().catch((e: unknown) => {
      log(`web host: request failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  /**
   * Workbench files as one zip archive, straight from the host to the browser's downloads: the
   * page's script never holds the keys in them (the request needs the token like any other).
   */
  const serveDownload = (res: ServerResponse, id: string, head: boolean) => {
    const held = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? core.api.workbench.outputs.get(id) : null;
    const zip = held ? core.api.workbench.outputs.zip(id) : null;
    if (!held || !zip) return refuse(res, 404, 'These files are no longer held by the host; issue them again.');
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Length': String(zip.byteLength),
      'Content-Disposition': `attachment; filename="${held.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
      ...securityHeaders(csp),
    });
    res.end(head ? undefined : Buffer.from(zip));
  };

  const reject = (socket: Duplex, status: number, text: string) => {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Nothing a client sends may end the host: a bad target is answered, never thrown.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req, port);
    if (!url) return reject(socket, 400, 'Bad Request');
    if (url.pathname !== WS_PATH) return reject(socket, 404, 'Not Found');
    const verdict = gate(req);
    if ('status' in verdict) return reject(socket, verdict.status, UPGRADE_STATUS[verdict.status] ?? 'Unauthorized');
    // Browsers always send Origin on a WebSocket upgrade; only our own page's is accepted (CSWSH).
    if (!origins.has(req.headers.origin ?? '')) return reject(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  const accept = (ws: WebSocket) => acceptClient(ws, clients, core);

  let closed: Promise<void> | null = null;
  return {
    url: `http://${LOOPBACK}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    core,
    close() {
      closed ??= (async () => {
        // Sessions first, so browsers still hear that their connections closed.
        await core.close();
        const gone = [...clients].map(
          (c) => new Promise<void>((done) => (c.socket.readyState === c.socket.CLOSED ? done() : c.socket.once('close', () => done()))),
        );
        for (const c of clients) c.socket.close(1001, 'host shutting down');
        await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, 1000).unref())]);
        for (const c of clients) c.socket.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
  };
}

// Free loopback ports and "is it listening yet" for servers the tests start themselves.
import { createConnection, createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/**
 * A port that was free a moment ago: bind 127.0.0.1:0, read the port, close. Another process
 * may take it before the caller binds it, so callers that cannot bind in-process retry on
 * EADDRINUSE.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('listen on 127.0.0.1:0 gave no port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * One TCP connect to host:port; true when it was accepted. Resolves only once the socket is
 * closed again, so a caller that counts open handles right after sees none of ours.
 */
export function canConnect(port: number, host = LOOPBACK, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let result = false;
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      result = ok;
      socket.destroy();
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.on('error', () => done(false));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

export interface WaitOptions {
  deadlineMs?: number;
  intervalMs?: number;
  /** Checked between polls: a reason to give up early (e.g. the server process died). */
  abandon?: () => string | null;
}

/** Polls a TCP connect until it succeeds; throws with the reason on deadline or abandon. */
export async function waitForPort(port: number, options: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.deadlineMs ?? 10_000);
  const interval = options.intervalMs ?? 50;
  for (;;) {
    const reason = options.abandon?.() ?? null;
    if (reason !== null) throw new Error(reason);
    if (await canConnect(port)) return;
    const again = options.abandon?.() ?? null;
    if (again !== null) throw new Error(again);
    if (Date.now() > deadline) throw new Error(`nothing listened on ${LOOPBACK}:${port} within ${options.deadlineMs ?? 10_000} ms`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

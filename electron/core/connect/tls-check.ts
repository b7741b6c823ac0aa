// The follow-up check after a plain MQTT connection ended before its CONNACK: does the same
// address and port answer a TLS ClientHello? A ServerHello (or any TLS alert, which only a TLS
// server sends) means the transport was wrong, not that the broker refused the identity.
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { Evidence } from '../../../shared/connect/report';
import { receivedAlert } from './classify';
import type { RawError } from './observations';

export type TlsCheck = NonNullable<Evidence['tlsCheck']>;

export interface TlsCheckTarget {
  address: string;
  port: number;
  /** SNI to send (a name, never an address: RFC 6066 §3). */
  servername?: string;
}

/**
 * Sends one TLS ClientHello to `target` with no credentials and no verification, bounded by
 * `timeoutMs`, and resolves (never rejects) once the socket is closed again.
 */
export function checkTls(target: TlsCheckTarget, timeoutMs: number, signal?: AbortSignal): Promise<TlsCheck> {
  const t0 = performance.now();
  return new Promise<TlsCheck>((resolve) => {
    const socket = tls.connect({
      host: target.address,
      port: target.port,
      servername: target.servername,
      // Only "does it speak TLS" is asked: whose certificate it is does not matter here.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    let done = false;
    const finish = (speaksTls: boolean, answer: string, protocol: string | null = null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const result: TlsCheck = { port: target.port, speaksTls, answer, protocol, durationMs: performance.now() - t0 };
      if (socket.closed) return resolve(result);
      socket.once('close', () => resolve(result));
      socket.destroy();
    };
    const onAbort = () => finish(false, 'no answer (cancelled)');
    const timer = setTimeout(() => finish(false, `no answer within ${timeoutMs} ms`), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const protocol = socket.getProtocol();
      finish(true, `a ${protocol ?? 'TLS'} ServerHello`, protocol);
    });
    socket.on('error', (e: Error & { code?: unknown }) => {
      const raw: RawError = { code: typeof e.code === 'string' ? e.code : undefined, message: e.message };
      // A server that wants a client certificate may refuse us with an alert (40 under TLS 1.2)
      // right after its ServerHello: only a TLS server sends alerts.
      const alert = receivedAlert(raw);
      if (alert) finish(true, `TLS alert ${alert.number} (${alert.name})`);
      else finish(false, raw.code ?? raw.message);
    });
    socket.once('close', () => finish(false, 'a close without an answer'));
  });
}

/** A TLS record header (RFC 8446 §5.1): content type 20–24, then legacy version 3.x. */
export function looksLikeTlsRecord(bytes: Uint8Array): boolean {
  const [type, major, minor] = bytes;
  return type !== undefined && type >= 0x14 && type <= 0x18 && major === 0x03 && minor !== undefined && minor <= 0x04;
}

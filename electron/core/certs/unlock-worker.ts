// Key derivation off the event loop. Opening an encrypted key or a PKCS#12 bundle runs the
// KDF iterations its author chose (up to the caps of kdf-cost.ts: about two seconds of a core);
// on the main thread that freezes the web host's HTTP and WebSocket answers and keeps a time
// limit or SIGTERM from ending the attempt. A worker thread pays instead, and is terminated when
// the attempt is aborted or runs out of time.
//
// A bundle is first opened by OpenSSL as TLS would open it (so a wrong password, a damaged
// bundle or a refused cipher is answered exactly as on the main thread), then taken apart into
// its key and certificates (pkcs12-walk-source.ts), which TLS takes as PEM without a second
// derivation on the main thread.
//
// The worker's source is a string of Node built-ins only (no import of this code base), so it
// runs the same under the CLI and web bundles, Electron's main process and the test runner.
import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { PKCS12_WALK_SOURCE } from './pkcs12-walk-source';

const SOURCE = `
const { parentPort, workerData: job } = require('node:worker_threads');
const { createPrivateKey } = require('node:crypto');
const { createSecureContext } = require('node:tls');
${PKCS12_WALK_SOURCE}
try {
  if (job.kind === 'key') {
    parentPort.postMessage({ ok: true, key: createPrivateKey(job.input) });
  } else {
    createSecureContext({ pfx: Buffer.from(job.pfx), passphrase: job.passphrase });
    let pfx = null;
    let problem = null;
    try {
      pfx = pkcs12Walk(job.pfx, job.passphrase);
    } catch (e) {
      problem = String(e && e.message);
    }
    parentPort.postMessage({ ok: true, pfx, problem });
  }
} catch (e) {
  parentPort.postMessage({ ok: false, error: { code: e && e.code, reason: e && e.reason, message: String(e && e.message) } });
}
`;

/** What `createPrivateKey` takes for an encrypted key; the passphrase is added by the worker's caller. */
export interface KeyInput {
  key: string | Uint8Array;
  format: 'pem' | 'der';
  type?: 'pkcs8';
  passphrase: string;
}

export type UnlockJob = { kind: 'key'; input: KeyInput } | { kind: 'pfx'; pfx: Uint8Array; passphrase: string | undefined };

/** An error from OpenSSL as the worker saw it: the fields that material.ts classifies on. */
export interface UnlockError {
  code?: string;
  reason?: string;
  message: string;
}

/** A bundle as the worker took it apart: its first private key and its certificates (DER, in bundle order). */
export interface WalkedPkcs12 {
  key: KeyObject | null;
  certs: Uint8Array[];
}

export type UnlockOutcome =
  /** `pfx` is null when the bundle opened but could not be taken apart (`problem` says why). */
  | { kind: 'done'; key: KeyObject | null; pfx?: WalkedPkcs12 | null; problem?: string | null }
  | { kind: 'failed'; error: UnlockError }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'aborted' };

/** Runs one key derivation job on a worker thread; ends it on `signal` or after `timeoutMs`. */
export function unlockOffThread(job: UnlockJob, timeoutMs: number, signal?: AbortSignal): Promise<UnlockOutcome> {
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  const started = performance.now();
  return new Promise((resolve) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: job });
    let settled = false;
    const settle = (outcome: UnlockOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // terminate() stops OpenSSL between iterations; the promise it returns needs no waiting.
      void worker.terminate();
      resolve(outcome);
    };
    const onAbort = () => settle({ kind: 'aborted' });
    const timer = setTimeout(() => settle({ kind: 'timeout', afterMs: performance.now() - started }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    type Message = { ok: true; key?: KeyObject; pfx?: WalkedPkcs12 | null; problem?: string | null } | { ok: false; error: UnlockError };
    worker.once('message', (m: Message) =>
      settle(
        m.ok ? { kind: 'done', key: m.key ?? null, pfx: m.pfx ?? null, problem: m.problem ?? null } : { kind: 'failed', error: m.error },
      ),
    );
    worker.once('error', (e) => settle({ kind: 'failed', error: { message: e.message } }));
    worker.once('exit', (code) => settle({ kind: 'failed', error: { message: `the unlocking thread stopped (exit code ${code})` } }));
  });
}

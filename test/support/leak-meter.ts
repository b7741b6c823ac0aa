// What a long loop must leave as it found it: heap after a full collection, open file
// descriptors, sockets and timers of this process, measured before and after and printed.
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { socketHandles } from './connect-harness';

/** Heap in use after a full collection. */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Timers alive in this process. */
export const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Open file descriptors of this process (Linux: /proc/self/fd). */
export const openFds = (): number => readdirSync('/proc/self/fd').length;

export interface Snapshot {
  heap: number;
  fds: number;
  sockets: number;
  timers: number;
}

export const snapshot = (): Snapshot => ({ heap: heapAfterGc(), fds: openFds(), sockets: socketHandles(), timers: timers() });

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

/** One line of figures: what ran, how long, and each measure before → after. */
export function figures(what: string, seconds: number, before: Snapshot, after: Snapshot, extra = ''): string {
  return (
    `${what} in ${seconds.toFixed(1)} s; heap ${mb(before.heap)} MB before, ${mb(after.heap)} MB after; ` +
    `fds ${before.fds} → ${after.fds}, sockets ${before.sockets} → ${after.sockets}, timers ${before.timers} → ${after.timers}${extra ? `; ${extra}` : ''}`
  );
}

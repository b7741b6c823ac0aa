import type { EventPayload } from '../../shared/ipc/contract';

type Batch = EventPayload<'messages:batch'>;

/** Runs a callback soon (once); returns a cancel. */
export type Schedule = (run: () => void) => () => void;

/**
 * The next animation frame, or 100 ms at the latest: a hidden page gets no frames (the HTML
 * event loop skips rendering for it) but must still take in what arrives, or the host's batches
 * would pile up unread.
 */
export const nextFrame: Schedule = (run) => {
  if (typeof requestAnimationFrame !== 'function') {
    const t = setTimeout(run, 16);
    return () => clearTimeout(t);
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    run();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, 100);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

export interface MessageCoalescer {
  push(batch: Batch): void;
  /** Hands on what is pending now (before another event, so the order of events holds). */
  flush(): void;
  stop(): void;
}

/** Shortest time between two store updates: a flood renders ten times a second, not sixty. */
export const MIN_UPDATE_MS = 100;

/**
 * Merges the host's message batches (every 50 ms or 200 messages, so up to hundreds a second in
 * a flood) into one store update per frame, and at most one per `minIntervalMs`: a lone message
 * shows on the next frame, a flood costs React a render every 100 ms whatever the rate.
 */
export function createMessageCoalescer(
  deliver: (batch: Batch) => void,
  schedule: Schedule = nextFrame,
  minIntervalMs = MIN_UPDATE_MS,
): MessageCoalescer {
  let last = -Infinity;
  let messages: Batch['messages'] = [];
  let dropped: Record<string, number> = {};
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    if (messages.length === 0 && Object.keys(dropped).length === 0) return;
    last = Date.now();
    const batch = { messages, dropped };
    messages = [];
    dropped = {};
    deliver(batch);
  };
  return {
    push(batch) {
      for (const m of batch.messages) messages.push(m);
      for (const [id, n] of Object.entries(batch.dropped)) if (n > 0) dropped[id] = (dropped[id] ?? 0) + n;
      if (cancel) return;
      const wait = last + minIntervalMs - Date.now();
      if (wait <= 0) {
        cancel = schedule(flush);
        return;
      }
      let inner: (() => void) | null = null;
      const timer = setTimeout(() => {
        inner = schedule(flush);
      }, wait);
      cancel = () => {
        clearTimeout(timer);
        inner?.();
      };
    },
    flush,
    stop() {
      cancel?.();
      cancel = null;
      messages = [];
      dropped = {};
    },
  };
}

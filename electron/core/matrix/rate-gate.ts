// At most R attempts started per second, for brokers that throttle connection rates: each start
// waits for its slot (1/R s after the previous one). A cancel releases every waiter at once.

export interface RateGate {
  /** Resolves when the next attempt may start; false when the signal was aborted first. */
  take(signal?: AbortSignal): Promise<boolean>;
}

/** A gate of `perSecond` starts per second; undefined lets every start through at once. */
export function createRateGate(perSecond: number | undefined, now: () => number = () => performance.now()): RateGate {
  if (perSecond === undefined || !(perSecond > 0)) return { take: async (signal) => !signal?.aborted };
  const spacing = 1000 / perSecond;
  let next = -Infinity;
  return {
    take(signal) {
      if (signal?.aborted) return Promise.resolve(false);
      const t = now();
      const slot = Math.max(t, next);
      next = slot + spacing;
      const wait = slot - t;
      if (wait <= 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const onAbort = () => {
          clearTimeout(timer);
          resolve(false);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve(!signal?.aborted);
        }, wait);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

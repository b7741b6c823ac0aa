/**
 * One write at a time. A value handed in while a write runs waits; if another arrives before
 * its turn, only the newest is written (the last state wins) and every waiter is answered by
 * that write.
 */
export function createSerialWriter<T>(write: (value: T) => Promise<void>): (value: T) => Promise<void> {
  let pending: { value: T; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | null = null;
  let running = false;

  const pump = async () => {
    running = true;
    while (pending) {
      const batch = pending;
      pending = null;
      try {
        await write(batch.value);
        for (const w of batch.waiters) w.resolve();
      } catch (e) {
        for (const w of batch.waiters) w.reject(e);
      }
    }
    running = false;
  };

  return (value) =>
    new Promise<void>((resolve, reject) => {
      if (pending) {
        pending.value = value;
        pending.waiters.push({ resolve, reject });
      } else {
        pending = { value, waiters: [{ resolve, reject }] };
      }
      if (!running) void pump();
    });
}

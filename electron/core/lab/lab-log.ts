// The lab's event stream: every event numbered and stamped, handed to listeners as it happens,
// and kept in a bounded ring of recent events (a long-running lab must not grow without end). The
// app keeps one log over every run of its lab, so numbers and attempt ids never repeat in it.
import type { LabEvent, LabEventInput } from '../../../shared/lab/lab-event';

export type LabEventListener = (event: LabEvent) => void;

export const DEFAULT_LOG_LIMIT = 5000;

export class LabLog {
  private readonly ring: LabEvent[] = [];
  private start = 0;
  private seq = 0;
  private attempts = 0;
  private readonly listeners = new Set<LabEventListener>();

  constructor(
    private readonly limit = DEFAULT_LOG_LIMIT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records an event and hands it to every listener; a throwing listener cannot stop the broker. */
  emit(input: LabEventInput): LabEvent {
    const event = { ...input, seq: ++this.seq, at: this.now().toISOString() } as LabEvent;
    if (this.ring.length < this.limit) this.ring.push(event);
    else {
      this.ring[this.start] = event;
      this.start = (this.start + 1) % this.limit;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A UI or CLI listener's bug must not reach the broker's socket handlers.
      }
    }
    return event;
  }

  /** A new attempt id; one log may serve several runs of a lab, whose attempts must not share ids. */
  nextAttemptId(): string {
    return `a${++this.attempts}`;
  }

  /** Subscribes to new events; returns the unsubscribe. */
  on(listener: LabEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The recent events, oldest first (at most `limit` of them). */
  recent(): LabEvent[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }
}

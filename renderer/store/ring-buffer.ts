/**
 * A bounded FIFO: once full, each push drops the oldest item. Mutable on purpose (a message log
 * at thousands of messages per second must not copy 10,000 items per batch); the store wraps it
 * in a versioned record so React sees a new value after each batch.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private head = 0; // index of the oldest item
  private count = 0;
  /** Items pushed over the buffer's life, including those dropped since. */
  private pushed = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`capacity must be a positive integer, got ${cap}`);
    this.items = new Array<T | undefined>(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.count;
  }

  /** How many items were pushed in total; `totalPushed - size` were dropped. */
  get totalPushed(): number {
    return this.pushed;
  }

  push(value: T): void {
    this.pushAll([value]);
  }

  pushAll(values: readonly T[]): void {
    for (const v of values) {
      const tail = (this.head + this.count) % this.cap;
      this.items[tail] = v;
      if (this.count < this.cap) this.count++;
      else this.head = (this.head + 1) % this.cap;
      this.pushed++;
    }
  }

  /** The i-th item, oldest first; undefined outside 0..size-1. */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.cap];
  }

  /** A copy, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.cap] as T;
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.cap);
    this.head = 0;
    this.count = 0;
  }

  /** Changes the capacity, keeping the newest items that fit. */
  resize(cap: number): void {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`capacity must be a positive integer, got ${cap}`);
    const keep = this.toArray().slice(-cap);
    this.cap = cap;
    this.items = new Array<T | undefined>(cap);
    this.head = 0;
    this.count = 0;
    const pushed = this.pushed;
    this.pushAll(keep);
    this.pushed = pushed;
  }
}

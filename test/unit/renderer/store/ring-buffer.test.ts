import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../../renderer/store/ring-buffer';

describe('RingBuffer', () => {
  it('keeps items in arrival order until full', () => {
    const b = new RingBuffer<number>(3);
    b.push(1);
    b.pushAll([2, 3]);
    expect(b.toArray()).toEqual([1, 2, 3]);
    expect(b.size).toBe(3);
  });

  it('drops the oldest items once full and counts everything pushed', () => {
    const b = new RingBuffer<number>(3);
    b.pushAll([1, 2, 3, 4, 5]);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.size).toBe(3);
    expect(b.totalPushed).toBe(5);
    expect(b.at(0)).toBe(3);
    expect(b.at(2)).toBe(5);
    expect(b.at(3)).toBeUndefined();
    expect(b.at(-1)).toBeUndefined();
  });

  it('wraps around many times without losing order', () => {
    const b = new RingBuffer<number>(7);
    const all = Array.from({ length: 1000 }, (_, i) => i);
    for (let i = 0; i < all.length; i += 13) b.pushAll(all.slice(i, i + 13));
    expect(b.toArray()).toEqual(all.slice(-7));
  });

  it('clears', () => {
    const b = new RingBuffer<string>(2);
    b.pushAll(['a', 'b', 'c']);
    b.clear();
    expect(b.toArray()).toEqual([]);
    b.push('d');
    expect(b.toArray()).toEqual(['d']);
  });

  it('resizes, keeping the newest items that fit', () => {
    const b = new RingBuffer<number>(5);
    b.pushAll([1, 2, 3, 4, 5, 6]);
    b.resize(3);
    expect(b.toArray()).toEqual([4, 5, 6]);
    expect(b.capacity).toBe(3);
    expect(b.totalPushed).toBe(6);
    b.resize(10);
    b.push(7);
    expect(b.toArray()).toEqual([4, 5, 6, 7]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(2.5)).toThrow(RangeError);
    expect(() => new RingBuffer(3).resize(-1)).toThrow(RangeError);
  });
});

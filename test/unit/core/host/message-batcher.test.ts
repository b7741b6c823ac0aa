import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MqttMessage } from '../../../../shared/ipc/contract';
import { createMessageBatcher, displayPayload } from '../../../../electron/core/host/message-batcher';

const msg = (seq: number): MqttMessage => ({
  seq,
  profileId: 'p',
  direction: 'in',
  topic: 't',
  payload: '',
  encoding: 'utf8',
  size: 0,
  truncated: false,
  qos: 0,
  retain: false,
  dup: false,
  at: 0,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('message batcher', () => {
  it('sends a batch after the interval, not per message', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const b = createMessageBatcher({ intervalMs: 50, maxMessages: 200, flush: (m) => batches.push(m.map((x) => x.seq)) });
    b.push(msg(1));
    b.push(msg(2));
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([[1, 2]]);
    vi.advanceTimersByTime(500);
    expect(batches).toHaveLength(1);
  });

  it('sends at once when a batch is full', () => {
    vi.useFakeTimers();
    const batches: number[] = [];
    const b = createMessageBatcher({ intervalMs: 50, maxMessages: 3, flush: (m) => batches.push(m.length) });
    for (let i = 0; i < 7; i++) b.push(msg(i));
    expect(batches).toEqual([3, 3]);
    b.flush();
    expect(batches).toEqual([3, 3, 1]);
    b.dispose();
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([3, 3, 1]);
  });
});

describe('displayPayload', () => {
  it('shows UTF-8 as text and anything else as base64', () => {
    expect(displayPayload(Buffer.from('{"t":21.5} ✓'))).toEqual({ payload: '{"t":21.5} ✓', encoding: 'utf8', size: 14, truncated: false });
    expect(displayPayload(Buffer.from([0xff, 0x00, 0x80]))).toEqual({ payload: '/wCA', encoding: 'base64', size: 3, truncated: false });
  });

  it('cuts large payloads without calling a split character binary', () => {
    // 'é' is two bytes: a cut at 5 bytes splits the third one.
    const d = displayPayload(Buffer.from('éééé'), 5);
    expect(d).toEqual({ payload: 'éé', encoding: 'utf8', size: 8, truncated: true });
    const bin = displayPayload(Buffer.alloc(10, 0xff), 4);
    expect(bin).toEqual({ payload: Buffer.alloc(4, 0xff).toString('base64'), encoding: 'base64', size: 10, truncated: true });
  });
});

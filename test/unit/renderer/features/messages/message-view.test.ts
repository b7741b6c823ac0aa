import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MqttMessage } from '../../../../../shared/ipc/contract';
import {
  NO_QUERY,
  queryMatcher,
  updateView,
  type MessageQuery,
  type MessageView,
} from '../../../../../renderer/features/messages/message-view';
import { RingBuffer } from '../../../../../renderer/store/ring-buffer';
import { message } from '../../../../support/renderer/fixtures';

const topics = (v: MessageView) => v.items.map((m) => m.topic);

describe('message query', () => {
  it('lets everything through when empty', () => {
    expect(queryMatcher(NO_QUERY)).toBeNull();
  });

  it('combines topic, direction and payload text', () => {
    const match = queryMatcher({ topic: 'sensors/+/t', direction: 'in', search: 'HOT' });
    expect(match?.(message('a', 'sensors/1/t', 'very hot'))).toBe(true);
    expect(match?.(message('a', 'sensors/1/t', 'cold'))).toBe(false);
    expect(match?.(message('a', 'sensors/1/h', 'hot'))).toBe(false);
    expect(match?.(message('a', 'sensors/1/t', 'hot', { direction: 'out' }))).toBe(false);
    // Binary payloads are searched as leniently decoded text: "\xffhot" in base64.
    expect(match?.(message('a', 'sensors/1/t', '/2hvdA==', { encoding: 'base64' }))).toBe(true);
  });
});

describe('incremental view', () => {
  it('filters only what arrived, and lets go what the buffer dropped', () => {
    const buffer = new RingBuffer<MqttMessage>(4);
    const source = { kind: 'live' as const, buffer };
    const q: MessageQuery = { ...NO_QUERY, topic: 'a' };
    buffer.pushAll([message('p', 'a1'), message('p', 'b1')]);
    let v = updateView(null, source, q);
    expect(topics(v)).toEqual(['a1']);
    buffer.pushAll([message('p', 'a2'), message('p', 'a3'), message('p', 'a4')]);
    v = updateView(v, source, q);
    expect(topics(v)).toEqual(['a2', 'a3', 'a4']);
    expect(v.added).toBe(3);
    const same = updateView(v, source, q);
    expect(same).toBe(v);
    buffer.clear();
    v = updateView(v, source, q);
    expect(topics(v)).toEqual([]);
    buffer.push(message('p', 'a5'));
    expect(topics(updateView(v, source, q))).toEqual(['a5']);
  });

  it('reads the whole log again when the query changes, keeping the count of what was added', () => {
    const buffer = new RingBuffer<MqttMessage>(10);
    const source = { kind: 'live' as const, buffer };
    buffer.pushAll([message('p', 'x', '1'), message('p', 'y', '2')]);
    let v = updateView(null, source, { ...NO_QUERY, topic: 'x' });
    v = updateView(v, source, NO_QUERY);
    expect(topics(v)).toEqual(['x', 'y']);
    expect(v.added).toBe(0);
  });

  it('always equals filtering the buffer from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.integer({ min: 0, max: 30 }), clear: fc.boolean() }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        (steps, cap) => {
          const buffer = new RingBuffer<MqttMessage>(cap);
          const source = { kind: 'live' as const, buffer };
          const q: MessageQuery = { topic: '', direction: 'in', search: '7' };
          let v: MessageView | null = null;
          for (const step of steps) {
            if (step.clear) buffer.clear();
            for (let i = 0; i < step.n; i++) buffer.push(message('p', 't', String(i), { direction: i % 3 ? 'in' : 'out' }));
            v = updateView(v, source, q);
            const match = queryMatcher(q) as (m: MqttMessage) => boolean;
            expect(v.items.map((m) => m.seq)).toEqual(
              buffer
                .toArray()
                .filter(match)
                .map((m) => m.seq),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, expandRight, filterCovers, topicMatches } from '../../../../electron/core/lab/topic-rights';

const values = { commonName: 'dev-1', username: 'user-1', clientId: 'client-1' };

describe('topicMatches (MQTT 3.1.1 §4.7)', () => {
  it.each([
    ['sport/tennis/player1/#', 'sport/tennis/player1', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
    ['sport/#', 'sport', true],
    ['#', 'a/b/c', true],
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    ['#', '$SYS/broker', false],
    ['+/monitor/Clients', '$SYS/monitor/Clients', false],
    ['$SYS/#', '$SYS/broker', true],
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

describe('filterCovers', () => {
  it.each([
    ['devices/dev-1/#', 'devices/dev-1/keyhole-check', true],
    ['devices/dev-1/#', 'devices/dev-1/+', true],
    ['devices/dev-1/#', 'devices/dev-1/#', true],
    ['devices/dev-1/#', 'devices/+/x', false],
    ['devices/dev-1/#', 'devices/#', false],
    ['devices/+/x', 'devices/dev-1/x', true],
    ['devices/+/x', 'devices/+/x', true],
    ['devices/+/x', 'devices/#', false],
    ['#', '$SYS/#', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(filterCovers(outer, inner)).toBe(expected);
  });

  // Sound: a subscription allowed by a right never receives a topic the right does not match.
  it('never lets a covered subscription match a topic the right does not', () => {
    const level = fc.constantFrom('a', 'b', '+', '#');
    const filter = fc.array(level, { minLength: 1, maxLength: 4 }).map((l) => {
      const i = l.indexOf('#');
      return (i >= 0 ? l.slice(0, i + 1) : l).join('/');
    });
    const topic = fc.array(fc.constantFrom('a', 'b', ''), { minLength: 1, maxLength: 5 }).map((l) => l.join('/'));
    fc.assert(
      fc.property(filter, filter, topic, (outer, inner, t) => {
        if (filterCovers(outer, inner) && topicMatches(inner, t)) expect(topicMatches(outer, t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('rights with placeholders', () => {
  it('fills %C, %u, %c and %%', () => {
    expect(expandRight('devices/%C/%u/%c/100%%', values)).toBe('devices/dev-1/user-1/client-1/100%');
  });

  it('drops a right whose value would widen it (/, +, # or empty)', () => {
    for (const clientId of ['#', 'a/b', '+', '']) expect(expandRight('devices/%c/#', { ...values, clientId })).toBeNull();
    expect(decide({ publish: ['devices/%c/#'], subscribe: [] }, 'publish', 'devices/x/y', { ...values, clientId: '#' })).toMatchObject({
      allowed: false,
    });
  });

  it('decides and says why', () => {
    const rights = { publish: ['devices/%C/#'], subscribe: ['devices/%C/#', 'broadcast/#'] };
    expect(decide(rights, 'publish', 'devices/dev-1/t', values)).toEqual({ allowed: true, rule: 'devices/%C/#', reason: '' });
    expect(decide(rights, 'subscribe', 'broadcast/all', values)).toEqual({ allowed: true, rule: 'broadcast/#', reason: '' });
    expect(decide(rights, 'publish', 'devices/dev-2/t', values)).toEqual({
      allowed: false,
      rule: null,
      reason: "outside this identity's publish rights (devices/%C/#)",
    });
    expect(decide({ publish: [], subscribe: [] }, 'subscribe', 'x', values).reason).toBe('this identity has no subscribe rights');
  });
});

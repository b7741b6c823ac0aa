import { describe, expect, it } from 'vitest';
import {
  colorFor,
  topicFilterAccepts,
  topicFilterError,
  topicMatches,
  topicNameError,
} from '../../../../../renderer/features/messages/topic-match';

describe('topic filters (MQTT 5.0 §4.7)', () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'a/b', true],
    ['+/+', 'a/b', true],
    ['+', '/a', false],
    ['a/b', 'a/c', false],
    ['#', '$SYS/broker', false],
    ['+/broker', '$SYS/broker', false],
    ['$SYS/#', '$SYS/broker', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('filters the list by wildcard or by substring', () => {
    expect(topicFilterAccepts('', 'x')).toBe(true);
    expect(topicFilterAccepts('Temp', 'sensors/temperature')).toBe(true);
    expect(topicFilterAccepts('sensors/+', 'sensors/temperature/1')).toBe(false);
  });

  it('colours a message by the first subscription that matches', () => {
    expect(colorFor({ 'a/#': 'red', 'a/b': 'blue' }, 'a/b')).toBe('red');
    expect(colorFor({ 'x/#': 'red' }, 'a/b')).toBeUndefined();
  });

  it('checks filter and topic name syntax', () => {
    expect(topicFilterError('a/#/b')).toBe('“#” must be the last level, alone');
    expect(topicFilterError('a/b+')).toBe('“+” must fill a whole level');
    expect(topicFilterError('a/+/#')).toBeUndefined();
    expect(topicNameError('a/+')).toBe('No wildcards when publishing');
    expect(topicNameError('')).toBe('Enter a topic');
  });
});

import { describe, expect, it } from 'vitest';
import type { MqttMessage } from '../../../../../shared/ipc/contract';
import { exportedMessage, messagesCsv, messagesJson } from '../../../../../renderer/features/messages/message-export';

const message = (over: Partial<MqttMessage>): MqttMessage => ({
  seq: 1,
  profileId: 'p1',
  direction: 'in',
  topic: 'devices/d1/temp',
  payload: 'aGk=',
  encoding: 'base64',
  size: 2,
  truncated: false,
  qos: 0,
  retain: false,
  dup: false,
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
  ...over,
});

describe('message export', () => {
  it('writes a payload as text and as base64', () => {
    expect(exportedMessage(message({}))).toMatchObject({
      time: '2026-01-02T03:04:05.000Z',
      direction: 'received',
      payload_text: 'hi',
      payload_base64: 'aGk=',
    });
    expect(exportedMessage(message({ payload: 'hi', encoding: 'utf8' })).payload_base64).toBe('aGk=');
  });

  it('keeps a base64 payload that is not base64 as it arrived, with no text, instead of throwing', () => {
    const e = exportedMessage(message({ payload: '\u0000', encoding: 'base64' }));
    expect(e.payload_text).toBeNull();
    expect(e.payload_base64).toBe('\u0000');
  });

  it('writes a time Date cannot hold as its number, instead of throwing', () => {
    const m = message({ at: 1e20 });
    expect(exportedMessage(m).time).toBe('100000000000000000000');
    expect(JSON.parse(messagesJson([m]))[0].time).toBe('100000000000000000000');
    expect(messagesCsv([m]).split('\r\n')[1]).toMatch(/^100000000000000000000,received,/);
  });
});

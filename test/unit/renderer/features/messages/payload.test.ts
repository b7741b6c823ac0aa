import { describe, expect, it } from 'vitest';
import { displayPayload, encodePayload, toHex } from '../../../../../renderer/features/messages/payload';

describe('publish payload notations', () => {
  it('sends text and JSON as UTF-8, and refuses broken JSON', () => {
    expect(encodePayload('héllo', 'text')).toEqual({ ok: true, payload: 'héllo', encoding: 'utf8' });
    expect(encodePayload('{"a":1}', 'json')).toEqual({ ok: true, payload: '{"a":1}', encoding: 'utf8' });
    const bad = encodePayload('{a:1}', 'json');
    expect(bad.ok ? null : bad.error).toMatch(/^Not valid JSON/);
  });

  it('turns hex into base64 bytes, ignoring separators', () => {
    expect(encodePayload('de ad:be-ef', 'hex')).toEqual({ ok: true, payload: '3q2+7w==', encoding: 'base64' });
    expect(encodePayload('0x01 0x02', 'hex')).toEqual({ ok: true, payload: 'AQI=', encoding: 'base64' });
    expect(encodePayload('abc', 'hex').ok).toBe(false);
    expect(encodePayload('zz', 'hex').ok).toBe(false);
  });

  it('checks base64', () => {
    expect(encodePayload('3q2+ 7w==', 'base64')).toEqual({ ok: true, payload: '3q2+7w==', encoding: 'base64' });
    expect(encodePayload('***', 'base64').ok).toBe(false);
  });
});

describe('payload display', () => {
  it('shows text, pretty JSON and hex', () => {
    const m = { payload: '{"t":21.5}', encoding: 'utf8' as const };
    expect(displayPayload(m, 'text').text).toBe('{"t":21.5}');
    expect(displayPayload(m, 'json').text).toBe('{\n  "t": 21.5\n}');
    expect(displayPayload(m, 'hex').text).toBe('7b 22 74 22 3a 32 31 2e 35 7d');
    expect(displayPayload({ payload: 'plain', encoding: 'utf8' }, 'json')).toEqual({ text: 'plain', note: 'not JSON' });
  });

  it('falls back to hex for bytes that are not UTF-8', () => {
    expect(displayPayload({ payload: '/w==', encoding: 'base64' }, 'text')).toEqual({ text: 'ff', note: 'binary: shown as hex' });
    expect(displayPayload({ payload: 'aGk=', encoding: 'base64' }, 'text').text).toBe('hi');
  });

  it('breaks hex into lines of 16 bytes', () => {
    expect(toHex(new Uint8Array(17)).split('\n')).toHaveLength(2);
  });
});

import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode, Tag } from 'cbor2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBase64, displayPayload, encodePayload, searchableText, toHex } from '../../../../../renderer/features/messages/payload';

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
    const notJson = displayPayload({ payload: 'plain', encoding: 'utf8' }, 'json');
    expect(notJson.text).toBe('plain');
    expect(notJson.error).toMatch(/^Not JSON: /);
  });

  it('falls back to hex for bytes that are not UTF-8', () => {
    expect(displayPayload({ payload: '/w==', encoding: 'base64' }, 'text')).toEqual({ text: 'ff', note: 'binary: shown as hex' });
    expect(displayPayload({ payload: 'aGk=', encoding: 'base64' }, 'text').text).toBe('hi');
  });

  it('searches a base64 payload that is not base64 as it arrived, instead of throwing', () => {
    expect(searchableText({ payload: '\u0000', encoding: 'base64' })).toBe('\u0000');
    expect(displayPayload({ payload: '\u0000', encoding: 'base64' }, 'hex').error).toMatch(/^Payload could not be read: /);
  });

  it('names what a CBOR tag held instead of [object Object], and keeps the reason short', () => {
    // Tag 0 (RFC 8949 §3.4.1, a date string) over an empty map, then over 10,000 numbers.
    expect(displayPayload(asMessage(Uint8Array.from([0xc0, 0xa0])), 'cbor').error).toBe('Not CBOR: Expected string: a map');
    const long = displayPayload(asMessage(cborEncode(new Tag(0, new Array(10_000).fill(1234567)))), 'cbor');
    expect(long.error).toMatch(/^Not CBOR: Expected string: 1234567,/);
    expect(long.error!.length).toBeLessThan(220);
  });

  it('breaks hex into lines of 16 bytes', () => {
    expect(toHex(new Uint8Array(17)).split('\n')).toHaveLength(2);
  });
});

const asMessage = (bytes: Uint8Array) => ({ payload: bytesToBase64(bytes), encoding: 'base64' as const });
const VIEWS = ['text', 'json', 'hex', 'base64', 'cbor', 'msgpack'] as const;

describe('binary payload views', () => {
  it('shows base64 of text and of bytes', () => {
    expect(displayPayload({ payload: 'hi', encoding: 'utf8' }, 'base64').text).toBe('aGk=');
    expect(displayPayload({ payload: '3q2+7w==', encoding: 'base64' }, 'base64').text).toBe('3q2+7w==');
  });

  it('decodes CBOR (RFC 8949) maps, byte strings and big integers', () => {
    const bytes = cborEncode({ t: 21.5, raw: new Uint8Array([1, 2]), big: 2n ** 70n, list: [1, null] });
    const shown = displayPayload(asMessage(bytes), 'cbor');
    expect(shown.error).toBeUndefined();
    expect(shown.text).toBe(
      [
        '{',
        '  "t": 21.5,',
        '  "raw": h\'0102\',',
        '  "big": 1180591620717411303424n,',
        '  "list": [',
        '    1,',
        '    null',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('decodes MessagePack, 64-bit integers included', () => {
    const bytes = msgpackEncode({ id: 7, on: true, n: 2n ** 63n - 1n }, { useBigInt64: true });
    const shown = displayPayload(asMessage(bytes), 'msgpack');
    expect(shown.error).toBeUndefined();
    expect(shown.text).toBe('{\n  "id": 7,\n  "on": true,\n  "n": 9223372036854775807n\n}');
  });

  it('says why bytes are not CBOR, MessagePack or JSON, and shows them as hex', () => {
    const cbor = displayPayload(asMessage(new Uint8Array([0x01, 0x01])), 'cbor');
    expect(cbor).toEqual({ text: '01 01', error: expect.stringMatching(/^Not CBOR: /) });
    const msgpack = displayPayload(asMessage(new Uint8Array([0xc1])), 'msgpack');
    expect(msgpack).toEqual({ text: 'c1', error: expect.stringMatching(/^Not MessagePack: /) });
    expect(displayPayload(asMessage(new Uint8Array([0xff])), 'json').error).toMatch(/^Not JSON: the bytes are not UTF-8/);
  });

  it('searches binary payloads as leniently decoded text', () => {
    expect(searchableText(asMessage(new Uint8Array([0xff, 0x68, 0x69])))).toBe('\ufffdhi');
    expect(searchableText({ payload: 'plain', encoding: 'utf8' })).toBe('plain');
  });

  it('never throws on arbitrary bytes, in any view', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...VIEWS), (bytes, view) => {
        const shown = displayPayload(asMessage(bytes), view);
        expect(typeof shown.text).toBe('string');
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary text, in any view', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom(...VIEWS), (text, view) => {
        expect(typeof displayPayload({ payload: text, encoding: 'utf8' }, view).text).toBe('string');
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on deeply nested CBOR or MessagePack', () => {
    const deepCbor = new Uint8Array([...new Array<number>(5000).fill(0x81), 0x00]);
    expect(displayPayload(asMessage(deepCbor), 'cbor').error).toMatch(/^Not CBOR: /);
    const deepMsgpack = new Uint8Array([...new Array<number>(5000).fill(0x91), 0x00]);
    expect(displayPayload(asMessage(deepMsgpack), 'msgpack').error).toMatch(/^Not MessagePack: /);
  });
});

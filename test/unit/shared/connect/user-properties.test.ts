// A `__proto__` user property in a document (JSON.parse makes it an own key) must not pass as
// settings: in a plain object it is the prototype, and mqtt-packet would write a broken CONNECT.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectSettings, defaultSettings } from '../../../../shared/connect/settings';

const withProperties = (json: string) => ({
  settings: { ...defaultSettings({ host: 'h' }), properties: { userProperties: JSON.parse(json) as unknown } },
});

describe('user properties', () => {
  it('refuses the name __proto__ with a specific message, whatever its value', () => {
    for (const value of ['5', '"x"', '["a"]', '{"polluted":true}']) {
      const parsed = ConnectSettings.safeParse(withProperties(`{"__proto__":${value}}`).settings);
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(parsed.error.issues.map((i) => i.message).join('; ')).toMatch(/"__proto__" is not accepted/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts any other name with string values, and every accepted value is a string or strings', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()))), (props) => {
        const parsed = ConnectSettings.safeParse(withProperties(JSON.stringify(props)).settings);
        if (!parsed.success) return;
        for (const value of Object.values(parsed.data.properties?.userProperties ?? {})) {
          expect(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT, reconnectDelay } from '../../../../../shared/connect/settings';
import {
  draftFromForm,
  formFromProfile,
  validateForm,
  type FormValues,
} from '../../../../../renderer/features/profile-editor/profile-draft';
import { materialRef, profile } from '../../../../support/renderer/fixtures';

const material = { ca: [materialRef('ca', { id: 'ca1' })], cert: null, key: null, pfx: null };
const valid = (overrides: Partial<FormValues> = {}): FormValues => ({
  ...formFromProfile(null),
  host: 'broker.test',
  identity: 'none',
  material,
  ...overrides,
});

describe('reconnect fields of the profile editor', () => {
  it('starts off and saves no policy while untouched', () => {
    const v = valid();
    expect(v.reconnect).toBe(false);
    const out = draftFromForm(v, undefined);
    expect(out.ok && out.draft.settings.reconnect).toBeUndefined();
  });

  it('saves the policy turned on, with no limit for an empty "most attempts", and reads it back', () => {
    const out = draftFromForm(
      valid({ reconnect: true, reconnectInitialMs: 500, reconnectMaxMs: 4000, reconnectFactor: 1.5, reconnectMaxAttempts: '' }),
      undefined,
    );
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.draft.settings.reconnect).toEqual({ enabled: true, initialDelayMs: 500, maxDelayMs: 4000, factor: 1.5, maxAttempts: null });
    const back = formFromProfile(profile('p1', { settings: out.draft.settings }));
    expect(back).toMatchObject({
      reconnect: true,
      reconnectInitialMs: 500,
      reconnectMaxMs: 4000,
      reconnectFactor: 1.5,
      reconnectMaxAttempts: '',
    });
  });

  it.each([
    [{ reconnectInitialMs: 50 }, 'reconnectInitialMs', 'Between 100 and 3600000'],
    [{ reconnectMaxMs: 500, reconnectInitialMs: 1000 }, 'reconnectMaxMs', 'At least the initial delay'],
    [{ reconnectFactor: 0.5 }, 'reconnectFactor', 'Between 1 and 10'],
    [{ reconnectMaxAttempts: 0 }, 'reconnectMaxAttempts', 'Between 1 and 1000000'],
  ] as const)('says what is wrong with %o', (change, field, message) => {
    expect(validateForm(valid({ reconnect: true, ...change }))[field]).toBe(message);
    // Off, the same values are not a reason to refuse the save (and are not saved).
    expect(validateForm(valid({ reconnect: false, ...change }))[field]).toBeUndefined();
  });

  it('keeps a tuned policy that is switched off, so turning it on again restores it', () => {
    const out = draftFromForm(valid({ reconnect: false, reconnectInitialMs: 2000 }), undefined);
    expect(out.ok && out.draft.settings.reconnect).toEqual({ ...DEFAULT_RECONNECT, initialDelayMs: 2000 });
  });

  it('backs off by the factor up to the longest delay', () => {
    const p = { enabled: true, initialDelayMs: 1000, maxDelayMs: 5000, factor: 2, maxAttempts: null };
    expect([1, 2, 3, 4, 5].map((k) => reconnectDelay(p, k))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

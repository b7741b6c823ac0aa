import { describe, expect, it } from 'vitest';
import {
  exportFormErrors,
  exportRequestOf,
  heldSecrets,
  passphraseStrength,
  plannedMissing,
  secretKindsText,
} from '../../../../../renderer/features/transfer/export-plan';
import { ExportRequest } from '../../../../../shared/ipc/contract';
import { materialRef, profile } from '../../../../support/renderer/fixtures';

const withKey = profile('k', {
  name: 'Keyed',
  material: { ca: [materialRef('ca')], cert: materialRef('cert'), key: materialRef('key'), pfx: null },
  secrets: { hasPassphrase: true, hasPassword: true, hasPfxPassword: false },
});
const bundle = profile('p', {
  name: 'Bundle',
  material: { ca: [], cert: null, key: null, pfx: materialRef('pfx', { kind: 'pkcs12' }) },
  secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: true },
});
const plain = profile('n', { name: 'Plain' });

describe('export plan', () => {
  it('names the secrets a profile holds from its flags and files', () => {
    expect(heldSecrets(withKey)).toEqual(['private-key', 'key-passphrase', 'mqtt-password']);
    expect(heldSecrets(bundle)).toEqual(['pkcs12', 'pkcs12-password']);
    expect(heldSecrets(plain)).toEqual([]);
  });

  it('without secrets, lists every profile that will lack some', () => {
    expect(plannedMissing([withKey, bundle, plain], false, new Set())).toEqual([
      { profileId: 'k', name: 'Keyed', missing: ['private-key', 'key-passphrase', 'mqtt-password'], why: 'excluded' },
      { profileId: 'p', name: 'Bundle', missing: ['pkcs12', 'pkcs12-password'], why: 'excluded' },
    ]);
  });

  it('with secrets, lists only the profiles whose secrets cannot be decrypted here', () => {
    expect(plannedMissing([withKey, bundle], true, new Set())).toEqual([]);
    expect(plannedMissing([withKey, bundle], true, new Set(['p']))).toEqual([
      { profileId: 'p', name: 'Bundle', missing: ['pkcs12', 'pkcs12-password'], why: 'locked' },
    ]);
  });

  it('says the kinds in words', () => {
    expect(secretKindsText([])).toBe('');
    expect(secretKindsText(['private-key'])).toBe('private key');
    expect(secretKindsText(['private-key', 'key-passphrase', 'mqtt-password'])).toBe('private key, key passphrase and MQTT password');
  });

  it.each([
    ['', 0, 'Too short'],
    ['abc1234', 0, 'Too short'],
    ['aaaaaaaaaaaa', 1, 'Weak'],
    ['abcdefgh', 1, 'Weak'],
    ['password', 1, 'Weak'],
    ['velvet427', 2, 'Fair'],
    ['lantern orbit', 3, 'Good'],
    ['lantern orbit velvet', 4, 'Strong'],
    ['correct horse battery staple', 4, 'Strong'],
  ])('rates %j as %i (%s)', (passphrase, score, label) => {
    const s = passphraseStrength(passphrase);
    expect([s.score, s.label]).toEqual([score, label]);
    // Weak ones say how to do better; strong ones do not nag.
    expect(s.advice === undefined).toBe(score >= 3);
  });

  it('checks the form: a selection, and with secrets a long enough, confirmed passphrase', () => {
    const base = { profileIds: null, withSecrets: false, passphrase: '', confirm: '' };
    expect(exportFormErrors(base)).toEqual({});
    expect(exportFormErrors({ ...base, profileIds: [] })).toEqual({ selection: 'Choose at least one profile.' });
    expect(exportFormErrors({ ...base, withSecrets: true, passphrase: 'short', confirm: 'short' })).toEqual({
      passphrase: 'Use a passphrase of at least 8 characters.',
    });
    expect(exportFormErrors({ ...base, withSecrets: true, passphrase: 'long enough', confirm: 'long enougH' })).toEqual({
      confirm: 'The two passphrases differ.',
    });
    expect(exportFormErrors({ ...base, withSecrets: true, passphrase: 'long enough', confirm: 'long enough' })).toEqual({});
  });

  it('builds requests the contract accepts; the passphrase travels only with secrets', () => {
    const without = exportRequestOf({
      profileIds: ['a'],
      withSecrets: false,
      passphrase: 'typed then unticked',
      confirm: 'typed then unticked',
    });
    expect(without).toEqual({ profileIds: ['a'], withSecrets: false });
    const all = exportRequestOf({ profileIds: null, withSecrets: true, passphrase: 'long enough', confirm: 'long enough' });
    expect(all).toEqual({ withSecrets: true, passphrase: 'long enough' });
    for (const r of [without, all]) expect(ExportRequest.safeParse(r).success).toBe(true);
  });
});

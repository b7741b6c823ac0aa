// Secrets that cannot be decrypted (the key file was lost, or they were sealed by another kind
// of box): kept untouched through every save, reported, refused for connecting, replaceable.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../../../shared/profile/profile';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { useTempDirs, unwrap } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();

async function storeWithSecret(dir: string) {
  const s = await openProfileService({ store: createJsonFileStore(dir) });
  const p = unwrap(
    await s.saveProfile({ name: 'Device', groupId: null, settings: defaultSettings({ host: 'broker.example' }), material: EMPTY_MATERIAL }),
  );
  unwrap(await s.setSecrets(p.id, { password: 'sealed-password-value' }));
  return p.id;
}

describe('secrets that cannot be decrypted', () => {
  it('are kept, reported, and block an attempt until entered again', async () => {
    const dir = await tempDir();
    const id = await storeWithSecret(dir);
    const sealed = (
      JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as {
        vault: { secrets: Record<string, { password: { sealed: string } }> };
      }
    ).vault.secrets[id]!.password.sealed;
    await rm(join(dir, 'secret.key'));

    const s = await openProfileService({ store: createJsonFileStore(dir) });
    expect(s.getProfile(id)).toMatchObject({ ok: true, value: { secrets: { hasPassword: true } } });
    const status = s.status();
    expect(status.lockedSecrets).toMatchObject({
      count: 1,
      profiles: [{ id, name: 'Device' }],
      reason: expect.stringMatching(/secret\.key is missing/),
    });
    expect(s.resolve(id)).toMatchObject({
      ok: false,
      error: { code: 'store-error', message: expect.stringMatching(/cannot be decrypted here \(MQTT password\).*enter the secrets again/) },
    });

    // Other changes save fine and keep the sealed value exactly as it was.
    unwrap(await s.saveGroup({ name: 'Unrelated' }));
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toContain(sealed);
    // A new secret needs a key, and a new key would orphan the sealed value: refused, clearly.
    expect(await s.setSecrets(id, { passphrase: 'new' })).toMatchObject({
      ok: false,
      error: { code: 'store-error', message: expect.stringMatching(/key file .* is missing/) },
    });

    // The user gives up the lost value: then a new key is made for new secrets.
    expect(unwrap(await s.discardLockedSecrets())).toEqual({ count: 1 });
    expect(s.status().lockedSecrets).toBeUndefined();
    expect(unwrap(s.getProfile(id)).secrets.hasPassword).toBe(false);
    unwrap(await s.setSecrets(id, { password: 'entered again' }));
    expect(unwrap(s.resolve(id)).secrets.password).toBe('entered again');
  });

  it('sealed by the desktop app cannot be opened by the key-file hosts, and say so', async () => {
    const dir = await tempDir();
    const id = await storeWithSecret(dir);
    const doc = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as {
      vault: { secrets: Record<string, { password: { sealed: string } }> };
    };
    doc.vault.secrets[id]!.password.sealed = 'ss1.AAAA';
    await writeFile(join(dir, 'profiles.json'), JSON.stringify(doc));
    const s = await openProfileService({ store: createJsonFileStore(dir) });
    expect(s.status().lockedSecrets?.reason).toMatch(/desktop app's OS keychain/);
    // A value entered for this attempt stands in for the locked one.
    const resolved = unwrap(s.resolve(id, { allowLocked: true }));
    expect(resolved.locked.secrets).toEqual([{ field: 'password', reason: expect.stringMatching(/OS keychain/) }]);
    // Replacing it works without touching anything else.
    unwrap(await s.setSecrets(id, { password: 'typed here' }));
    expect(s.status().lockedSecrets).toBeUndefined();
  });
});

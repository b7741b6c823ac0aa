// Another local user may list /tmp and home folders: the data folder Keyhole makes is theirs to
// see but not to enter (0700), and every file in it, the secret box's key first, is 0600.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../../shared/profile/profile';
import { openAppCore } from '../../../electron/core/host/app-core';
import { KeyFileSecretBox } from '../../../electron/core/secrets/key-file-box';

let parent = '';
afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('the data folder on disk', () => {
  it('is made 0700 with files of 0600, the key file included', async () => {
    parent = await mkdtemp(join(tmpdir(), 'keyhole-modes-'));
    const dataDir = join(parent, 'not', 'yet', 'there');
    const core = await openAppCore({
      dataDir,
      host: 'web',
      version: 'test',
      send: () => undefined,
      allowPathImport: false,
      secretBox: new KeyFileSecretBox({ dataDir }),
    });
    const saved = await core.api.dispatch('profiles:save', {
      name: 'Device 1',
      groupId: null,
      settings: defaultSettings({ host: 'broker.example' }),
      material: EMPTY_MATERIAL,
    });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(
      (
        await core.api.dispatch('secrets:set', {
          profileId: (saved.value as { id: string }).id,
          passphrase: null,
          password: 'mqtt-password',
        })
      ).ok,
    ).toBe(true);
    await core.close();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['profiles.json', 'secret.key']));
    for (const f of files) expect((await stat(join(f.parentPath, f.name))).mode & 0o777, f.name).toBe(0o600);
  });
});

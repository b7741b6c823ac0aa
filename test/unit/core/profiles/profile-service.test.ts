import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import { EMPTY_MATERIAL, type MaterialRef, type MaterialSlot, type ProfileDraft } from '../../../../shared/profile/profile';
import { openProfileService, type ProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore, emptyStore, type ProfileStore } from '../../../../electron/core/store/store-data';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'keyhole-store-'));
  dirs.push(d);
  return d;
};

let n = 0;
const ref = (slot: MaterialSlot, fileName = `${slot}.pem`): MaterialRef => ({
  id: `file-${++n}`,
  slot,
  kind: slot === 'key' ? 'private-key' : slot === 'pfx' ? 'pkcs12' : 'certificate',
  fileName,
  size: 4,
  importedAt: '2025-01-01T00:00:00.000Z',
});

const draft = (overrides: Partial<ProfileDraft> = {}): ProfileDraft => ({
  name: 'Device',
  groupId: null,
  settings: defaultSettings({ host: 'broker.example' }),
  material: EMPTY_MATERIAL,
  ...overrides,
});

async function service(store: ProfileStore = createMemoryStore()): Promise<ProfileService> {
  return openProfileService({ store });
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('profile service', () => {
  it('creates, lists, updates and deletes profiles', async () => {
    const s = await service();
    const created = unwrap(await s.saveProfile(draft({ name: 'One' })));
    expect(created.id).toBeTruthy();
    expect(created.secrets).toEqual({ hasPassphrase: false, hasPassword: false, hasPfxPassword: false });
    const updated = unwrap(await s.saveProfile(draft({ id: created.id, name: 'One renamed' })));
    expect(updated.createdAt).toBe(created.createdAt);
    expect(s.listProfiles().map((p) => p.name)).toEqual(['One renamed']);
    expect(unwrap(await s.deleteProfile(created.id))).toEqual({ id: created.id });
    expect(s.listProfiles()).toEqual([]);
    expect(await s.deleteProfile(created.id)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await s.saveProfile(draft({ id: 'nope' }))).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('binds imported files by id only: forged metadata is replaced, unknown ids are refused', async () => {
    const s = await service();
    const ca = ref('ca', 'ca.pem');
    s.stageFile(ca, Buffer.from('CA BYTES'));
    const forged = { ...ca, fileName: 'forged.pem', fingerprint: 'AA:BB' };
    const p = unwrap(await s.saveProfile(draft({ material: { ...EMPTY_MATERIAL, ca: [forged] } })));
    expect(p.material.ca).toEqual([ca]);
    expect(unwrap(s.resolve(p.id)).files.ca[0]!.bytes.toString()).toBe('CA BYTES');

    const unknown = await s.saveProfile(draft({ material: { ...EMPTY_MATERIAL, cert: ref('cert') } }));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const key = ref('key');
    s.stageFile(key, Buffer.from('KEY'));
    const wrongSlot = await s.saveProfile(draft({ material: { ...EMPTY_MATERIAL, cert: { ...key, slot: 'cert' } } }));
    expect(wrongSlot).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('drops a file from the vault when the profile stops using it', async () => {
    const store = createMemoryStore();
    const s = await service(store);
    const cert = ref('cert');
    const key = ref('key');
    s.stageFile(cert, Buffer.from('C'));
    s.stageFile(key, Buffer.from('K'));
    const p = unwrap(await s.saveProfile(draft({ material: { ...EMPTY_MATERIAL, cert, key } })));
    unwrap(await s.saveProfile(draft({ id: p.id, material: { ...EMPTY_MATERIAL, cert } })));
    const stored = unwrap(await store.load());
    expect(Object.keys(stored.vault.files)).toEqual([cert.id]);
  });

  it('writes secrets, reports only flags, and never puts a value in the renderer view', async () => {
    const s = await service();
    const p = unwrap(await s.saveProfile(draft()));
    const flags = unwrap(await s.setSecrets(p.id, { passphrase: 'pass-phrase-value', password: 'mqtt-password-value' }));
    expect(flags).toEqual({ hasPassphrase: true, hasPassword: true, hasPfxPassword: false });
    const view = JSON.stringify([s.listProfiles(), s.getProfile(p.id)]);
    expect(view).not.toContain('pass-phrase-value');
    expect(view).not.toContain('mqtt-password-value');
    expect(unwrap(s.resolve(p.id)).secrets).toEqual({ passphrase: 'pass-phrase-value', password: 'mqtt-password-value' });
    // null clears, absent keeps
    expect(unwrap(await s.setSecrets(p.id, { passphrase: null }))).toEqual({
      hasPassphrase: false,
      hasPassword: true,
      hasPfxPassword: false,
    });
    expect(unwrap(s.resolve(p.id)).secrets).toEqual({ password: 'mqtt-password-value' });
    // a later save of the form keeps the flags
    expect(unwrap(await s.saveProfile(draft({ id: p.id }))).secrets.hasPassword).toBe(true);
  });

  it('duplicates a profile with its own copies of files and secrets', async () => {
    const store = createMemoryStore();
    const s = await service(store);
    const cert = ref('cert');
    s.stageFile(cert, Buffer.from('C'));
    const p = unwrap(await s.saveProfile(draft({ name: 'Dev', material: { ...EMPTY_MATERIAL, cert } })));
    unwrap(await s.setSecrets(p.id, { password: 'pw' }));
    const copy = unwrap(await s.duplicateProfile(p.id));
    expect(copy.name).toBe('Dev (copy)');
    expect(copy.material.cert!.id).not.toBe(cert.id);
    expect(unwrap(await s.duplicateProfile(p.id)).name).toBe('Dev (copy 2)');
    unwrap(await s.deleteProfile(p.id));
    const resolved = unwrap(s.resolve(copy.id));
    expect(resolved.files.cert!.bytes.toString()).toBe('C');
    expect(resolved.secrets.password).toBe('pw');
    // Each copy goes right after its original.
    expect(s.listProfiles().map((x) => x.name)).toEqual(['Dev (copy 2)', 'Dev (copy)']);
  });

  it('gives a copy a new client id when the original had a generated one, and keeps a chosen one', async () => {
    const s = await service();
    const generated = unwrap(
      await s.saveProfile(draft({ name: 'Gen', settings: defaultSettings({ host: 'b', clientId: 'keyhole0123abcd' }) })),
    );
    const chosen = unwrap(
      await s.saveProfile(
        draft({ name: 'Dev', settings: defaultSettings({ host: 'b', clientId: '346a004d-1dab-4016-bb38-03cca7094415' }) }),
      ),
    );
    const genCopy = unwrap(await s.duplicateProfile(generated.id));
    expect(genCopy.settings.clientId).toMatch(/^keyhole[0-9a-f]{8}$/);
    expect(genCopy.settings.clientId).not.toBe('keyhole0123abcd');
    expect(genCopy.settings.host).toBe('b');
    expect(unwrap(await s.duplicateProfile(chosen.id)).settings.clientId).toBe('346a004d-1dab-4016-bb38-03cca7094415');
  });

  it('orders profiles and groups; deleting a group moves its profiles to the top level', async () => {
    const s = await service();
    const g = unwrap(await s.saveGroup({ name: 'Lab' }));
    const a = unwrap(await s.saveProfile(draft({ name: 'A', groupId: g.id })));
    const b = unwrap(await s.saveProfile(draft({ name: 'B' })));
    const c = unwrap(await s.saveProfile(draft({ name: 'C' })));
    expect(unwrap(await s.reorderProfiles([c.id, a.id])).map((p) => p.name)).toEqual(['C', 'A', 'B']);
    expect(await s.saveProfile(draft({ groupId: 'missing' }))).toMatchObject({ ok: false, error: { code: 'not-found' } });
    unwrap(await s.deleteGroup(g.id));
    expect(unwrap(s.getProfile(a.id)).groupId).toBeNull();
    expect(s.listGroups()).toEqual([]);
    void b;
  });

  it('tells listeners the full lists after each change, and nothing after a failed one', async () => {
    const s = await service();
    const seen: number[] = [];
    s.onChange((profiles) => seen.push(profiles.length));
    unwrap(await s.saveProfile(draft()));
    await s.deleteProfile('missing');
    unwrap(await s.saveProfile(draft()));
    expect(seen).toEqual([1, 2]);
  });

  it('keeps memory unchanged when the store cannot write', async () => {
    const failing: ProfileStore = {
      location: 'x',
      load: async () => ({ ok: true, value: emptyStore() }),
      save: async () => ({ ok: false, error: { kind: 'unwritable', message: 'disk full' } }),
    };
    const s = await service(failing);
    expect(await s.saveProfile(draft())).toMatchObject({ ok: false, error: { code: 'store-error' } });
    expect(s.listProfiles()).toEqual([]);
  });
});

describe('JSON file store', () => {
  it('survives a restart, with a private file mode', async () => {
    const dir = await tempDir();
    const s = await service(createJsonFileStore(dir));
    const p = unwrap(await s.saveProfile(draft({ name: 'Persisted' })));
    unwrap(await s.setSecrets(p.id, { password: 'pw' }));
    const again = await service(createJsonFileStore(dir));
    expect(again.problem).toBeNull();
    expect(again.listProfiles().map((x) => x.name)).toEqual(['Persisted']);
    expect(unwrap(again.resolve(p.id)).secrets.password).toBe('pw');
    expect((await stat(join(dir, 'profiles.json'))).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('sets a broken document aside and reports it instead of overwriting it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'profiles.json'), '{ "version": 1, "profiles": [ truncated');
    const s = await service(createJsonFileStore(dir));
    expect(s.problem).toMatch(/copied to .*profiles\.corrupt-[-0-9TZ]+\.json/);
    const backup = (await readdir(dir)).find((f) => f.startsWith('profiles.corrupt-'));
    expect(await readFile(join(dir, backup!), 'utf8')).toContain('truncated');
    expect(s.listProfiles()).toEqual([]);
  });
});

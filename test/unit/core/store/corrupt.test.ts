// A store document that cannot be used as it is: copied aside untouched, what can be trusted
// taken over, the user told exactly that and where the copy is; never overwritten first.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import { EMPTY_MATERIAL, type Profile } from '../../../../shared/profile/profile';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { StoreDocument } from '../../../../electron/core/store/document';
import { useTempDirs } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const AT = new Date('2026-01-02T03:04:05.678Z');

const profile = (id: string, name: string, groupId: string | null = null): Profile => ({
  id,
  name,
  groupId,
  settings: defaultSettings({ host: 'broker.example' }),
  material: EMPTY_MATERIAL,
  secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: false },
  createdAt: AT.toISOString(),
  updatedAt: AT.toISOString(),
});

async function open(dir: string) {
  const store = createJsonFileStore(dir, { now: () => AT });
  const service = await openProfileService({ store });
  return { store, service };
}

const copiesIn = async (dir: string) => (await readdir(dir)).filter((f) => f.startsWith('profiles.corrupt-'));

describe('a damaged store document', () => {
  it('that is not JSON is copied aside byte for byte, reported, and replaced by an empty store', async () => {
    const dir = await tempDir();
    const damaged = '{ "schemaVersion": 2, "profiles": [ {"id": "p1", "na';
    await writeFile(join(dir, 'profiles.json'), damaged);
    const { service } = await open(dir);

    const copies = await copiesIn(dir);
    expect(copies).toEqual(['profiles.corrupt-2026-01-02T03-04-05-678Z.json']);
    expect(await readFile(join(dir, copies[0]!), 'utf8')).toBe(damaged);
    const status = service.status();
    expect(status.recoveredFrom).toMatchObject({
      kind: 'not-json',
      path: join(dir, copies[0]!),
      at: AT.toISOString(),
      kept: { profiles: 0, groups: 0 },
    });
    expect(status.readOnly).toBeUndefined();
    expect(service.problem).toContain(join(dir, copies[0]!));
    expect(service.problem).toMatch(/not valid JSON/);
    expect(service.listProfiles()).toEqual([]);
    // The store is usable again, in a valid document.
    expect((await service.saveGroup({ name: 'After' })).ok).toBe(true);
    StoreDocument.parse(JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')));
  });

  it('that is JSON but not a store keeps nothing and says why', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'profiles.json'), JSON.stringify({ hello: 'world' }));
    const { service } = await open(dir);
    expect(service.status().recoveredFrom).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/no format version/) });
    expect(await copiesIn(dir)).toHaveLength(1);
    expect(service.listProfiles()).toEqual([]);
  });

  it('that fails validation in places keeps every valid profile and group, and names what failed', async () => {
    const dir = await tempDir();
    const doc = {
      schemaVersion: 2,
      profiles: [
        profile('p1', 'Good one', 'g1'),
        { ...profile('p2', 'Bad port'), settings: { ...defaultSettings({ host: 'x' }), port: 99999 } },
        profile('p3', 'Orphan', 'g-missing'),
        profile('p1', 'Duplicate id'),
      ],
      groups: [{ id: 'g1', name: 'Lab', collapsed: false }, { id: 'g2' }],
      settings: { reportsPerProfile: 'lots' },
      reports: {},
      vault: { files: {}, secrets: { p1: { password: { sealed: 12 } } } },
    };
    const text = JSON.stringify(doc);
    await writeFile(join(dir, 'profiles.json'), text);
    const { service } = await open(dir);

    expect(service.listProfiles().map((p) => [p.id, p.name, p.groupId])).toEqual([
      ['p1', 'Good one', 'g1'],
      ['p3', 'Orphan', null],
    ]);
    expect(service.listGroups().map((g) => g.id)).toEqual(['g1']);
    expect(service.getSettings().reportsPerProfile).toBe(50);
    const r = service.status().recoveredFrom!;
    expect(r.kind).toBe('invalid');
    expect(r.reason).toMatch(/profiles\.1\.settings\.port/);
    expect(r.kept).toEqual({ profiles: 2, groups: 1 });
    expect(r.dropped).toEqual({ profiles: 2, groups: 1, other: 2 });
    expect(service.problem).toMatch(
      /Recovered: 2 profile\(s\) and 1 group\(s\); left behind in the copy: 2 profile\(s\), 1 group\(s\) and 2 other item\(s\)/,
    );
    expect(await readFile(r.path!, 'utf8')).toBe(text);
  });

  it('written by a newer Keyhole is shown but never written over', async () => {
    const dir = await tempDir();
    const text = JSON.stringify({
      schemaVersion: 99,
      profiles: [profile('p1', 'From the future')],
      groups: [],
      settings: {},
      reports: {},
      vault: { files: {}, secrets: {} },
      newThing: true,
    });
    await writeFile(join(dir, 'profiles.json'), text);
    const { service } = await open(dir);
    expect(service.listProfiles().map((p) => p.name)).toEqual(['From the future']);
    const status = service.status();
    expect(status.recoveredFrom).toMatchObject({ kind: 'newer-version', path: join(dir, 'profiles.json') });
    expect(status.readOnly?.reason).toMatch(/newer Keyhole \(format 99\)/);
    const saved = await service.saveGroup({ name: 'Nope' });
    expect(saved).toMatchObject({ ok: false, error: { code: 'store-error' } });
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toBe(text);
    expect(await copiesIn(dir)).toEqual([]);
  });

  it('that cannot be read at all leaves the store read-only instead of replacing it', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'profiles.json'));
    const { service } = await open(dir);
    expect(service.problem).toMatch(/profiles\.json" is a folder, not a file/);
    expect(service.status().readOnly?.reason).toMatch(/nothing is saved/);
    expect(await service.saveGroup({ name: 'Nope' })).toMatchObject({ ok: false, error: { code: 'store-error' } });
    expect(await readdir(join(dir, 'profiles.json'))).toEqual([]);
  });

  it('leaves no temp files behind, and clears those a killed writer left', async () => {
    const dir = await tempDir();
    const stale = join(dir, 'profiles.json.0b6f8f2e-5f0a-4c47-9d8e-3f1c2b7a9e10.tmp');
    await writeFile(stale, '{"half":');
    const unrelated = join(dir, 'notes.tmp');
    await writeFile(unrelated, 'mine');
    const { service } = await open(dir);
    await service.saveGroup({ name: 'G' });
    // The lock file is there while the store is open (folder-lock.test.ts).
    expect((await readdir(dir)).sort()).toEqual(['notes.tmp', 'profiles.json', 'profiles.json.lock']);
  });
});

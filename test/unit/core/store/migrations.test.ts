// Every earlier on-disk format (a fixture per version under test/fixtures/store/) loads through
// the migrations into the current one, keeps every profile, file and secret, and is rewritten
// right away with its secrets sealed.
import { readdirSync, readFileSync } from 'node:fs';
import { cp, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { CURRENT_SCHEMA_VERSION, StoreDocument } from '../../../../electron/core/store/document';
import { migrate, MIGRATIONS, versionOf } from '../../../../electron/core/store/migrations';
import { useTempDirs, unwrap } from './helpers';

const FIXTURES = resolve(__dirname, '../../../fixtures/store');
const versions = readdirSync(FIXTURES)
  .filter((d) => /^v\d+$/.test(d))
  .map((d) => Number(d.slice(1)))
  .sort((a, b) => a - b);
const tempDir = useTempDirs();

/** The clear values each fixture was written with (see test/fixtures/store/README.md). */
const FIXTURE_SECRETS = { passphrase: 'fixture-passphrase', password: 'fixture-mqtt-password' };

describe('store migrations', () => {
  it('has a fixture for every version before the current one, and a migration from each', () => {
    for (let v = 1; v < CURRENT_SCHEMA_VERSION; v++) {
      expect(versions, `fixture for v${v}`).toContain(v);
      expect(typeof MIGRATIONS[v], `migration from v${v}`).toBe('function');
    }
  });

  it.each(versions)('migrates the v%i fixture to a valid current document', (v) => {
    const raw = JSON.parse(readFileSync(join(FIXTURES, `v${v}`, 'profiles.json'), 'utf8')) as unknown;
    expect(versionOf(raw)).toBe(v);
    const migrated = migrate(raw);
    if (!migrated.ok) throw new Error(`migration failed: ${migrated.kind}`);
    expect(migrated.from).toBe(v);
    const checked = StoreDocument.safeParse(migrated.doc);
    expect(checked.success, checked.success ? '' : JSON.stringify(checked.error.issues.slice(0, 3))).toBe(true);
  });

  it.each(versions.filter((v) => v < CURRENT_SCHEMA_VERSION))(
    'opens a v%i store with everything in it, then seals its secrets on disk',
    async (v) => {
      const dir = await tempDir();
      await cp(join(FIXTURES, `v${v}`), dir, { recursive: true });
      const before = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as {
        profiles: { id: string; name: string }[];
        vault: { files: Record<string, unknown> };
      };

      const service = await openProfileService({ store: createJsonFileStore(dir) });
      expect(service.problem).toBeNull();
      expect(service.listProfiles().map((p) => p.name)).toEqual(before.profiles.map((p) => p.name));
      expect(service.listGroups().map((g) => g.name)).toEqual(['Lab devices']);
      const device = service.listProfiles().find((p) => p.name === 'Device 1 (mTLS)')!;
      expect(device.secrets).toEqual({ hasPassphrase: true, hasPassword: true, hasPfxPassword: false });
      const resolved = unwrap(service.resolve(device.id));
      expect(resolved.secrets).toEqual(FIXTURE_SECRETS);
      expect(resolved.files.key!.bytes.toString()).toContain('BEGIN ENCRYPTED PRIVATE KEY');
      expect(resolved.files.ca.map((f) => f.fileName)).toEqual(['ca.pem']);
      expect(service.getSettings().reportsPerProfile).toBe(50);

      // Rewritten at once in the current format: no clear secret, no key body left on disk.
      const onDisk = await readFile(join(dir, 'profiles.json'), 'utf8');
      const doc = StoreDocument.parse(JSON.parse(onDisk));
      expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(onDisk).not.toContain(FIXTURE_SECRETS.passphrase);
      expect(onDisk).not.toContain(FIXTURE_SECRETS.password);
      const keyBody = resolved.files.key!.bytes.toString().split('\n')[1]!;
      expect(onDisk).not.toContain(keyBody);
      expect(onDisk).not.toContain(resolved.files.key!.bytes.toString('base64').slice(0, 40));
      expect(Object.keys(doc.vault.files).sort()).toEqual(Object.keys(before.vault.files).sort());
      expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);

      // And it opens again as the current version, unchanged.
      const again = await openProfileService({ store: createJsonFileStore(dir) });
      expect(unwrap(again.resolve(device.id)).secrets).toEqual(FIXTURE_SECRETS);
      expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toBe(onDisk);
    },
  );

  it('v2 → v3 adds an empty certificate workbench and leaves the rest as it was', () => {
    const v2 = JSON.parse(readFileSync(join(FIXTURES, 'v2', 'profiles.json'), 'utf8')) as Record<string, unknown>;
    const step = MIGRATIONS[2]!;
    const v3 = step(structuredClone(v2));
    expect(v3.workbench).toEqual({ cas: [], secrets: {} });
    expect(v3.schemaVersion).toBe(3);
    const { workbench: _w, schemaVersion: _s, ...rest } = v3;
    const { schemaVersion: _s2, ...before } = v2;
    expect(rest).toEqual(before);
  });

  it('refuses to guess: no version, or a version without a migration', () => {
    expect(migrate({ profiles: [] })).toEqual({ ok: false, kind: 'no-version', version: null });
    expect(migrate({ schemaVersion: CURRENT_SCHEMA_VERSION + 1 })).toEqual({
      ok: false,
      kind: 'newer-version',
      version: CURRENT_SCHEMA_VERSION + 1,
    });
    expect(migrate({ schemaVersion: 0 })).toEqual({ ok: false, kind: 'unknown-version', version: 0 });
    expect(migrate([1, 2])).toMatchObject({ ok: false, kind: 'no-version' });
  });
});

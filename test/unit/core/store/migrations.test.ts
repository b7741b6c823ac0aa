// Every earlier on-disk format (a fixture per version under test/fixtures/store/) loads through
// the migrations into the current one, keeps every profile, file and secret, and is rewritten
// right away with its secrets sealed.
import { readdirSync, readFileSync } from 'node:fs';
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { CURRENT_SCHEMA_VERSION, StoreDocument } from '../../../../electron/core/store/document';
import { ConnectReport } from '../../../../shared/connect/report';
import { migrate, MIGRATIONS, versionOf } from '../../../../electron/core/store/migrations';
import { useTempDirs, unwrap } from '../../../support/store/store-helpers';

const FIXTURES = resolve(__dirname, '../../../fixtures/store');
const versions = readdirSync(FIXTURES)
  .filter((d) => /^v\d+$/.test(d))
  .map((d) => Number(d.slice(1)))
  .sort((a, b) => a - b);
const tempDir = useTempDirs();

const journalLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { p: string; r: { id: string } });

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

  it('moves the findings of v2 reports that are notes now, and keeps every report loadable', async () => {
    const raw = JSON.parse(readFileSync(join(FIXTURES, 'v2', 'profiles.json'), 'utf8')) as { reports: Record<string, unknown[]> };
    const migrated = migrate(raw);
    if (!migrated.ok) throw new Error(`migration failed: ${migrated.kind}`);
    const doc = StoreDocument.parse(migrated.doc);
    const [id, stored] = Object.entries(doc.reports!)[0]!;
    expect(stored).toHaveLength(3);
    const reports = stored.map((r) => ConnectReport.parse(r));
    const summary = reports.map((r) => ({
      cause: r.cause,
      verdict: r.verdict,
      warnings: r.warnings.map((w) => w.code),
      notes: r.notes.map((n) => n.code),
    }));
    expect(summary).toEqual([
      { cause: 'client-cert-unknown-ca', verdict: 'rejected', warnings: [], notes: [] },
      // Verification off stays a warning; the separate client CA is a note now.
      {
        cause: 'ok-server-unverified',
        verdict: 'accepted-with-warnings',
        warnings: ['verification-off'],
        notes: ['client-cert-not-from-ca', 'access-not-checked'],
      },
      // Its only warning was the separate client CA: accepted, as the v3 rule says.
      { cause: 'ok', verdict: 'accepted', warnings: [], notes: ['client-cert-not-from-ca', 'access-not-checked'] },
    ]);

    // Through the store: the profile keeps all three, and they are the migrated ones.
    const dir = await tempDir();
    await cp(join(FIXTURES, 'v2'), dir, { recursive: true });
    const service = await openProfileService({ store: createJsonFileStore(dir) });
    expect(unwrap(service.reports(id)).map((r) => r.verdict)).toEqual(['rejected', 'accepted-with-warnings', 'accepted']);
  });

  it('drops an expected cause that is no cause code, and keeps one that is', () => {
    const profile = (id: string, cause: string) => ({ id, expect: { verdict: 'rejected', cause } });
    const migrated = migrate({ schemaVersion: 2, profiles: [profile('a', 'made-up'), profile('b', 'client-cert-revoked')], reports: {} });
    if (!migrated.ok) throw new Error('migration failed');
    expect(migrated.doc.profiles).toEqual([
      { id: 'a', expect: { verdict: 'rejected' } },
      { id: 'b', expect: { verdict: 'rejected', cause: 'client-cert-revoked' } },
    ]);
  });

  it('v3 → v4 adds an empty certificate workbench and leaves the rest as it was', () => {
    const v3 = JSON.parse(readFileSync(join(FIXTURES, 'v3', 'profiles.json'), 'utf8')) as Record<string, unknown>;
    const step = MIGRATIONS[3]!;
    const v4 = step(structuredClone(v3));
    expect(v4.workbench).toEqual({ cas: [], secrets: {} });
    expect(v4.schemaVersion).toBe(4);
    const { workbench: _w, schemaVersion: _s, ...rest } = v4;
    const { schemaVersion: _s2, ...before } = v3;
    expect(rest).toEqual(before);
  });

  it('v4 → v5 adds no matrices and an empty run list, and leaves the rest as it was', () => {
    const v4 = JSON.parse(readFileSync(join(FIXTURES, 'v4', 'profiles.json'), 'utf8')) as Record<string, unknown>;
    const step = MIGRATIONS[4]!;
    const v5 = step(structuredClone(v4));
    expect(v5.matrices).toEqual({ list: [], secrets: {}, runs: [] });
    expect(v5.schemaVersion).toBe(5);
    const { matrices: _m, schemaVersion: _s, ...rest } = v5;
    const { schemaVersion: _s2, ...before } = v4;
    expect(rest).toEqual(before);
  });

  it('v5 → v6 adds an empty publish history and leaves the rest as it was', () => {
    const v5 = JSON.parse(readFileSync(join(FIXTURES, 'v5', 'profiles.json'), 'utf8')) as Record<string, unknown>;
    const step = MIGRATIONS[5]!;
    const v6 = step(structuredClone(v5));
    expect(v6.publishes).toEqual({});
    expect(v6.schemaVersion).toBe(6);
    const { publishes: _p, schemaVersion: _s, ...rest } = v6;
    const { schemaVersion: _s2, ...before } = v5;
    expect(rest).toEqual(before);
  });

  it('v6 → v7 adds no saved subscriptions and leaves the rest (the publish history too) as it was', () => {
    const v6 = JSON.parse(readFileSync(join(FIXTURES, 'v6', 'profiles.json'), 'utf8')) as Record<string, unknown>;
    const step = MIGRATIONS[6]!;
    const v7 = step(structuredClone(v6));
    expect(v7.subscriptions).toEqual({});
    expect(v7.schemaVersion).toBe(7);
    const { subscriptions: _sub, schemaVersion: _s, ...rest } = v7;
    const { schemaVersion: _s2, ...before } = v6;
    expect(rest).toEqual(before);
    expect(Object.values(before.publishes as Record<string, unknown[]>)[0]).toHaveLength(1);
  });

  it('v7 → v8 moves the reports into the journal, then drops them from the document', async () => {
    const dir = await tempDir();
    await cp(join(FIXTURES, 'v7'), dir, { recursive: true });
    const v7 = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as { reports: Record<string, { id: string }[]> };
    const [profileId, stored] = Object.entries(v7.reports)[0]!;
    const service = await openProfileService({ store: createJsonFileStore(dir) });
    expect(unwrap(service.reports(profileId)).map((r) => r.id)).toEqual(stored.map((r) => r.id));

    const onDisk = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk.schemaVersion).toBe(8);
    expect(onDisk).not.toHaveProperty('reports');
    const lines = journalLines(await readFile(join(dir, 'reports.jsonl'), 'utf8'));
    // Oldest first: a replay puts each new one first, so the newest ends first.
    expect(lines.map((l) => [l.p, l.r.id])).toEqual([...stored].reverse().map((r) => [profileId, r.id]));
    // Reports hold no secret, and none is in the journal.
    const text = await readFile(join(dir, 'reports.jsonl'), 'utf8');
    for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
  });

  it('v7 → v8 interrupted after the journal was written: nothing lost, nothing twice, on the next open', async () => {
    const dir = await tempDir();
    await cp(join(FIXTURES, 'v7'), dir, { recursive: true });
    const v7Text = await readFile(join(dir, 'profiles.json'), 'utf8');
    const v7 = JSON.parse(v7Text) as { reports: Record<string, { id: string }[]> };
    const [profileId, stored] = Object.entries(v7.reports)[0]!;
    const first = createJsonFileStore(dir);
    unwrap(await first.load());
    first.close?.();
    const journal = await readFile(join(dir, 'reports.jsonl'), 'utf8');
    expect(journalLines(journal)).toHaveLength(3);

    // A crash before the document was replaced: the journal holds the reports, the v7 document still does too.
    await writeFile(join(dir, 'profiles.json'), v7Text);
    const service = await openProfileService({ store: createJsonFileStore(dir) });
    expect(service.problem).toBeNull();
    expect(unwrap(service.reports(profileId)).map((r) => r.id)).toEqual(stored.map((r) => r.id));
    expect(await readFile(join(dir, 'reports.jsonl'), 'utf8')).toBe(journal);
    expect(JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8'))).not.toHaveProperty('reports');
  });

  it('v7 → v8 interrupted in the middle of the journal write: the rest is appended once, in order', async () => {
    const dir = await tempDir();
    await cp(join(FIXTURES, 'v7'), dir, { recursive: true });
    const v7Text = await readFile(join(dir, 'profiles.json'), 'utf8');
    const [profileId, stored] = Object.entries((JSON.parse(v7Text) as { reports: Record<string, { id: string }[]> }).reports)[0]!;
    const first = createJsonFileStore(dir);
    unwrap(await first.load());
    first.close?.();
    // The oldest report's line whole, the second's cut short, the third never written; the document still v7.
    const journal = await readFile(join(dir, 'reports.jsonl'), 'utf8');
    const [line1, line2] = journal.split('\n');
    await writeFile(join(dir, 'reports.jsonl'), `${line1}\n${line2!.slice(0, 100)}`);
    await writeFile(join(dir, 'profiles.json'), v7Text);

    const logged: string[] = [];
    const service = await openProfileService({ store: createJsonFileStore(dir, { log: (l) => logged.push(l) }) });
    expect(unwrap(service.reports(profileId)).map((r) => r.id)).toEqual(stored.map((r) => r.id));
    expect(logged.join(' ')).toMatch(/was cut short/);
    const lines = journalLines(await readFile(join(dir, 'reports.jsonl'), 'utf8'));
    expect(lines.map((l) => l.r.id)).toEqual([...stored].reverse().map((r) => r.id));
    // And again: the same, nothing added.
    const again = await openProfileService({ store: createJsonFileStore(dir, { readOnly: true }) });
    expect(unwrap(again.reports(profileId)).map((r) => r.id)).toEqual(stored.map((r) => r.id));
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

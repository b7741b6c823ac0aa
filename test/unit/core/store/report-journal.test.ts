// The report journal on real files: appends survive a reload, a torn last line and a garbled
// line in the middle are handled and said, tombstones and the per-profile limit hold across
// reloads, and the journal is rewritten (atomically) once dead lines outnumber live ones. Then
// the same through the JSON file store and the profile service.
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectReport } from '../../../../shared/connect/report';
import { defaultSettings } from '../../../../shared/connect/settings';
import type { Profile } from '../../../../shared/profile/profile';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { JOURNAL_FILE_NAME, STORE_FILE_NAME, createJsonFileStore } from '../../../../electron/core/store/json-store';
import { createReportJournal, type JournalLoad } from '../../../../electron/core/store/report-journal';
import { emptyStore, type StoreData } from '../../../../electron/core/store/store-data';
import { unwrap, useTempDirs } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const AT = '2026-01-01T00:00:00.000Z';

/** A journal in a fresh folder, with the notes it logs collected. */
async function journalIn(dir?: string) {
  const folder = dir ?? (await tempDir());
  const notes: string[] = [];
  const file = join(folder, JOURNAL_FILE_NAME);
  return { dir: folder, file, notes, journal: createReportJournal(file, (n) => notes.push(n)) };
}

const ids = (load: JournalLoad, p: string) => (load.reports.get(p) ?? []).map((r) => r.id);
const r = (id: string) => ({ id, note: `report ${id}` });

describe('report journal', () => {
  it("appends lines that a new reader gets back, newest first, with the limit's drops applied", async () => {
    const { file, journal } = await journalIn();
    expect(unwrap(await journal.load(true)).reports.size).toBe(0);
    await journal.append('p1', r('a'), []);
    await journal.append('p1', r('b'), []);
    await journal.append('p2', r('x'), []);
    // A limit of 2: c pushes a out.
    await journal.append('p1', r('c'), ['a']);
    // The same id again replaces the stored one and moves it first.
    const replaced = { id: 'b', note: 'again' };
    await journal.append('p1', replaced, []);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(6);

    const again = await journalIn(join(file, '..'));
    const load = unwrap(await again.journal.load(true));
    expect(ids(load, 'p1')).toEqual(['b', 'c']);
    expect(load.reports.get('p1')![0]!.value).toEqual({ id: 'b', note: 'again' });
    expect(ids(load, 'p2')).toEqual(['x']);
    expect(again.journal.counts()).toEqual({ live: 3, dead: 3 });
    expect(again.notes).toEqual([]);
  });

  it('ignores a torn last line, says so, and cuts it off so the next append starts clean', async () => {
    const { dir, file, journal } = await journalIn();
    unwrap(await journal.load(true));
    await journal.append('p1', r('a'), []);
    await journal.append('p1', r('b'), []);
    const whole = await readFile(file, 'utf8');
    // A crash in the middle of the third append's write.
    await appendFile(file, JSON.stringify({ p: 'p1', r: r('c') }).slice(0, 25));

    const after = await journalIn(dir);
    const load = unwrap(await after.journal.load(true));
    expect(ids(load, 'p1')).toEqual(['b', 'a']);
    expect(after.notes).toHaveLength(1);
    expect(after.notes[0]).toMatch(/last line .* was cut short \(25 bytes.*ignored and cut off/);
    expect(await readFile(file, 'utf8')).toBe(whole);

    await after.journal.append('p1', r('d'), []);
    const third = await journalIn(dir);
    expect(ids(unwrap(await third.journal.load(true)), 'p1')).toEqual(['d', 'b', 'a']);
    expect(third.notes).toEqual([]);
  });

  it('a read-only reader ignores a torn last line without touching the file', async () => {
    const { dir, file, journal } = await journalIn();
    unwrap(await journal.load(true));
    await journal.append('p1', r('a'), []);
    await appendFile(file, '{"p":"p1","r":{"id"');
    const before = await readFile(file, 'utf8');
    const reader = await journalIn(dir);
    expect(ids(unwrap(await reader.journal.load(false)), 'p1')).toEqual(['a']);
    expect(reader.notes[0]).toMatch(/cut short .* it is ignored\.$/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('skips a garbled line in the middle, copies the journal aside, then rewrites it without that line', async () => {
    const { dir, file, journal } = await journalIn();
    unwrap(await journal.load(true));
    await journal.append('p1', r('a'), []);
    await appendFile(file, 'this is \u0000 not json\n{"p":"p1","what":1}\n');
    await journal.append('p1', r('b'), []);
    const damaged = await readFile(file, 'utf8');

    const after = await journalIn(dir);
    const load = unwrap(await after.journal.load(true));
    expect(ids(load, 'p1')).toEqual(['b', 'a']);
    expect(after.notes).toHaveLength(1);
    expect(after.notes[0]).toMatch(
      /has 2 unreadable lines 2, 3; they are skipped, the other reports kept\. The journal as it was is copied to .*reports\.corrupt-.*\.jsonl\./,
    );
    const copy = (await readdir(dir)).find((n) => n.startsWith('reports.corrupt-'))!;
    expect(await readFile(join(dir, copy), 'utf8')).toBe(damaged);

    // The next reconcile (the store calls it on every load and save) leaves the bad lines out.
    await after.journal.reconcile({ p1: [r('b'), r('a')] });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { r: { id: string } }).r.id)).toEqual(['a', 'b']);
    expect(after.journal.counts()).toEqual({ live: 2, dead: 0 });
    const third = await journalIn(dir);
    expect(ids(unwrap(await third.journal.load(true)), 'p1')).toEqual(['b', 'a']);
    expect(third.notes).toEqual([]);
  });

  it('writes tombstones for a profile gone and for reports trimmed, and adds only what is new', async () => {
    const { dir, file, journal } = await journalIn();
    unwrap(await journal.load(true));
    await journal.reconcile({ p1: [r('c'), r('b'), r('a')], p2: [r('x')] });
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(4);
    // Nothing differs: nothing is written.
    await journal.reconcile({ p1: [r('c'), r('b'), r('a')], p2: [r('x')] });
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(4);
    // p2 deleted, p1 trimmed to 2 and given a new one.
    await journal.reconcile({ p1: [r('d'), r('c')] });
    const tail = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .slice(4)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(tail).toEqual([
      { p: 'p2', clear: true },
      { p: 'p1', drop: ['b', 'a'] },
      { p: 'p1', r: r('d') },
    ]);

    const again = await journalIn(dir);
    const load = unwrap(await again.journal.load(true));
    expect(ids(load, 'p1')).toEqual(['d', 'c']);
    expect(load.reports.has('p2')).toBe(false);
  });

  it('rewrites the journal atomically once dead lines outnumber live ones, and reads the same after', async () => {
    const { dir, file, journal } = await journalIn();
    unwrap(await journal.load(true));
    // One profile with a limit of 5: each append past it drops the oldest (a put and a drop line).
    const kept: string[] = [];
    let rewrites = 0;
    let lastSize = 0;
    for (let i = 0; i < 200; i++) {
      kept.unshift(`r${i}`);
      const dropped = kept.splice(5);
      await journal.append('p1', r(`r${i}`), dropped);
      // A report that outlives several rewrites, its line moved by each.
      if (i === 10) await journal.append('p2', r('kept'), []);
      const size = (await stat(file)).size;
      if (size < lastSize) rewrites++;
      lastSize = size;
      const { live, dead } = journal.counts();
      expect(live).toBe(kept.length + (i >= 10 ? 1 : 0));
      expect(dead).toBeLessThanOrEqual(Math.max(live, 64) + 2);
    }
    expect(rewrites).toBeGreaterThan(2);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const again = await journalIn(dir);
    const reloaded = unwrap(await again.journal.load(true));
    expect(ids(reloaded, 'p1')).toEqual(['r199', 'r198', 'r197', 'r196', 'r195']);
    expect(ids(reloaded, 'p2')).toEqual(['kept']);
    // Appends after a rewrite land after the kept lines and are read back too.
    await again.journal.append('p1', r('after'), ['r195']);
    const third = await journalIn(dir);
    expect(ids(unwrap(await third.journal.load(true)), 'p1')).toEqual(['after', 'r199', 'r198', 'r197', 'r196']);
  });

  it('refuses a journal that is not a regular file, with a sentence naming it', async () => {
    const dir = await tempDir();
    const { journal } = await journalIn(dir);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, JOURNAL_FILE_NAME));
    const load = await journal.load(true);
    expect(load.ok).toBe(false);
    if (!load.ok) expect(load.error).toMatch(/reports\.jsonl" is not a regular file/);
  });
});

const profile = (id: string): Profile => ({
  id,
  name: `Device ${id}`,
  groupId: null,
  settings: defaultSettings({ host: `${id}.example`, clientId: id }),
  material: { ca: [], cert: null, key: null, pfx: null },
  secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: false },
  notes: '',
  createdAt: AT,
  updatedAt: AT,
});

/** A valid report (the shape the probe writes), from the v7 fixture's first one. */
async function reportTemplate(): Promise<ConnectReport> {
  const { resolve } = await import('node:path');
  const { migrate } = await import('../../../../electron/core/store/migrations');
  const { ConnectReport: Schema } = await import('../../../../shared/connect/report');
  const raw = JSON.parse(await readFile(resolve(__dirname, '../../../fixtures/store/v7/profiles.json'), 'utf8')) as unknown;
  const m = migrate(raw);
  if (!m.ok) throw new Error('fixture');
  const first = Object.values(m.doc.reports as Record<string, unknown[]>)[0]![0];
  return Schema.parse(first);
}

describe('reports through the store', () => {
  it('keeps a report by appending one line, leaves profiles.json alone, and holds the limit across reopenings', async () => {
    const dir = await tempDir();
    const template = await reportTemplate();
    const data: StoreData = emptyStore();
    data.profiles = [profile('p1'), profile('p2')];
    data.settings.reportsPerProfile = 3;
    const store = createJsonFileStore(dir, { log: () => undefined });
    unwrap(await store.load());
    unwrap(await store.save(data));
    store.close?.();

    const opened = createJsonFileStore(dir, { log: () => undefined });
    const service = await openProfileService({ store: opened });
    const documentBefore = await readFile(join(dir, STORE_FILE_NAME), 'utf8');
    for (let i = 0; i < 5; i++) unwrap(await service.addReport('p1', { ...template, id: `00000000-0000-4000-8000-00000000010${i}` }));
    unwrap(await service.addReport('p2', { ...template, id: '00000000-0000-4000-8000-000000000200' }));
    unwrap(await service.addReport('unknown', { ...template, id: '00000000-0000-4000-8000-000000000300' }));
    expect(await readFile(join(dir, STORE_FILE_NAME), 'utf8')).toBe(documentBefore);
    expect(documentBefore).not.toContain('"reports"');
    expect(unwrap(service.reports('p1')).map((x) => x.id.slice(-3))).toEqual(['104', '103', '102']);
    await service.flush();
    opened.close?.();

    // Reopened: the same three, newest first; the deleted profile's reports go with it.
    const store2 = createJsonFileStore(dir, { log: () => undefined });
    const again = await openProfileService({ store: store2 });
    expect(unwrap(again.reports('p1')).map((x) => x.id.slice(-3))).toEqual(['104', '103', '102']);
    expect(unwrap(again.reports('p2'))).toHaveLength(1);
    unwrap(await again.deleteProfile('p2'));
    unwrap(await again.saveSettings({ reportsPerProfile: 1 }));
    await again.flush();
    store2.close?.();
    const lines = (await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).trim().split('\n');
    expect(lines.slice(-2).map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      { p: 'p2', clear: true },
      { p: 'p1', drop: ['00000000-0000-4000-8000-000000000103', '00000000-0000-4000-8000-000000000102'] },
    ]);

    const third = await openProfileService({ store: createJsonFileStore(dir, { readOnly: true }) });
    expect(unwrap(third.reports('p1')).map((x) => x.id.slice(-3))).toEqual(['104']);
    expect(third.reports('p2').ok).toBe(false);
  });

  it('opens a store whose journal is too odd to read read-only, with the reason, and the profiles shown', async () => {
    const dir = await tempDir();
    const data = emptyStore();
    data.profiles = [profile('p1')];
    const store = createJsonFileStore(dir, { log: () => undefined });
    unwrap(await store.load());
    unwrap(await store.save(data));
    store.close?.();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, JOURNAL_FILE_NAME));
    const logged: string[] = [];
    const service = await openProfileService({ store: createJsonFileStore(dir, { log: (l) => logged.push(l) }) });
    expect(service.listProfiles().map((p) => p.id)).toEqual(['p1']);
    expect(service.status().readOnly?.reason).toMatch(/report journal cannot be read: .*not a regular file\. Nothing is saved/);
    expect(logged).toHaveLength(1);
    const saved = await service.addReport('p1', await reportTemplate());
    expect(saved.ok).toBe(false);
    await writeFile(join(dir, 'unused'), '');
  });
});

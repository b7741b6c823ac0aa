// The data folder when the machine misbehaves: a disk that fills up, a file system remounted
// read-only, the folder deleted while Keyhole runs, and the command line reading the store while
// the app writes it. The disk is a real one: a small tmpfs mounted for the test (the tests run
// as root, as .ci/run does), so the kernel itself answers ENOSPC and EROFS.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../../shared/profile/profile';
import { openProfileService, type ProfileService } from '../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { runCli } from '../../support/cli';

const CLI = resolve(__dirname, '../../../out/cli/keyhole.mjs');
const draft = (name: string) => ({ name, groupId: null, settings: defaultSettings({ host: `${name}.example` }), material: EMPTY_MATERIAL });

let root = '';
let disk = '';
let mounted = false;

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

/** Profile names in the document on disk (the last version that was saved). */
async function namesOnDisk(dataDir: string): Promise<string[]> {
  const doc = JSON.parse(await readFile(join(dataDir, 'profiles.json'), 'utf8')) as { profiles: { name: string }[] };
  return doc.profiles.map((p) => p.name);
}

/** Writes filler until the kernel says the disk is full. */
async function fillDisk(dir: string): Promise<void> {
  const chunk = Buffer.alloc(4096, 1);
  for (let i = 0; ; i += 1) {
    try {
      await writeFile(join(dir, `filler-${i}`), chunk);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      // Bytes left in a partly written filler are the last few: take what a small write could still use.
      return;
    }
  }
}

/** Stores opened by a test, closed (their folder lock released) at the end. */
const opened: { close?: () => void }[] = [];

async function openService(dataDir: string): Promise<ProfileService> {
  const store = createJsonFileStore(dataDir);
  opened.push(store);
  return openProfileService({ store });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keyhole-faults-'));
  disk = join(root, 'disk');
  await mkdir(disk);
  const tried = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', disk], { encoding: 'utf8' });
  if (tried.status !== 0)
    throw new Error(`These tests mount a small tmpfs and need root (as .ci/run runs them): mount said ${tried.stderr.trim()}`);
  mounted = true;
});

afterAll(async () => {
  for (const store of opened) store.close?.();
  if (mounted) spawnSync('umount', ['-l', disk]);
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a data folder on a disk that fills up', () => {
  it('refuses the change with a sentence, keeps the last saved document whole, and saves once there is room', async () => {
    const dataDir = join(disk, 'full');
    const service = await openService(dataDir);
    expect((await service.saveProfile(draft('device-a'))).ok).toBe(true);
    const before = await readFile(join(dataDir, 'profiles.json'), 'utf8');
    await fillDisk(join(disk));

    const refused = await service.saveProfile(draft('device-b'));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('store-error');
    expect(refused.error.message).toMatch(/the disk holding .* is full \(ENOSPC\); the last saved version is unchanged/);
    expect(await readFile(join(dataDir, 'profiles.json'), 'utf8')).toBe(before);
    expect(service.listProfiles().map((p) => p.name)).toEqual(['device-a']);
    // No half-written temp file is left to fill the disk further.
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    for (const f of (await readdir(disk)).filter((n) => n.startsWith('filler-'))) await rm(join(disk, f));
    expect((await service.saveProfile(draft('device-b'))).ok).toBe(true);
    expect(await namesOnDisk(dataDir)).toEqual(['device-a', 'device-b']);
  });
});

describe('a data folder on a file system remounted read-only', () => {
  it('says so, changes nothing, and saves again once it is writable', async () => {
    const dataDir = join(disk, 'ro');
    const service = await openService(dataDir);
    expect((await service.saveProfile(draft('device-a'))).ok).toBe(true);
    mount('-o', 'remount,ro', disk);
    try {
      const refused = await service.saveProfile(draft('device-b'));
      expect(refused.ok).toBe(false);
      if (!refused.ok)
        expect(refused.error.message).toMatch(/is on a read-only file system \(EROFS\); the last saved version is unchanged/);
      expect(service.listProfiles().map((p) => p.name)).toEqual(['device-a']);
    } finally {
      mount('-o', 'remount,rw', disk);
    }
    expect(await namesOnDisk(dataDir)).toEqual(['device-a']);
    expect((await service.saveProfile(draft('device-b'))).ok).toBe(true);
    expect(await namesOnDisk(dataDir)).toEqual(['device-a', 'device-b']);
  });
});

describe('a data folder deleted while Keyhole runs', () => {
  it('is made again on the next save, with every profile the app still holds', async () => {
    const dataDir = join(root, 'deleted');
    const service = await openService(dataDir);
    expect((await service.saveProfile(draft('device-a'))).ok).toBe(true);
    await rm(dataDir, { recursive: true, force: true });
    expect((await service.saveProfile(draft('device-b'))).ok).toBe(true);
    expect(await namesOnDisk(dataDir)).toEqual(['device-a', 'device-b']);
  });
});

describe('the command line reading while the app writes', () => {
  it('always reads a whole document: eight reads while saves replace it without pause', async () => {
    const dataDir = join(root, 'shared');
    const service = await openService(dataDir);
    const saved = await service.saveProfile(draft('device-a'));
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    let writing = true;
    let saves = 0;
    const writer = (async () => {
      // Each save rewrites the whole document with a new note, as attempts and edits do.
      for (let i = 0; writing && i < 100_000; i += 1) {
        const again = await service.saveProfile({ ...draft('device-a'), id: saved.value.id, notes: `edit ${i} ${'x'.repeat(2000)}` });
        expect(again.ok).toBe(true);
        saves += 1;
      }
    })();
    const reads: { code: number | null; stdout: string; stderr: string }[] = [];
    for (let i = 0; i < 8; i += 1)
      reads.push(await runCli(CLI, root, ['profile', 'to-command', 'device-a', '--as', 'keyhole', '--data-dir', dataDir]));
    const during = saves;
    writing = false;
    await writer;
    // Every read overlapped saves: many document replacements happened while the reads ran.
    expect(during).toBeGreaterThan(reads.length * 10);
    for (const r of reads) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/keyhole connect .*device-a\.example/);
    }
    console.log(`store under concurrent reads: ${reads.length} CLI reads during ${saves} saves, all whole`);
  });
});

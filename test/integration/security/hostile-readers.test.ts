// The readers of files the app finds in its own folders (a CA folder of `keyhole cert`, the lab's
// PKI, the secret key file, the data folder's lock, the window state, the web host's renderer
// files), given a named pipe nobody writes to, a folder and a file over the reader's limit in
// place of the file. Each refuses at once with a sentence naming what it found; none hangs
// (a FIFO read would block past the test's time limit) and none reads the oversized file.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, MAX_INSPECT_BYTES } from '../../../electron/core/certs/bounded-read';
import { newCaRecord } from '../../../electron/core/certs/crl';
import { MAX_STATIC_FILE_BYTES } from '../../../electron/core/host/web-security';
import { labIdentities } from '../../../electron/core/lab/lab-identities';
import { ensureLabPki, labDir, LAB_FILES, openLabPki } from '../../../electron/core/lab/lab-pki';
import { KeyFileSecretBox } from '../../../electron/core/secrets/key-file-box';
import { MAX_LOCK_BYTES, takeFolderLock } from '../../../electron/core/store/folder-lock';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { CA_FILES, loadCa, readRecord } from '../../../electron/cli/cert/ca-folder';
import { MAX_WINDOW_STATE_BYTES, readWindowState, WINDOW_STATE_FILE } from '../../../electron/main/window-state-file';
import { startWebHost, type WebHost } from '../../../electron/web/host';
import { MAX_FILE_BYTES } from '../../../shared/ipc/file-source';
import { ca, issueTo } from '../../support/workbench-pki';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keyhole-hostile-readers-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

let n = 0;
const fresh = async () => {
  const dir = join(root, `case-${++n}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

type Kind = 'fifo' | 'folder' | 'oversized';
const KINDS: Kind[] = ['fifo', 'folder', 'oversized'];
/** What readBoundedFile says of each kind. */
const SAID: Record<Kind, RegExp> = {
  fifo: /is a named pipe \(FIFO\), not a file/,
  folder: /is a folder, not a file/,
  oversized: /bytes; files larger than [\d,]+ bytes are not read here/,
};

/** Puts a FIFO, a folder, or a sparse file one byte over `limit` at `path` (whatever was there is moved aside). */
async function plant(path: string, kind: Kind, limit: number): Promise<() => Promise<void>> {
  const aside = `${path}.aside`;
  const had = await rename(path, aside).then(
    () => true,
    () => false,
  );
  if (kind === 'fifo') execFileSync('mkfifo', [path]);
  else if (kind === 'folder') await mkdir(path);
  else {
    await writeFile(path, '');
    await truncate(path, limit + 1);
  }
  return async () => {
    await rm(path, { recursive: true, force: true });
    if (had) await rename(aside, path);
  };
}

describe('the CA folder of keyhole cert', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await fresh();
    const made = await issueTo(dir, 'ca', ca('Hostile Readers CA', 'ec-p256'), null);
    await rename(made.cert, join(dir, CA_FILES.cert));
    await rename(made.key, join(dir, CA_FILES.key));
    await writeFile(join(dir, CA_FILES.record), JSON.stringify(newCaRecord(made.issued, false)));
    await writeFile(join(dir, CA_FILES.chain), made.issued.certPem);
    expect((await loadCa(dir, '', undefined)).certificate.subject).toContain('Hostile Readers CA');
  });

  it.each(KINDS)('refuses %s as its record (ca.json)', async (kind) => {
    const restore = await plant(join(dir, CA_FILES.record), kind, MAX_DOCUMENT_BYTES);
    try {
      await expect(readRecord(dir)).rejects.toThrow(SAID[kind]);
    } finally {
      await restore();
    }
  });

  it.each(KINDS.flatMap((kind) => [CA_FILES.cert, CA_FILES.key, CA_FILES.chain].map((file) => [kind, file] as const)))(
    'refuses %s as %s',
    async (kind, file) => {
      const restore = await plant(join(dir, file), kind, MAX_INSPECT_BYTES);
      try {
        await expect(loadCa(dir, '', undefined)).rejects.toThrow(/^cannot read the CA: /);
        await expect(loadCa(dir, '', undefined)).rejects.toThrow(SAID[kind]);
      } finally {
        await restore();
      }
    },
  );
});

describe("the lab's PKI", () => {
  let dataDir = '';
  let dir = '';
  beforeAll(async () => {
    dataDir = await fresh();
    expect((await ensureLabPki(dataDir, new Date())).ok).toBe(true);
    dir = labDir(dataDir);
  }, 60_000);

  it.each(KINDS.flatMap((kind) => [LAB_FILES.state, LAB_FILES.ca, LAB_FILES.brokerKey].map((file) => [kind, file] as const)))(
    'refuses %s as %s with pki-damaged',
    async (kind, file) => {
      const limit = file === LAB_FILES.state ? MAX_DOCUMENT_BYTES : MAX_FILE_BYTES;
      const restore = await plant(join(dir, file), kind, limit);
      try {
        const opened = await openLabPki(dir, new Date());
        expect(opened.ok).toBe(false);
        if (opened.ok) return;
        expect(opened.error.code).toBe('pki-damaged');
        expect(opened.error.message).toMatch(/^The lab cannot be read: /);
        expect(opened.error.message).toMatch(SAID[kind]);
      } finally {
        await restore();
      }
      expect((await openLabPki(dir, new Date())).ok).toBe(true);
    },
  );

  it.each(KINDS)('says which device certificate is %s when the identities are listed', async (kind) => {
    const opened = await openLabPki(dir, new Date());
    if (!opened.ok) throw new Error(opened.error.message);
    const cert = opened.value.state.identities.find((i) => i.cert !== null)!.cert!;
    const restore = await plant(join(dir, cert), kind, MAX_FILE_BYTES);
    try {
      await expect(labIdentities(opened.value, new Date())).rejects.toThrow(SAID[kind]);
    } finally {
      await restore();
    }
  });
});

describe('the secret key file', () => {
  it.each([
    ['fifo', /is not a regular file/],
    ['folder', /is not a regular file/],
    ['oversized', /is damaged: it holds 1048577 bytes instead of 32/],
  ] as const)('refuses %s as its key', async (kind, said) => {
    const dataDir = await fresh();
    await plant(join(dataDir, 'secret.key'), kind, 1024 * 1024);
    // Private, so that the type and size are what is refused, not the mode.
    if (kind === 'oversized') await chmod(join(dataDir, 'secret.key'), 0o600);
    const box = new KeyFileSecretBox({ dataDir });
    await expect(box.seal(new TextEncoder().encode('a secret'))).rejects.toThrow(said);
  });
});

describe("the data folder's lock", () => {
  it.each(KINDS)('is not taken over from %s, which is named instead', async (kind) => {
    const dataDir = await fresh();
    const lock = join(dataDir, 'profiles.json.lock');
    await plant(lock, kind, MAX_LOCK_BYTES);
    const taken = await takeFolderLock(lock);
    expect(taken.ok).toBe(false);
    expect('problem' in taken && taken.problem).toMatch(SAID[kind]);
    // The store then opens read-only and says why.
    const store = createJsonFileStore(dataDir);
    expect((await store.load()).ok).toBe(true);
    expect(store.state?.().readOnly?.reason).toMatch(/in use by something else \(its lock: /);
    store.close?.();
  });
});

describe('the window state', () => {
  it('is read from a regular file', async () => {
    const dir = await fresh();
    await writeFile(join(dir, WINDOW_STATE_FILE), JSON.stringify({ width: 900, height: 700, maximized: true }));
    expect(await readWindowState(dir)).toEqual({ ok: true, value: { width: 900, height: 700, maximized: true } });
  });

  it.each(KINDS)('refuses %s with a sentence', async (kind) => {
    const dir = await fresh();
    await plant(join(dir, WINDOW_STATE_FILE), kind, MAX_WINDOW_STATE_BYTES);
    const read = await readWindowState(dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(SAID[kind]);
  });
});

describe("the web host's renderer files", () => {
  let host: WebHost;
  const TOKEN = 'b'.repeat(43);
  beforeAll(async () => {
    const dir = await fresh();
    const renderer = join(dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Keyhole</title>');
    await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    await plant(join(renderer, 'assets', 'fifo.js'), 'fifo', 0);
    await plant(join(renderer, 'assets', 'folder.js'), 'folder', 0);
    await plant(join(renderer, 'assets', 'big.js'), 'oversized', MAX_STATIC_FILE_BYTES);
    host = await startWebHost({
      port: 0,
      dataDir: join(dir, 'data'),
      rendererDir: renderer,
      version: 'test',
      token: TOKEN,
      log: () => undefined,
    });
  });
  afterAll(() => host?.close());

  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `${path}?token=${TOKEN}` }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each([
    ['/assets/fifo.js', 404, /^Not found\.\n$/],
    ['/assets/folder.js', 404, /^Not found\.\n$/],
    ['/assets/big.js', 500, /^Not served: ".*big\.js" is 33,554,433 bytes; files larger than 33,554,432 bytes are not read here\.\n$/],
  ] as const)('answers %s with %i at once, and keeps serving', async (path, status, body) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatch(body);
    expect(await get('/assets/app.js')).toEqual({ status: 200, body: 'console.log(1)' });
  });
});

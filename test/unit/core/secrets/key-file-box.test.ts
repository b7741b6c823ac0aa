// The key-file secret box: AES-256-GCM under a 0600 key file made on first use; every way it
// can be wrong (changed value, another key, open permissions, missing or damaged key) is an
// error that says so.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../../../electron/core/secrets/key-file-box';
import { SecretBoxError, textBytes, bytesText } from '../../../../electron/core/secrets/secret-box';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'keyhole-box-'));
  dirs.push(d);
  return d;
};

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SecretBoxError) return `${e.failure}: ${e.message}`;
    throw e;
  }
  throw new Error('expected a SecretBoxError');
}

describe('KeyFileSecretBox', () => {
  it('seals and opens, with a fresh IV each time, and makes a private 32-byte key on first use', async () => {
    const dir = await tempDir();
    const box = new KeyFileSecretBox({ dataDir: join(dir, 'data') });
    const a = await box.seal(textBytes('hunter2'));
    const b = await box.seal(textBytes('hunter2'));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^kf1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('hunter2');
    expect(bytesText(await box.open(a))).toBe('hunter2');
    const info = await stat(join(dir, 'data', 'secret.key'));
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.size).toBe(32);
    // Another box on the same folder uses the same key.
    expect(bytesText(await new KeyFileSecretBox({ dataDir: join(dir, 'data') }).open(a))).toBe('hunter2');
    expect(box.describe()).toEqual({ kind: 'key-file', secure: true, detail: join(dir, 'data', 'secret.key') });
  });

  it('refuses a value that was changed', async () => {
    const box = new KeyFileSecretBox({ dataDir: await tempDir() });
    const sealed = await box.seal(textBytes('secret value'));
    const [scheme, id, blob] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(blob, 'base64url');
    bytes[14] = bytes[14]! ^ 0x01;
    expect(await failure(box.open(`${scheme}.${id}.${bytes.toString('base64url')}`))).toMatch(/^tampered: .*changed or damaged/);
    expect(await failure(box.open(`${scheme}.${id}.${blob.slice(0, 20)}`))).toMatch(/^tampered/);
    expect(await failure(box.open('not-a-sealed-value'))).toMatch(/^unrecognised/);
  });

  it('refuses a value sealed with another key', async () => {
    const one = new KeyFileSecretBox({ dataDir: await tempDir() });
    const other = new KeyFileSecretBox({ dataDir: await tempDir() });
    await other.seal(textBytes('make the key'));
    const sealed = await one.seal(textBytes('x'));
    expect(await failure(other.open(sealed))).toMatch(/^wrong-key: .*another key file/);
  });

  it('refuses a key file others can read, naming the fix', async () => {
    const dir = await tempDir();
    const box = new KeyFileSecretBox({ dataDir: dir });
    const sealed = await box.seal(textBytes('x'));
    await chmod(join(dir, 'secret.key'), 0o644);
    const fresh = new KeyFileSecretBox({ dataDir: dir });
    expect(await failure(fresh.open(sealed))).toMatch(/^key-permissions: .*mode 0644.*chmod 600/);
    expect(await failure(fresh.seal(textBytes('y')))).toMatch(/^key-permissions/);
    expect(fresh.describe().warning).toMatch(/can be read by other users/);
    // Windows has no such modes: the same file is accepted there.
    expect(bytesText(await new KeyFileSecretBox({ dataDir: dir, platform: 'win32' }).open(sealed))).toBe('x');
  });

  it('will not make a new key while values sealed with the missing one exist, until allowed', async () => {
    const dir = await tempDir();
    const sealed = await new KeyFileSecretBox({ dataDir: dir }).seal(textBytes('x'));
    await rm(join(dir, 'secret.key'));
    const box = new KeyFileSecretBox({ dataDir: dir });
    expect(await failure(box.open(sealed))).toMatch(/^key-missing: The key file .* is missing.*Restore/);
    expect(await failure(box.seal(textBytes('y')))).toMatch(/^key-missing: .*new key would make them unreadable/);
    box.allowNewKey();
    const next = await box.seal(textBytes('y'));
    expect(bytesText(await box.open(next))).toBe('y');
    expect(await failure(box.open(sealed))).toMatch(/^wrong-key/);
  });

  it('refuses a damaged key file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'secret.key'), Buffer.alloc(16), { mode: 0o600 });
    expect(await failure(new KeyFileSecretBox({ dataDir: dir }).seal(textBytes('x')))).toMatch(/^key-damaged: .*16 bytes instead of 32/);
  });

  it('never replaces a key another process made at the same moment', async () => {
    const dir = await tempDir();
    const boxes = Array.from({ length: 8 }, () => new KeyFileSecretBox({ dataDir: dir }));
    const sealed = await Promise.all(boxes.map((b, i) => b.seal(textBytes(`value ${i}`))));
    const key = await readFile(join(dir, 'secret.key'));
    expect(key).toHaveLength(32);
    const reader = new KeyFileSecretBox({ dataDir: dir });
    expect(await Promise.all(sealed.map(async (s) => bytesText(await reader.open(s))))).toEqual(boxes.map((_, i) => `value ${i}`));
  });
});

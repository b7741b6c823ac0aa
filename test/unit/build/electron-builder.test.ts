// The packaging configuration against electron-builder's own JSON schema (app-builder-lib ships
// it), the targets and icons it names against what `npm run dist` and build/make-icons.mjs make,
// and `npm run dist` where no Electron binary can be had: two lines, as `npm start` says it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
// The schema uses electron-builder's own annotations (e.g. "markdownDescription"): not strict about unknown keywords.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config = () => load(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>>;

const run = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });

describe('build/electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const ok = validate(config());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('would be refused by the schema with an unknown option or target (the check can fail)', () => {
    expect(validate({ ...config(), bogusOption: true })).toBe(false);
    const c = config();
    expect(validate({ ...c, linux: { ...c.linux, target: [{ target: 'AppImage', arch: ['not-an-arch'] }] } })).toBe(false);
    expect(validate({ ...c, nsis: { ...c.nsis, oneClick: 'sometimes' } })).toBe(false);
  });

  it('names AppImage and deb, dmg, nsis, and the icons build/make-icons.mjs writes', async () => {
    const c = config();
    expect(c.linux!.target).toEqual(['AppImage', 'deb']);
    expect(c.mac!.target).toEqual(['dmg', 'zip']);
    expect(c.win!.target).toEqual(['nsis']);
    const out = await mkdtemp(join(tmpdir(), 'keyhole-icons-'));
    try {
      const made = await run(['build/make-icons.mjs', '--out', out], {});
      expect(made.code, made.stderr).toBe(0);
      const files = [...(await readdir(out)), ...(await readdir(join(out, 'png'))).map((f) => `png/${f}`)];
      const named = (p: unknown) => String(p).replace(/^build\/icons\//, '');
      expect(files).toContain(named(c.mac!.icon));
      expect(files).toContain(named(c.win!.icon));
      expect(files).toContain(named(c.nsis!.installerIcon));
      expect(files.filter((f) => f.startsWith(`${named(c.linux!.icon)}/`))).toContain('png/512x512.png');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('npm run dist', () => {
  it('says in two lines that it cannot build without the Electron binary, and builds nothing', async () => {
    // electron's own variable for an Electron of one's own; where it names nothing, nothing is downloaded.
    const r = await run(['build/dist.mjs'], { ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-here') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Keyhole: the Electron binary is not installed and could not be downloaded here, so no installer can be built.');
    expect(lines[1]).toMatch(/`npm run web` serves the same app to a browser/);
  });
});

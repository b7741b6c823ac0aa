// build/make-icons.mjs: every size each platform needs, from the one source image: PNGs of the
// size their name says, an .ico whose directory lists PNG entries up to 256, an .icns whose
// entries are PNGs of the size their OSType stands for.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let out = '';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'keyhole-icons-'));
  await new Promise<void>((done, fail) =>
    execFile(process.execPath, ['build/make-icons.mjs', '--out', out], { cwd: ROOT }, (e) => (e ? fail(e) : done())),
  );
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('make-icons', () => {
  it('writes one PNG per Linux size, each of the size its name says', async () => {
    for (const s of [16, 24, 32, 48, 64, 128, 256, 512, 1024])
      expect(pngSize(await readFile(join(out, 'png', `${s}x${s}.png`)))).toEqual([s, s]);
  });

  it('writes an .ico of PNG entries from 16 to 256 pixels', async () => {
    const ico = await readFile(join(out, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const stated = ico.readUInt8(e) || 256;
      const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
      expect(pngSize(png)).toEqual([stated, stated]);
      sizes.push(stated);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('writes an .icns whose entries are PNGs of the size their type stands for, up to 1024 (512@2x)', async () => {
    const icns = await readFile(join(out, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      found[type] = pngSize(icns.subarray(at + 8, at + length))[0]!;
      at += length;
    }
    expect(found).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    });
  });
});

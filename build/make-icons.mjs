// Every icon the installers need, made from one source image (build/icon.svg), rasterised with
// resvg: PNGs for Linux (one per size, named WxH.png as electron-builder's linux.icon folder
// wants), an .ico for Windows and an .icns for macOS. Both containers hold PNG images, which
// Windows (Vista+) and macOS (10.7+) read; they are simple enough to write here.
//   node build/make-icons.mjs [--out DIR]   (default build/icons)
import { Resvg } from '@resvg/resvg-js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = join(ROOT, 'build', 'icon.svg');

/** Linux (hicolor sizes) and the AppImage, which takes the largest. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows: 256 is the largest an .ico entry holds (its size byte 0 means 256). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** macOS: the PNG types of Apple's icon family (OSType → pixel size), 1x and @2x. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

/** An .ico of PNG images (ICONDIR, one ICONDIRENTRY each, then the images). */
export function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** An .icns: 'icns', the total length, then per image its OSType, its length (header included) and the PNG. */
export function icns(images) {
  const parts = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** Writes png/WxH.png, icon.ico and icon.icns into `outDir`; returns the files written. */
export async function makeIcons(outDir, source = SOURCE) {
  const svg = await readFile(source);
  const sizes = [...new Set([...PNG_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];
  const png = new Map(sizes.map((s) => [s, render(svg, s)]));
  await mkdir(join(outDir, 'png'), { recursive: true });
  const written = [];
  for (const s of PNG_SIZES) {
    const file = join(outDir, 'png', `${s}x${s}.png`);
    await writeFile(file, png.get(s));
    written.push(file);
  }
  await writeFile(join(outDir, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, png: png.get(size) }))));
  await writeFile(join(outDir, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => ({ type, png: png.get(size) }))));
  written.push(join(outDir, 'icon.ico'), join(outDir, 'icon.icns'));
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : join(ROOT, 'build', 'icons'));
  const files = await makeIcons(out);
  console.log(`icons: ${files.length} files in ${out}`);
}

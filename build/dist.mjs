// `npm run dist`: the installers this platform can build (electron-builder, build/electron-builder.yml):
// AppImage and deb on Linux, dmg and zip on macOS, nsis on Windows. It builds the app, makes the
// icons from build/icon.svg, and hands electron-builder the installed Electron, so nothing else is
// downloaded. Where the Electron binary cannot be had, it says so in two lines, as `npm start` does.
//   npm run dist [-- --dir]   (--dir: the unpacked app only, no installer)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronDist } from './electron-binary.mjs';
import { makeIcons } from './make-icons.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** What each platform can build (electron-builder cannot make a dmg off macOS, and nsis wants Windows or wine). */
export const TARGETS = { linux: ['--linux', 'AppImage', 'deb'], darwin: ['--mac', 'dmg', 'zip'], win32: ['--win', 'nsis'] };

const targets = TARGETS[process.platform];
if (!targets) {
  console.error(`Keyhole: electron-builder has no installer for ${process.platform} here.`);
  console.error('Build on Linux (AppImage, deb), macOS (dmg) or Windows (nsis); `npm run web` serves the app to a browser meanwhile.');
  process.exit(1);
}
if (!electronBinary()) {
  console.error('Keyhole: the Electron binary is not installed and could not be downloaded here, so no installer can be built.');
  console.error(
    'Build where Electron can be downloaded (see README, Packaging); `npm run web` serves the same app to a browser meanwhile.',
  );
  process.exit(1);
}

const run = (args, label) => {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`Keyhole: ${label} failed.`);
    process.exit(r.status ?? 1);
  }
};

run([join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'), 'build'], 'the build');
await makeIcons(join(ROOT, 'build', 'icons'));
const electron = electronDist();
const builder = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const onlyDir = process.argv.includes('--dir');
run(
  [
    builder,
    '--config',
    'build/electron-builder.yml',
    '--publish',
    'never',
    ...(onlyDir ? [targets[0], '--dir'] : targets),
    `-c.electronDist=${electron.dir}`,
    `-c.electronVersion=${electron.version}`,
  ],
  'electron-builder',
);
console.log(`Keyhole: installers are in ${join(ROOT, 'dist')}`);

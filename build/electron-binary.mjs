// The Electron binary for `npm start` and `npm run dist`. npm ci never runs electron's download
// script (package.json `allowScripts`), so that an install cannot fail where GitHub is out of
// reach; the binary is fetched here, once, when first needed. ELECTRON_OVERRIDE_DIST_PATH
// (electron's own variable) names an Electron of your own: nothing is downloaded then.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron executable, or null when the package or its binary is missing. */
function installedBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function download() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return false;
  let installer;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return false;
  }
  console.error('Keyhole: downloading the Electron binary (first time only)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], env, timeout: 10 * 60_000 });
  return r.status === 0;
}

/** The Electron executable, downloaded when missing; null when that is impossible here. */
export function electronBinary() {
  return installedBinary() ?? (download() ? installedBinary() : null);
}

/** Where electron-builder takes Electron from (the installed package, so it downloads no second copy), and its version. */
export function electronDist() {
  const pkg = dirname(require.resolve('electron/package.json'));
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
  return { dir: process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist'), version };
}

// `npm start`: build the desktop app with electron-vite and run it in Electron.
// The Electron binary is a separate download (npm's electron package fetches it at install); on
// machines where that download is impossible, say so plainly and point to the web host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron executable, or null when the package or its binary is missing. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * `npm ci` does not run electron's download script (package.json `allowScripts`), so that an
 * install never fails where GitHub is out of reach; the binary is fetched here, on first start.
 */
function downloadElectron() {
  let installer;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return false;
  }
  console.error('Keyhole: downloading the Electron binary (first start only)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], env, timeout: 10 * 60_000 });
  return r.status === 0;
}

const electron = electronBinary() ?? (downloadElectron() ? electronBinary() : null);
if (!electron) {
  console.error('Keyhole: the Electron binary is not installed and could not be downloaded here, so the desktop app cannot start.');
  console.error('Run `npm run web` instead: it serves the same app to your browser on 127.0.0.1.');
  process.exit(1);
}

// The package's exports hide bin/, so its path is found from package.json.
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const built = spawnSync(process.execPath, [electronVite, 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

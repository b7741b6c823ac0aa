// `npm start`: build the desktop app with electron-vite and run it in Electron.
// The Electron binary is a separate download (build/electron-binary.mjs); on machines where that
// download is impossible, say so plainly and point to the web host.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const electron = electronBinary();
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

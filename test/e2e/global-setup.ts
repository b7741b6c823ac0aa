// Builds the renderer and the web host before the browser tests when the build output is
// missing or older than any source it is made from.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCES = ['renderer', 'shared', 'electron/core', 'electron/web', 'electron.vite.config.ts', 'build/build-cli.mjs', 'package.json'];
const OUTPUTS = ['out/renderer/index.html', 'out/web/host.mjs'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(path)) if (e !== 'node_modules') max = Math.max(max, newest(join(path, e)));
  return max;
}

export default function setup(): void {
  const out = OUTPUTS.map((f) => join(ROOT, f));
  const built = out.every((f) => existsSync(f)) ? Math.min(...out.map((f) => statSync(f).mtimeMs)) : 0;
  const source = Math.max(
    ...SOURCES.map((s) => join(ROOT, s))
      .filter((p) => existsSync(p))
      .map(newest),
  );
  if (built >= source) return;
  console.log('e2e: building the renderer and the web host (output missing or stale)');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'build/build-cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

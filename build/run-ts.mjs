// Runs a TypeScript script (benchmarks, tools) with plain Node: bundles it with esbuild into a
// temp file, dependencies left external, then runs it with the remaining arguments.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node build/run-ts.mjs FILE.ts [args…]');
  process.exit(64);
}
const dir = mkdtempSync(join(resolve('node_modules'), '.run-ts-'));
const outfile = join(dir, 'script.mjs');
try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

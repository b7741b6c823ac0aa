// Type-checks each layer with its own tsconfig, so a layer break (a Node import in renderer/,
// a DOM global in core/) fails here as well as in the lint.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const projects = ['shared', 'electron/core', 'electron/main', 'electron/preload', 'electron/cli', 'electron/web', 'renderer', 'test'];
const hasSources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? e.name !== 'node_modules' && hasSources(join(dir, e.name)) : /\.tsx?$/.test(e.name),
  );
let failed = 0;
for (const p of projects) {
  if (!existsSync(join(p, 'tsconfig.json')) || !hasSources(p)) continue;
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p, '--pretty'], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck: ${p} failed`);
  } else console.log(`typecheck: ${p} ok`);
}
process.exit(failed ? 1 : 0);

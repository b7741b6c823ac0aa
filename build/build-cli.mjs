// Bundles the `keyhole` command (electron/cli) and its core into one ESM file.
// Dependencies stay external: they resolve from node_modules at run time.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const outfile = 'out/cli/keyhole.mjs';
await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);

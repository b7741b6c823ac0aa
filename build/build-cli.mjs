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

// The web host (electron/web): `node out/web/host.mjs`, same core, served to a browser.
await build({
  entryPoints: ['electron/web/main.ts'],
  outfile: 'out/web/host.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

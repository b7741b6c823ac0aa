// Bundles the plain-Node entry points with their core into one ESM file each; dependencies
// stay external and resolve from node_modules at run time.
//   out/cli/keyhole.mjs  the `keyhole` command (electron/cli)
//   out/web/host.mjs     the web host (electron/web): same core, served to a browser
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const entries = [
  { entry: 'electron/cli/main.ts', outfile: 'out/cli/keyhole.mjs', executable: true },
  { entry: 'electron/web/main.ts', outfile: 'out/web/host.mjs', executable: false },
];

for (const { entry, outfile, executable } of entries) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    ...(executable ? { banner: { js: '#!/usr/bin/env node' } } : {}),
    logLevel: 'warning',
  });
  if (executable) await chmod(outfile, 0o755);
}

// Bundles the plain-Node entry points with their core into ESM; dependencies stay external and
// resolve from node_modules at run time.
//   out/cli/keyhole.mjs  the `keyhole` command (electron/cli), with its commands in
//                        out/cli/chunks/, each loaded when it runs (a one-shot process pays for
//                        every module it loads: `keyhole connect` loads no workbench, lab or matrix)
//   out/web/host.mjs     the web host (electron/web): same core, served to a browser
import { build } from 'esbuild';
import { chmod, readFile, readdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

// What `keyhole connect` loads goes into the bundle: Node resolves and reads every file of a package
// it imports one by one (zod alone is over a hundred modules), which a one-shot process pays at each
// start; bundled, it reads a few chunks. Everything else stays in node_modules.
const BUNDLED = new Set(['zod', 'commander', 'mqtt']);
const manifest = JSON.parse(await readFile('package.json', 'utf8'));
const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const cli = await build({
  ...common,
  packages: undefined,
  external,
  entryPoints: { keyhole: 'electron/cli/main.ts' },
  outdir: 'out/cli',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // The bundled CommonJS code calls require() for Node's own modules.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as keyholeRequire } from 'node:module';\nconst require = keyholeRequire(import.meta.url);",
  },
  metafile: true,
});
await chmod('out/cli/keyhole.mjs', 0o755);
// Chunks are named by their content, so old ones would pile up: remove those this build did not
// write. Not the folder first: test files build in parallel while others run `keyhole`, and an
// unchanged build writes the same chunk names.
const written = new Set(Object.keys(cli.metafile.outputs).map((f) => resolve(f)));
for (const name of await readdir('out/cli/chunks').catch(() => [])) {
  const path = resolve('out/cli/chunks', name);
  if (!written.has(path)) await rm(path, { force: true });
}

await build({ ...common, entryPoints: ['electron/web/main.ts'], outfile: 'out/web/host.mjs' });

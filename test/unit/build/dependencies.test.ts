import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// What ships (electron/, renderer/, shared/) imports exactly the packages listed as
// dependencies: nothing listed that nothing imports, nothing imported that only a dev install has.
const ROOT = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
/** Supplied at run time by the Electron shell itself, not installed with the app. */
const PROVIDED = new Set(['electron']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function importedPackages(): Map<string, string> {
  const found = new Map<string, string>();
  const spec = /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const file of ['electron', 'renderer', 'shared'].flatMap((d) => sources(join(ROOT, d)))) {
    for (const m of readFileSync(file, 'utf8').matchAll(spec)) {
      const s = (m[1] ?? m[2] ?? m[3])!;
      if (s.startsWith('.') || s.startsWith('node:') || builtinModules.includes(s.split('/')[0]!)) continue;
      const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
      if (!found.has(name)) found.set(name, file.slice(ROOT.length + 1));
    }
  }
  return found;
}

describe('dependencies', () => {
  const imported = importedPackages();

  it('lists only packages the shipped code imports', () => {
    const unused = Object.keys(pkg.dependencies).filter((d) => !imported.has(d));
    expect(unused).toEqual([]);
  });

  it('lists every package the shipped code imports', () => {
    const missing = [...imported].filter(([name]) => !PROVIDED.has(name) && !(name in pkg.dependencies)).map(([n, f]) => `${n} (${f})`);
    expect(missing).toEqual([]);
  });
});

// Runs Electronegativity (Electron misconfigurations and anti-patterns) over electron/ and
// fails on any finding of high or medium severity that docs/security.md does not review by
// check id and file. Offline: the check that downloads Electron's release list is left out,
// and the Electron version is the one installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const ELECTRON = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
const REVIEWED_IN = 'docs/security.md';
// Its programmatic entry; the command-line one needs a commander it does not declare.
const electronegativity = createRequire(import.meta.url)('@doyensec/electronegativity');

/** `CHECK_ID file` pairs listed in the review table of docs/security.md. */
function reviewed() {
  const text = readFileSync(join(ROOT, REVIEWED_IN), 'utf8');
  const pairs = new Set();
  for (const m of text.matchAll(/^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|/gm)) pairs.add(`${m[1]} ${m[2]}`);
  return pairs;
}

let result;
try {
  result = await electronegativity({
    input: join(ROOT, 'electron'),
    electronVersionOverride: ELECTRON,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
  });
} catch (e) {
  console.error(`electronegativity could not run: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
const broken = result.errors.filter((e) => !e.tolerable);
if (broken.length) {
  // A file it cannot parse is a file it did not check.
  for (const e of broken) console.error(`electronegativity could not parse ${e.file}: ${e.message}`);
  process.exit(2);
}

const ok = reviewed();
const findings = result.issues.map((i) => ({
  check: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: i.file,
  location: `${i.location.line}:${i.location.column}`,
}));
const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
const open = serious.filter((f) => !ok.has(`${f.check} ${f.file}`));
const count = (s) => findings.filter((f) => f.severity === s).length;
console.log(
  `electronegativity ${ELECTRON}: ${findings.length} findings (high ${count('HIGH')}, medium ${count('MEDIUM')}, low ${count('LOW')}, ` +
    `informational ${count('INFORMATIONAL')}); ${serious.length - open.length} of ${serious.length} high/medium reviewed in ${REVIEWED_IN}`,
);
for (const f of findings)
  console.log(`  ${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location}${open.includes(f) ? '  NOT REVIEWED' : ''}`);
if (open.length) {
  console.error(
    `electronegativity: ${open.length} high or medium finding(s) not reviewed in ${REVIEWED_IN}; fix them or add a row to its table.`,
  );
  process.exit(1);
}

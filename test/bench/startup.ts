// Start-up: (a) the renderer bundle as built: every asset with its raw and gzip size, what
// index.html loads before anything is clicked (its script, the chunks it preloads, its styles)
// against the whole; (b) the time from navigation to an interactive connection list with 1,000
// saved profiles, in headless Chromium through the web host, against the same with 10 profiles,
// alternating, in the same run. "Interactive": the list shows its first profile, and a search
// typed into it shows the one profile it names.
// Builds the renderer and the web host first (the figures are about what is built now).
// Prints figures; asserts no times. KEYHOLE_BENCH_QUICK=1: fewer rounds.
//   node build/run-ts.mjs test/bench/startup.ts [ROUNDS]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultSettings } from '../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../shared/profile/profile';
import { openProfileService } from '../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../electron/core/store/json-store';
import { launchChromium } from '../support/e2e/browser';
import { startWebHost, type RunningHost } from '../support/e2e/web-host';
import { emitRows, limitRow, median, row, type BenchRow } from './rows';

const BENCH = 'startup';
const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const ROUNDS = Number(process.argv[2] ?? (QUICK ? 3 : 8));
const ASSETS = 'out/renderer/assets';
/** Measured on the single-chunk bundle this split replaced (same gzip level). */
const BEFORE = 'one 2,682,946-byte unminified chunk, 600,736 bytes gzip, all of it loaded at start';
const rows: BenchRow[] = [];

// ---------------------------------------------------------------------------------------------
// (a) the bundle

execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, ['build/build-cli.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });

interface Asset {
  name: string;
  raw: number;
  gzip: number;
}
const assets: Asset[] = readdirSync(ASSETS)
  .filter((f) => !f.endsWith('.map'))
  .map((name) => {
    const bytes = readFileSync(join(ASSETS, name));
    return { name, raw: statSync(join(ASSETS, name)).size, gzip: gzipSync(bytes).length };
  })
  .sort((a, b) => b.raw - a.raw);
const html = readFileSync('out/renderer/index.html', 'utf8');
/** What the page asks for before any interaction: its module script and the chunks it preloads. */
const initialNames = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!));
const js = assets.filter((a) => a.name.endsWith('.js'));
const initialJs = js.filter((a) => initialNames.has(a.name));
const sum = (xs: Asset[], k: 'raw' | 'gzip') => xs.reduce((n, a) => n + a[k], 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

console.log(`(a) renderer bundle: ${assets.length} assets in ${ASSETS} (* = loaded at start)`);
for (const a of assets)
  console.log(`  ${initialNames.has(a.name) ? '*' : ' '} ${a.name.padEnd(44)} ${kb(a.raw).padStart(10)} ${kb(a.gzip).padStart(10)} gzip`);
console.log(
  `  JS at start: ${initialJs.length} chunks, ${kb(sum(initialJs, 'raw'))} (${kb(sum(initialJs, 'gzip'))} gzip) of ${js.length} chunks, ${kb(sum(js, 'raw'))} (${kb(sum(js, 'gzip'))} gzip)`,
);
console.log(`  before the split: ${BEFORE}`);
const largest = js[0]!;
rows.push(
  row({
    bench: BENCH,
    figure: 'renderer JS loaded at start (gzip)',
    value: sum(initialJs, 'gzip') / 1024,
    unit: 'kB',
    baseline: 'all renderer JS (gzip)',
    baselineValue: sum(js, 'gzip') / 1024,
    target: { op: '<=', ratio: 0.7 },
    note: `${initialJs.length} of ${js.length} chunks; before: ${BEFORE}`,
  }),
  limitRow({
    bench: BENCH,
    figure: `largest renderer chunk (${largest.name.replace(/-[\w-]{8}\.js$/, '')})`,
    value: largest.raw / 1024,
    unit: 'kB',
    limit: { op: '<=', ratio: 500 },
    note: `${kb(largest.gzip)} gzip; 500 kB is Vite's chunk size warning; before: 2,620 kB`,
  }),
);

// ---------------------------------------------------------------------------------------------
// (b) navigation to an interactive connection list

const name = (i: number) => `Device ${String(i).padStart(4, '0')}`;

/** A data folder holding `count` profiles, saved through the core's profile service as the app saves them. */
async function seeded(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `keyhole-bench-startup-${count}-`));
  const store = createJsonFileStore(dir);
  const profiles = await openProfileService({ store });
  for (let i = 0; i < count; i++) {
    const settings = defaultSettings({ host: `broker-${i % 17}.example.net`, port: 8883, clientId: `device-${i}` });
    const saved = await profiles.saveProfile({ name: name(i), groupId: null, settings, material: EMPTY_MATERIAL });
    if (!saved.ok) throw new Error(saved.error.message);
  }
  await profiles.flush();
  // The host takes the folder's lock next: this writer lets it go.
  store.close?.();
  return dir;
}

const browser = await launchChromium();
const hosts: { count: number; dir: string; host: RunningHost }[] = [];
try {
  for (const count of [10, 1000]) {
    const t = performance.now();
    const dir = await seeded(count);
    console.log(`\nseeded ${count} profiles in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    hosts.push({ count, dir, host: await startWebHost({ dataDir: dir, root: process.cwd() }) });
  }

  /** Milliseconds from navigation start to the first profile shown, and to a search answered. */
  async function once(url: string, count: number): Promise<{ shown: number; searched: number }> {
    // A fresh context each time: nothing cached from the round before.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      const shown = await (
        await page.waitForFunction(() => document.querySelector('[data-testid="profile-item"]') && performance.now(), null, {
          timeout: 60_000,
        })
      ).jsonValue();
      const wanted = name(Math.floor(count * 0.77));
      await page.getByRole('textbox', { name: 'Search connections' }).fill(wanted);
      const searched = await (
        await page.waitForFunction(
          (n) => {
            const items = document.querySelectorAll('[data-testid="profile-item"]');
            return items.length === 1 && items[0]!.getAttribute('data-profile-name') === n && performance.now();
          },
          wanted,
          { timeout: 60_000 },
        )
      ).jsonValue();
      return { shown: Number(shown), searched: Number(searched) };
    } finally {
      await context.close();
    }
  }

  const results = new Map<number, { shown: number[]; searched: number[] }>(hosts.map((h) => [h.count, { shown: [], searched: [] }]));
  for (const h of hosts) await once(h.host.url, h.count); // warm the hosts and the browser
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...hosts].reverse() : hosts;
    for (const h of order) {
      const m = await once(h.host.url, h.count);
      results.get(h.count)!.shown.push(m.shown);
      results.get(h.count)!.searched.push(m.searched);
    }
  }
  const small = results.get(10)!;
  const big = results.get(1000)!;
  const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms (rounds: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`\n(b) navigation to an interactive connection list, ${ROUNDS} rounds alternating, medians`);
  console.log(`  10 profiles    first shown ${ms(small.shown)}; search answered ${ms(small.searched)}`);
  console.log(`  1,000 profiles first shown ${ms(big.shown)}; search answered ${ms(big.searched)}`);
  rows.push(
    row({
      bench: BENCH,
      figure: 'list interactive, 1,000 profiles',
      value: median(big.searched),
      unit: 'ms',
      baseline: '10 profiles',
      baselineValue: median(small.searched),
      target: { op: '<=', ratio: 1.5 },
      note: `navigation to a search answered in the list; ${ROUNDS} rounds alternating; the target is ours (the issue sets none)`,
    }),
    row({
      bench: BENCH,
      figure: 'first profile shown, 1,000 profiles',
      value: median(big.shown),
      unit: 'ms',
      baseline: '10 profiles',
      baselineValue: median(small.shown),
      target: null,
    }),
  );
} finally {
  await browser.close();
  for (const h of hosts) {
    await h.host.stop();
    await rm(h.dir, { recursive: true, force: true });
  }
}
emitRows(rows);

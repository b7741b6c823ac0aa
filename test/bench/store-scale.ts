// The profile store at scale: a data folder with 1,000 profiles of 50 reports each against one
// with 10 profiles of 50 reports, in the same run, alternating. Both are real data folders (the
// JSON file store with its key-file secret box) opened through the profile service as the app
// opens them. Figures:
//   - load: open the service on the folder (read, migrate, open secrets, check reports);
//   - save: one attempt's report kept (`addReport`, awaited until it is on disk).
// Saving an attempt must not grow with the size of the store: save(big) / save(small) ≤ 1.5.
// Load is shown with its ratio, for information. The reports are real: a few probes against a
// local mosquitto mTLS listener, run once through the app core, then cloned with new ids.
//   node build/run-ts.mjs test/bench/store-scale.ts [PROFILES] [REPORTS_PER_PROFILE]
// KEYHOLE_BENCH_QUICK=1: fewer rounds (the folders keep their size).
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConnectReport } from '../../shared/connect/report';
import type { Profile } from '../../shared/profile/profile';
import { openProfileService, type ProfileService } from '../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../electron/core/store/json-store';
import { emptyStore, type ProfileStore, type StoreData } from '../../electron/core/store/store-data';
import { startMosquitto } from '../support/mosquitto';
import { makePki } from '../support/pki';
import { openTestHost, value } from '../support/host-harness';
import { emitRows, median, percentile, row, type BenchRow } from './rows';

const BENCH = 'store-scale';
const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const BIG = Number(process.argv[2] ?? 1000);
const SMALL = 10;
const PER_PROFILE = Number(process.argv[3] ?? 50);
const LOAD_ROUNDS = QUICK ? 2 : 5;
const SAVE_ROUNDS = QUICK ? 30 : 200;
const WARMUP = QUICK ? 3 : 10;

const work = await mkdtemp(join(tmpdir(), 'keyhole-bench-store-'));
const ms = (t: number) => `${t.toFixed(2)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs the probe through the app core a few times (accepted, rejected by the broker) and returns its data folder's contents. */
async function seedFromRealAttempts(): Promise<StoreData> {
  const pki = await makePki(join(work, 'pki'));
  const broker = await startMosquitto({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true },
  });
  const seedDir = join(work, 'seed');
  try {
    const host = await openTestHost(work, pki, { dataDir: seedDir });
    const ids = [await host.addProfile(broker.port, pki.clientGood), await host.addProfile(broker.port, pki.clientForeign)];
    value(await host.core.api.call('secrets:set', { profileId: ids[0]!, password: 'bench-mqtt-password' }));
    for (const id of ids) {
      for (let i = 0; i < 2; i++) {
        await host.core.api.call('connection:connect', { profileId: id });
        await host.core.api.call('connection:disconnect', { profileId: id });
      }
    }
    // Reports are kept after the attempt's answer: wait until each profile has both.
    const kept = async () => {
      const counts = await Promise.all(ids.map(async (id) => value(await host.core.api.call('reports:history', { profileId: id })).length));
      return counts.every((c) => c >= 2);
    };
    for (let i = 0; !(await kept()); i++) {
      if (i > 500) throw new Error('the seed reports were not kept');
      await new Promise((r) => setTimeout(r, 20));
    }
    await host.core.close();
  } finally {
    await broker.stop();
  }
  const store = createJsonFileStore(seedDir, { readOnly: true });
  const loaded = await store.load();
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

const cloneReport = (r: ConnectReport, at: number): ConnectReport => ({
  ...structuredClone(r),
  id: randomUUID(),
  startedAt: new Date(Date.UTC(2026, 0, 1) + at * 1000).toISOString(),
});

/** `count` profiles made from the seed's (files and secrets cloned under new ids), each with `perProfile` reports. */
function scaledData(seed: StoreData, count: number, perProfile: number): StoreData {
  const data = emptyStore();
  data.settings = structuredClone(seed.settings);
  const reports = Object.values(seed.reports).flat();
  for (let i = 0; i < count; i++) {
    const model = seed.profiles[i % seed.profiles.length]!;
    const id = randomUUID();
    const material = structuredClone(model.material);
    for (const ref of [...material.ca, material.cert, material.key, material.pfx]) {
      if (!ref) continue;
      const fileId = randomUUID();
      data.vault.files[fileId] = seed.vault.files[ref.id]!;
      ref.id = fileId;
    }
    const p: Profile = { ...structuredClone(model), id, name: `Device ${String(i + 1).padStart(4, '0')}`, material };
    data.profiles.push(p);
    if (seed.vault.secrets[model.id]) data.vault.secrets[id] = { ...seed.vault.secrets[model.id] };
    data.reports[id] = Array.from({ length: perProfile }, (_, n) => cloneReport(reports[(i + n) % reports.length]!, i * perProfile + n));
  }
  return data;
}

/** Writes `data` into a fresh data folder through the JSON file store (real key-file box). */
async function writeFolder(name: string, data: StoreData): Promise<string> {
  const dir = join(work, name);
  const store = createJsonFileStore(dir);
  const loaded = await store.load();
  if (!loaded.ok) throw new Error(loaded.error.message);
  const saved = await store.save(data);
  store.close?.();
  if (!saved.ok) throw new Error(saved.error.message);
  return dir;
}

async function folderSizes(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const sizes = await Promise.all(names.map(async (n) => `${n} ${mb((await stat(join(dir, n))).size)}`));
  return sizes.join(', ');
}

interface Opened {
  store: ProfileStore;
  service: ProfileService;
  ids: string[];
}

async function open(dir: string): Promise<{ opened: Opened; ms: number }> {
  const t = performance.now();
  const store = createJsonFileStore(dir);
  const service = await openProfileService({ store });
  const took = performance.now() - t;
  if (service.problem) throw new Error(service.problem);
  return { opened: { store, service, ids: service.listProfiles().map((p) => p.id) }, ms: took };
}

async function close({ store, service }: Opened): Promise<void> {
  await service.flush();
  store.close?.();
}

let n = 0;
/** One attempt's report kept through the service; resolves once it is on disk. */
async function saveOne({ service, ids }: Opened, template: ConnectReport): Promise<number> {
  const target = ids[n++ % ids.length]!;
  const report = cloneReport(template, 1_000_000 + n);
  const t = performance.now();
  const kept = await service.addReport(target, report);
  const took = performance.now() - t;
  if (!kept.ok) throw new Error(kept.error.message);
  return took;
}

try {
  console.log(`store at scale: ${BIG} vs ${SMALL} profiles × ${PER_PROFILE} reports${QUICK ? ' (quick)' : ''}`);
  const seed = await seedFromRealAttempts();
  const templates = Object.values(seed.reports).flat();
  const avg = templates.reduce((s, r) => s + JSON.stringify(r).length, 0) / templates.length;
  console.log(
    `  ${templates.length} real reports as templates (${seed.profiles.length} profiles), ${avg.toFixed(0)} bytes of JSON each on average`,
  );

  let t = performance.now();
  const bigDir = await writeFolder('big', scaledData(seed, BIG, PER_PROFILE));
  console.log(`  big folder written in ${ms(performance.now() - t)}: ${await folderSizes(bigDir)}`);
  t = performance.now();
  const smallDir = await writeFolder('small', scaledData(seed, SMALL, PER_PROFILE));
  console.log(`  small folder written in ${ms(performance.now() - t)}: ${await folderSizes(smallDir)}`);

  // A folder the store cannot open (today: a document over its 64 MB read bound) is a finding, not a crash.
  const probe = await open(bigDir).catch((e: unknown) => e as Error);
  if (probe instanceof Error) {
    console.log(`  the big folder cannot be opened: ${probe.message}`);
    emitRows([
      row({
        bench: BENCH,
        figure: `save one report, ${BIG} profiles × ${PER_PROFILE}`,
        value: Number.NaN,
        unit: 'ms',
        baseline: `${SMALL} profiles`,
        baselineValue: Number.NaN,
        target: { op: '<=', ratio: 1.5 },
        note: `the store cannot open this folder: ${probe.message}`,
      }),
    ]);
    await rm(work, { recursive: true, force: true });
    process.exit(0);
  }
  await close(probe.opened);
  const loads = { big: [] as number[], small: [] as number[] };
  for (let i = 0; i < LOAD_ROUNDS + 1; i++) {
    // Alternate which goes first so drift in the machine's load falls on both alike; the first pair warms up.
    const order: Array<'big' | 'small'> = i % 2 ? ['small', 'big'] : ['big', 'small'];
    for (const which of order) {
      const { opened, ms: took } = await open(which === 'big' ? bigDir : smallDir);
      await close(opened);
      if (i > 0) loads[which].push(took);
    }
  }

  const big = (await open(bigDir)).opened;
  const small = (await open(smallDir)).opened;
  const saves = { big: [] as number[], small: [] as number[] };
  for (let i = 0; i < WARMUP + SAVE_ROUNDS; i++) {
    const template = templates[i % templates.length]!;
    const order: Array<'big' | 'small'> = i % 2 ? ['small', 'big'] : ['big', 'small'];
    for (const which of order) {
      const took = await saveOne(which === 'big' ? big : small, template);
      if (i >= WARMUP) saves[which].push(took);
    }
  }
  await close(big);
  await close(small);
  console.log(`  after the saves: big ${await folderSizes(bigDir)}; small ${await folderSizes(smallDir)}`);

  const loadBig = median(loads.big);
  const loadSmall = median(loads.small);
  const saveBig = median(saves.big);
  const saveSmall = median(saves.small);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log(`  load median: ${BIG} profiles ${ms(loadBig)}, ${SMALL} profiles ${ms(loadSmall)} (${LOAD_ROUNDS} rounds each)`);
  for (const which of ['big', 'small'] as const) {
    const xs = saves[which];
    console.log(
      `  save ${which.padEnd(5)} median ${ms(median(xs))}  p95 ${ms(percentile(xs, 95))}  max ${ms(Math.max(...xs))}  mean ${ms(mean(xs))} (${xs.length} saves)`,
    );
  }
  const rows: BenchRow[] = [
    row({
      bench: BENCH,
      figure: `save one report, ${BIG} profiles × ${PER_PROFILE}`,
      value: saveBig,
      unit: 'ms',
      baseline: `${SMALL} profiles`,
      baselineValue: saveSmall,
      target: { op: '<=', ratio: 1.5 },
      note: `median of ${SAVE_ROUNDS} addReport calls each, alternating, awaited until on disk; p95 ${percentile(saves.big, 95).toFixed(1)} vs ${percentile(saves.small, 95).toFixed(1)} ms`,
    }),
    row({
      bench: BENCH,
      figure: `load, ${BIG} profiles × ${PER_PROFILE}`,
      value: loadBig,
      unit: 'ms',
      baseline: `${SMALL} profiles`,
      baselineValue: loadSmall,
      target: null,
      note: `median of ${LOAD_ROUNDS} opens of the profile service each; informational (grows with the data read)`,
    }),
  ];
  emitRows(rows);
} finally {
  await rm(work, { recursive: true, force: true });
}

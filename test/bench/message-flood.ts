// The message path under a flood: a local publisher sends COUNT messages of 100 bytes (QoS 0)
// through mosquitto (plain TCP on loopback: the figure is about our path, not TLS).
//   (a) core: messages per second reaching the connection manager's event sink vs a bare
//       mqtt.js subscriber, alternating, in the same run; printed as a ratio.
//   (b) UI: the same flood to a session shown in the web host in headless Chromium: every
//       message counted, the longest main-thread task (PerformanceObserver longtask), the 95th
//       percentile frame time (requestAnimationFrame deltas), the slowest input event while
//       typing a topic filter during the flood, and the JS heap before and after (CDP).
// Prints figures; asserts no times. Run from the repository root; builds the renderer and the
// web host first when out/ has none.
// KEYHOLE_BENCH_QUICK=1: 20,000 messages, 2 rounds. FLOOD_PROFILE=1: the page's CPU profile.
//   node build/run-ts.mjs test/bench/message-flood.ts [COUNT] [ROUNDS]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { defaultSettings } from '../../shared/connect/settings';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { createWsKeyhole, webSocketUrl, type WebSocketLike } from '../../shared/ipc/ws-client';
import { EMPTY_MATERIAL } from '../../shared/profile/profile';
import { connect } from '../../electron/core/connect/probe';
import { createConnectionManager } from '../../electron/core/host/connection-manager';
import { openProfileService } from '../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../electron/core/store/store-data';
import { startMosquitto } from '../support/mosquitto';
import { launchChromium } from '../support/e2e/browser';
import { startWebHost } from '../support/e2e/web-host';
import { emitRows, limitRow, median, row, type BenchRow } from './rows';

const BENCH = 'message-flood';
const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const COUNT = Number(process.argv[2] ?? (QUICK ? 20_000 : 100_000));
const ROUNDS = Number(process.argv[3] ?? (QUICK ? 2 : 3));
const rows: BenchRow[] = [];
/** 100-byte payloads: 100 characters a line (the newline is not sent). */
const PAYLOAD_BYTES = 100;
const LINES = `${'x'.repeat(PAYLOAD_BYTES)}\n`.repeat(COUNT);
const TIMEOUT_MS = 120_000;

if (!existsSync('out/web/host.mjs') || !existsSync('out/renderer/index.html')) {
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['build/build-cli.mjs'], { stdio: 'inherit' });
}

const broker = await startMosquitto({ allowAnonymous: true });
const url = `mqtt://127.0.0.1:${broker.port}`;
const clientId = (what: string) => `bench-${what}-${Math.random().toString(16).slice(2, 10)}`;

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Publishes COUNT messages with `mosquitto_pub -l` (one message per line read), in its own
 * process, so publishing does not share this process's event loop with the subscriber measured.
 */
function flood(topic: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const pub = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-q', '0', '-l'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    pub.stderr.on('data', (c: Buffer) => (err += c.toString()));
    pub.once('error', reject);
    pub.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${err}`))));
    pub.stdin.end(LINES);
  });
}

/** Messages per second from the start of the flood until the subscriber has them all. */
async function timed(topic: string, received: () => number): Promise<number> {
  const start = received();
  const t = performance.now();
  await flood(topic);
  await until(() => received() - start >= COUNT, `${COUNT} messages on ${topic}`);
  return COUNT / ((performance.now() - t) / 1000);
}

// ---------------------------------------------------------------------------------------------
// (a) core vs bare mqtt.js

async function corePath() {
  const profiles = await openProfileService({ store: createMemoryStore() });
  let delivered = 0;
  const manager = createConnectionManager({
    probe: connect,
    resolve: (id) => profiles.resolve(id),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event === 'messages:batch') delivered += (payload as EventPayload<'messages:batch'>).messages.length;
    },
  });
  const settings = defaultSettings({ protocol: 'mqtt', host: '127.0.0.1', port: broker.port, clientId: clientId('core') });
  const saved = await profiles.saveProfile({ name: 'bench', groupId: null, settings, material: EMPTY_MATERIAL });
  if (!saved.ok) throw new Error(saved.error.message);
  const id = saved.value.id;
  const opened = await manager.connect(id);
  if (!opened.ok || opened.value.state.status !== 'open') throw new Error('core: the session did not open');
  const sub = await manager.subscribe(id, { topic: 'core/flood', qos: 0 });
  if (!sub.ok || !sub.value.granted) throw new Error('core: subscription refused');
  return { rate: () => timed('core/flood', () => delivered), close: () => manager.closeAll() };
}

async function barePath() {
  let received = 0;
  const client = await mqtt.connectAsync(url, { clientId: clientId('bare'), reconnectPeriod: 0, protocolVersion: 5 });
  client.on('message', () => received++);
  await client.subscribeAsync('bare/flood', { qos: 0 });
  return { rate: () => timed('bare/flood', () => received), close: () => client.endAsync() };
}

const core = await corePath();
const bare = await barePath();
const coreRates: number[] = [];
const bareRates: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  bareRates.push(await bare.rate());
  coreRates.push(await core.rate());
}
await core.close();
await bare.close();

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`\n(a) core message path, ${fmt(COUNT)} messages of ${PAYLOAD_BYTES} bytes, ${ROUNDS} rounds alternating`);
console.log(`  bare mqtt.js subscriber : ${fmt(median(bareRates))} msg/s (rounds: ${bareRates.map(fmt).join(', ')})`);
console.log(`  core to the event sink  : ${fmt(median(coreRates))} msg/s (rounds: ${coreRates.map(fmt).join(', ')})`);
console.log(`  ratio core / bare       : ${(median(coreRates) / median(bareRates)).toFixed(2)}  (target >= 0.80)`);
rows.push(
  row({
    bench: BENCH,
    figure: 'core messages to the event sink',
    value: median(coreRates),
    unit: 'msg/s',
    baseline: 'bare mqtt.js subscriber',
    baselineValue: median(bareRates),
    target: { op: '>=', ratio: 0.8 },
    note: `${COUNT} messages of ${PAYLOAD_BYTES} bytes from mosquitto_pub, medians of ${ROUNDS} rounds alternating`,
  }),
);

// ---------------------------------------------------------------------------------------------
// (b) the UI in headless Chromium through the web host

const host = await startWebHost({ root: process.cwd() });
const browser = await launchChromium();
try {
  const ws = createWsKeyhole({
    url: webSocketUrl(host.url),
    connect: (u) => new WebSocket(u, { origin: new URL(host.url).origin }) as unknown as WebSocketLike,
  });
  const settings = defaultSettings({ protocol: 'mqtt', host: '127.0.0.1', port: broker.port, clientId: clientId('ui') });
  const saved = await ws.api.profiles.save({ name: 'Flood', groupId: null, settings, material: EMPTY_MATERIAL });
  if (!saved.ok) throw new Error(saved.error.message);
  const profileId = saved.value.id;

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.locator('[data-testid="profile-item"][data-profile-name="Flood"]').click();
  const opened = await ws.api.connection.connect({ profileId });
  if (!opened.ok || opened.value.state.status !== 'open') throw new Error('UI: the session did not open');
  const sub = await ws.api.mqtt.subscribe({ profileId, topic: 'ui/flood/#', qos: 0 });
  if (!sub.ok) throw new Error(sub.error.message);
  await page.getByRole('tab', { name: 'Messages' }).click();
  await page.getByTestId('subscriptions').getByText('ui/flood/#').waitFor();

  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  };
  const heapBefore = await heap();
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { tasks: number[]; frames: number[]; events: number[]; stop: boolean } };
    const bench = { tasks: [] as number[], frames: [] as number[], events: [] as number[], stop: false };
    w.__bench = bench;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.events.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    let last = performance.now();
    const frame = (t: number) => {
      bench.frames.push(t - last);
      last = t;
      if (!bench.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });

  const counted = async () =>
    page.evaluate(() => {
      const n = (sel: string, attr?: string) => {
        const el = document.querySelector(sel);
        if (!el) return 0;
        return Number(attr ? el.getAttribute(attr) : (el.textContent ?? '').replace(/\D/g, ''));
      };
      return n('[data-testid="message-count"]', 'data-kept') + n('[data-testid="dropped-by-limit"]') + n('[data-testid="dropped-by-host"]');
    });
  const skipped = async () =>
    page.evaluate(() => Number((document.querySelector('[data-testid="dropped-by-host"]')?.textContent ?? '0').replace(/\D/g, '')));

  // FLOOD_PROFILE=1: a CPU profile of the page during the flood, summarised by self time.
  const profiling = !!process.env.FLOOD_PROFILE;
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  // FLOOD_TRACE=1: the browser's own timeline during the flood (script, style, layout, paint),
  // summed by event name, and the same inside the tasks over 50 ms: what the CPU profile shows
  // only as "(program)".
  const tracing = !!process.env.FLOOD_TRACE;
  const traceEvents: TraceEvent[] = [];
  if (tracing) {
    cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...(e.value as unknown as TraceEvent[])));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
  }
  const t = performance.now();
  const flooding = flood('ui/flood/data');
  // Typing a topic filter during the flood, as a user would.
  const filter = page.getByRole('textbox', { name: 'Filter messages by topic' });
  await page.waitForTimeout(200);
  await filter.pressSequentially('ui/flood/+', { delay: 40 });
  await filter.fill('');
  await flooding;
  const deadline = Date.now() + TIMEOUT_MS;
  while ((await counted()) < COUNT && Date.now() < deadline) await page.waitForTimeout(50);
  const seconds = (performance.now() - t) / 1000;
  const total = await counted();
  const hostSkipped = await skipped();
  const newestShown = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="message-list"]');
    return list?.getAttribute('data-following') === 'true' && list.scrollHeight - list.scrollTop - list.clientHeight < 8;
  });
  const stats = await page.evaluate(() => {
    const w = window as unknown as { __bench: { tasks: number[]; frames: number[]; events: number[]; stop: boolean } };
    w.__bench.stop = true;
    return w.__bench;
  });
  const profile = profiling ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : null;
  if (profile) printProfile(profile);
  if (tracing) {
    const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await complete;
    const long = printTrace(traceEvents);
    // Both on: the profile's samples inside the long tasks only (the two share one clock).
    if (profile) printProfile(profile, long);
  }
  const heapAfter = await heap();

  const sorted = [...stats.frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`\n(b) UI through the web host in headless Chromium, ${fmt(COUNT)} messages`);
  console.log(
    `  counted (kept + dropped by the limit + skipped by the host): ${fmt(total)} of ${fmt(COUNT)}; skipped by the host: ${fmt(hostSkipped)}`,
  );
  console.log(`  flood shown in            : ${seconds.toFixed(2)} s (${fmt(COUNT / seconds)} msg/s)`);
  console.log(
    `  long tasks (> 50 ms)      : ${stats.tasks.length}, longest ${ms(Math.max(0, ...stats.tasks))}  (target: none over 100 ms)`,
  );
  console.log(`  frame time p95            : ${ms(p95)} over ${fmt(stats.frames.length)} frames`);
  console.log(`  slowest input event (typing the filter): ${ms(Math.max(0, ...stats.events))}`);
  console.log(`  newest message in view, following: ${newestShown ? 'yes' : 'no'}`);
  console.log(
    `  JS heap before / after    : ${(heapBefore / 2 ** 20).toFixed(1)} MB / ${(heapAfter / 2 ** 20).toFixed(1)} MB (growth ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MB, target < 100 MB)`,
  );
  const longest = Math.max(0, ...stats.tasks);
  rows.push(
    row({
      bench: BENCH,
      figure: 'UI: messages counted / sent',
      value: total,
      unit: 'msgs',
      baseline: 'sent',
      baselineValue: COUNT,
      target: { op: '>=', ratio: 1 },
      note: `kept + dropped by the list's limit + skipped by the host (${hostSkipped}); shown in ${seconds.toFixed(1)} s`,
    }),
    limitRow({
      bench: BENCH,
      figure: 'UI: longest main-thread task',
      value: longest,
      unit: 'ms',
      limit: { op: '<=', ratio: 100 },
      note: `${stats.tasks.length} tasks over 50 ms during the flood (PerformanceObserver longtask)`,
    }),
    limitRow({
      bench: BENCH,
      figure: 'UI: frame time p95',
      value: p95,
      unit: 'ms',
      limit: { op: '<=', ratio: 50 },
      note: `requestAnimationFrame deltas over ${stats.frames.length} frames`,
    }),
    limitRow({
      bench: BENCH,
      figure: 'UI: JS heap growth',
      value: (heapAfter - heapBefore) / 2 ** 20,
      unit: 'MB',
      limit: { op: '<=', ratio: 100 },
      note: 'after vs before the flood, each after a forced collection (CDP)',
    }),
  );
  ws.close();
  await context.close();
} finally {
  await browser.close();
  await host.stop();
  await broker.stop();
}
emitRows(rows);

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
}

/** Time by event name on the page's main thread, overall and inside tasks over 50 ms. */
function printTrace(events: TraceEvent[]): TraceEvent[] {
  const main = events.find((e) => e.name === 'thread_name' && (e as unknown as { args: { name: string } }).args.name === 'CrRendererMain');
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && (!main || (e.tid === main.tid && e.pid === main.pid)));
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
  const inLong = (e: TraceEvent) => tasks.some((t) => e.ts >= t.ts && e.ts < t.ts + t.dur!);
  const sum = (xs: TraceEvent[]) => {
    const by = new Map<string, number>();
    for (const e of xs) if (e.name !== 'RunTask') by.set(e.name, (by.get(e.name) ?? 0) + e.dur! / 1000);
    return [...by].sort((a, b) => b[1] - a[1]).slice(0, 12);
  };
  console.log(`  page main thread, by event (ms; nested events count in their parents too):`);
  for (const [n, ms] of sum(onMain)) console.log(`    ${ms.toFixed(0).padStart(7)}  ${n}`);
  console.log(
    `  inside the ${tasks.length} tasks over 50 ms (longest ${(Math.max(0, ...tasks.map((t) => t.dur!)) / 1000).toFixed(0)} ms):`,
  );
  for (const [n, ms] of sum(onMain.filter(inLong))) console.log(`    ${ms.toFixed(0).padStart(7)}  ${n}`);
  // The three longest tasks, each by what ran directly in it (and what that was: an event's
  // type, a function's name), to tell one slow step from many small ones.
  for (const task of [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, 3)) {
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!).sort((a, b) => a.ts - b.ts);
    const top: TraceEvent[] = [];
    for (const e of inside) {
      const last = top[top.length - 1];
      if (!last || e.ts >= last.ts + last.dur!) top.push(e);
    }
    const what = (e: TraceEvent) => {
      const data = (e as unknown as { args?: { data?: { type?: string; functionName?: string; url?: string } } }).args?.data;
      return data?.type ?? data?.functionName ?? '';
    };
    const parts = top.filter((e) => e.dur! >= 2_000).map((e) => `${e.name}${what(e) ? `(${what(e)})` : ''} ${(e.dur! / 1000).toFixed(0)}`);
    console.log(`  task of ${(task.dur! / 1000).toFixed(0)} ms: ${parts.join(', ')} (steps under 2 ms left out)`);
  }
  return tasks;
}

interface CpuProfile {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions that took the most self time in the page, to show where a flood's time goes. */
function printProfile(profile: CpuProfile, within?: TraceEvent[]): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (within && !within.some((t) => at >= t.ts && at < t.ts + t.dur!)) return;
    const f = byNode.get(id)?.callFrame;
    const key = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}` : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`  page CPU profile, top self time${within ? ` inside the ${within.length} tasks over 50 ms` : ''}:`);
  for (const [key, msTotal] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`    ${msTotal.toFixed(0).padStart(7)} ms  ${key}`);
}

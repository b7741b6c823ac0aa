// Benchmark 1, connect: the time to a verdict of a full probe (report with chain, timeline and
// diagnosis) against a bare mqtt.js `connect` with the same options, on the same mosquitto mTLS
// listener, in the same process, alternating attempt by attempt; accepted and rejected paths.
// Prints the medians, the ratio probe / mqtt.js and the probe's per-phase medians.
//   node build/run-ts.mjs test/bench/connect.ts [ROUNDS]      (KEYHOLE_BENCH_QUICK=1: 30 rounds)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { defaultSettings } from '../../shared/connect/settings';
import { connect } from '../../electron/core/connect/probe';
import type { IdentityMaterial } from '../../electron/core/certs/material';
import { makePki, type PkiCert } from '../support/pki';
import { startMosquitto } from '../support/mosquitto';
import { emitRows, median, row, type BenchRow } from './rows';

const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const ROUNDS = Number(process.argv[2] ?? (QUICK ? 30 : 200));
const WARMUP = 5;
const TARGET = { op: '<=', ratio: 1.1 } as const;

const file = async (path: string) => ({ name: basename(path), bytes: new Uint8Array(await readFile(path)) });

const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-'));
const pki = await makePki(dir);
const broker = await startMosquitto({
  tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
});
const clientId = () => `bench-${Math.random().toString(16).slice(2, 10)}`;

/** Per-phase durations of the probe's own timeline, by outcome, to show where its time goes. */
const phases: Record<string, Record<string, number[]>> = {};

/** CPU time (user + system) this process spent per attempt, by side and outcome: steadier than wall time on a shared machine. */
const cpu: Record<string, number[]> = {};
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function probeOnce(client: PkiCert, expected: string): Promise<number> {
  // Fresh bytes every attempt, as the app reads them from the profile: the cache keys on content.
  const material: IdentityMaterial = { ca: [await file(pki.ca.cert)], cert: await file(client.cert), key: await file(client.key) };
  const c0 = process.cpuUsage();
  const t = performance.now();
  const { report } = await connect({
    settings: defaultSettings({ host: '127.0.0.1', port: broker.port, clientId: clientId() }),
    material,
    secrets: {},
  });
  const ms = performance.now() - t;
  (cpu[`probe ${expected}`] ??= []).push(cpuMs(c0));
  if (report.cause !== expected) throw new Error(`probe: expected ${expected}, got ${report.cause}: ${report.explanation}`);
  const byPhase = (phases[expected] ??= {});
  let gaps = report.timeline[0]?.startMs ?? 0;
  for (const [i, e] of report.timeline.entries()) {
    (byPhase[e.phase] ??= []).push(e.endMs - e.startMs);
    if (i > 0) gaps += e.startMs - report.timeline[i - 1]!.endMs;
  }
  (byPhase['(between phases)'] ??= []).push(gaps);
  (byPhase['(after the verdict)'] ??= []).push(ms - (report.timeline.at(-1)?.endMs ?? 0));
  return ms;
}

/** mqtt.js as a script would use it: the same files, MQTT 5, TLS verified, no reconnect. */
async function bareOnce(client: PkiCert, expectAccepted: boolean): Promise<number> {
  const [ca, cert, key] = await Promise.all([readFile(pki.ca.cert), readFile(client.cert), readFile(client.key)]);
  const c0 = process.cpuUsage();
  const t = performance.now();
  const c = mqtt.connect(`mqtts://127.0.0.1:${broker.port}`, {
    ca,
    cert,
    key,
    protocolVersion: 5,
    reconnectPeriod: 0,
    clientId: clientId(),
  });
  const outcome = await new Promise<Error | null>((resolve) => {
    c.once('connect', () => resolve(null));
    c.once('error', (e) => resolve(e));
    c.once('close', () => resolve(new Error('closed')));
  });
  const ms = performance.now() - t;
  // The probe's time includes closing its sockets; so does this CPU time.
  await new Promise<void>((r) => c.end(true, {}, () => r()));
  (cpu[`bare ${expectAccepted ? 'ok' : 'rejected'}`] ??= []).push(cpuMs(c0));
  if ((outcome === null) !== expectAccepted)
    throw new Error(`mqtt.js: expected accepted=${expectAccepted}, got ${outcome?.message ?? 'accepted'}`);
  // The rejected path must be the broker refusing the certificate, not a failure of our own.
  if (outcome && !/unknown ca|closed/i.test(outcome.message)) throw new Error(`mqtt.js: unexpected error ${outcome.message}`);
  return ms;
}

const rows: BenchRow[] = [];
try {
  const results: Record<string, { probe: number[]; bare: number[]; firstProbe: number }> = {
    accepted: { probe: [], bare: [], firstProbe: Number.NaN },
    rejected: { probe: [], bare: [], firstProbe: Number.NaN },
  };
  const pairs: Array<[keyof typeof results, () => Promise<number>, () => Promise<number>]> = [
    ['accepted', () => probeOnce(pki.clientGood, 'ok'), () => bareOnce(pki.clientGood, true)],
    ['rejected', () => probeOnce(pki.clientForeign, 'client-cert-unknown-ca'), () => bareOnce(pki.clientForeign, false)],
  ];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const keep = i >= WARMUP;
    for (const [name, probe, bare] of pairs) {
      // Alternate which runs first so drift in the machine's load falls on both alike.
      let p: number;
      let b: number;
      if (i % 2) {
        b = await bare();
        p = await probe();
      } else {
        p = await probe();
        b = await bare();
      }
      if (i === 0) results[name]!.firstProbe = p;
      if (keep) {
        results[name]!.probe.push(p);
        results[name]!.bare.push(b);
      }
    }
    if (i === WARMUP - 1) {
      for (const byPhase of Object.values(phases)) for (const k of Object.keys(byPhase)) byPhase[k] = [];
      for (const k of Object.keys(cpu)) cpu[k] = [];
    }
  }
  console.log(`connect, ${ROUNDS} attempts each (after ${WARMUP} warm-up), mosquitto mTLS on 127.0.0.1 (TLS 1.3)`);
  for (const [name, r] of Object.entries(results)) {
    const p = median(r.probe);
    const b = median(r.bare);
    console.log(
      `  ${name.padEnd(9)} probe median ${p.toFixed(2)} ms   bare mqtt.js median ${b.toFixed(2)} ms   ratio ${(p / b).toFixed(2)}   (first probe ${r.firstProbe.toFixed(1)} ms)`,
    );
    const [probeCpu, bareCpu] =
      name === 'accepted' ? [cpu['probe ok'], cpu['bare ok']] : [cpu['probe client-cert-unknown-ca'], cpu['bare rejected']];
    console.log(
      `  ${''.padEnd(9)} CPU per attempt: probe ${median(probeCpu ?? []).toFixed(2)} ms, bare mqtt.js ${median(bareCpu ?? []).toFixed(2)} ms (this process)`,
    );
    rows.push(
      row({
        bench: 'connect',
        figure: `probe to a verdict, ${name} (median)`,
        value: p,
        unit: 'ms',
        baseline: 'bare mqtt.js connect',
        baselineValue: b,
        target: TARGET,
        note: `${ROUNDS} attempts each, alternating; mosquitto mTLS, TLS 1.3, 127.0.0.1`,
      }),
      row({
        bench: 'connect',
        figure: `CPU per attempt, ${name} (median)`,
        value: median(probeCpu ?? []),
        unit: 'ms',
        baseline: 'bare mqtt.js connect',
        baselineValue: median(bareCpu ?? []),
        target: null,
        note: 'user + system time of the benchmark process (the broker excluded), closing included',
      }),
    );
  }
  for (const [cause, byPhase] of Object.entries(phases)) {
    const parts = Object.entries(byPhase).map(([phase, xs]) => `${phase} ${median(xs).toFixed(2)}`);
    console.log(`  probe phases (${cause}), median ms: ${parts.join(', ')}`);
  }
} finally {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
}
emitRows(rows);

// Median time to a verdict: the probe against bare mqtt.js, on the same mosquitto mTLS broker,
// in the same process, interleaved run by run. Prints the medians and the ratio probe / mqtt.js.
//   npm run bench [-- ROUNDS]
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

const rounds = Number(process.argv[2] ?? 40);
const warmup = 3;

const file = async (path: string) => ({ name: basename(path), bytes: new Uint8Array(await readFile(path)) });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-'));
const pki = await makePki(dir);
const broker = await startMosquitto({
  tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
});

/** Per-phase durations of the probe's own timeline, by outcome, to show where its time goes. */
const phases: Record<string, Record<string, number[]>> = {};

async function probeOnce(client: PkiCert, expected: string): Promise<number> {
  const material: IdentityMaterial = { ca: [await file(pki.ca.cert)], cert: await file(client.cert), key: await file(client.key) };
  const t = performance.now();
  const { report } = await connect({
    settings: defaultSettings({ host: '127.0.0.1', port: broker.port, clientId: `bench-${Math.random()}` }),
    material,
    secrets: {},
  });
  const ms = performance.now() - t;
  if (report.cause !== expected) throw new Error(`probe: expected ${expected}, got ${report.cause}: ${report.explanation}`);
  const byPhase = (phases[expected] ??= {});
  for (const t of report.timeline) (byPhase[t.phase] ??= []).push(t.endMs - t.startMs);
  (byPhase['(after the verdict)'] ??= []).push(ms - (report.timeline.at(-1)?.endMs ?? 0));
  return ms;
}

async function bareOnce(client: PkiCert, expectAccepted: boolean): Promise<number> {
  const [ca, cert, key] = await Promise.all([readFile(pki.ca.cert), readFile(client.cert), readFile(client.key)]);
  const t = performance.now();
  const c = mqtt.connect(`mqtts://127.0.0.1:${broker.port}`, {
    ca,
    cert,
    key,
    protocolVersion: 5,
    reconnectPeriod: 0,
    clientId: `bench-${Math.random()}`,
  });
  const accepted = await new Promise<boolean>((resolve) => {
    c.once('connect', () => resolve(true));
    c.once('error', () => resolve(false));
    c.once('close', () => resolve(false));
  });
  const ms = performance.now() - t;
  await new Promise<void>((r) => c.end(true, {}, () => r()));
  if (accepted !== expectAccepted) throw new Error(`mqtt.js: expected accepted=${expectAccepted}`);
  return ms;
}

try {
  const results: Record<string, { probe: number[]; bare: number[] }> = {
    accepted: { probe: [], bare: [] },
    rejected: { probe: [], bare: [] },
  };
  for (let i = 0; i < warmup + rounds; i++) {
    const keep = i >= warmup;
    // Alternate which runs first so drift in the machine's load falls on both alike.
    const pairs: Array<[string, () => Promise<number>, () => Promise<number>]> = [
      ['accepted', () => probeOnce(pki.clientGood, 'ok'), () => bareOnce(pki.clientGood, true)],
      ['rejected', () => probeOnce(pki.clientForeign, 'client-cert-unknown-ca'), () => bareOnce(pki.clientForeign, false)],
    ];
    for (const [name, probe, bare] of pairs) {
      const [a, b] = i % 2 ? [await bare(), await probe()].reverse() : [await probe(), await bare()];
      if (keep) {
        results[name]!.probe.push(a!);
        results[name]!.bare.push(b!);
      }
    }
  }
  console.log(`connect latency, ${rounds} rounds each, mosquitto mTLS on 127.0.0.1 (TLS 1.3)`);
  for (const [name, r] of Object.entries(results)) {
    const p = median(r.probe);
    const b = median(r.bare);
    console.log(
      `  ${name.padEnd(9)} probe median ${p.toFixed(2)} ms   bare mqtt.js median ${b.toFixed(2)} ms   ratio ${(p / b).toFixed(2)}`,
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

// Matrix throughput: identities per second for N distinct client certificates (1,000; 100 with
// KEYHOLE_BENCH_QUICK=1) run through the matrix runner at concurrency 1, 8, 32 and 64, against
// mosquitto's mTLS listener and against the lab broker, each with its own PKI issued in this run.
// Baselines in the same run:
//   1. a `mosquitto_pub` loop, one process per identity (what QA scripts do), on a sample;
//   2. raw `tls.connect` handshakes with the same certificates against the same listener (the
//      broker's capacity for mTLS handshakes: the practical limit), at the same concurrencies.
// Prints figures; asserts no times.
//   node build/run-ts.mjs test/bench/matrix-throughput.ts [COUNT] [PUB_SAMPLE]
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { defaultSettings } from '../../shared/connect/settings';
import { OWN_TOPIC_RIGHTS } from '../../shared/lab/lab-config';
import { issueCertificate, type SigningIssuer } from '../../electron/core/certs/issue';
import { privateKeyPem } from '../../electron/core/certs/keys';
import { startLab } from '../../electron/core/lab/lab';
import type { MatrixTarget, PlannedRow } from '../../electron/core/matrix/plan';
import { runMatrix } from '../../electron/core/matrix/runner';
import { startMosquitto } from '../support/mosquitto';
import { ca, days, issueTo, signerOf } from '../support/workbench-pki';
import { emitRows, row, type BenchRow } from './rows';

const BENCH = 'matrix-throughput';
const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const COUNT = Number(process.argv[2] ?? (QUICK ? 100 : 1000));
/** One process per identity costs tens of milliseconds: a sample gives the loop's rate. */
const PUB_SAMPLE = Math.min(COUNT, Number(process.argv[3] ?? (QUICK ? 30 : 100)));
const CONCURRENCIES = [1, 8, 32, 64];
const PASSWORD = 'bench-password';

interface Identity {
  cn: string;
  cert: string;
  key: string;
  certPem: string;
  keyPem: string;
}

const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-matrix-'));

/** Issues `count` EC P-256 client certificates under `issuer` and writes each to files. */
async function issueClients(issuer: SigningIssuer, prefix: string, count: number): Promise<Identity[]> {
  const out = join(dir, prefix);
  await mkdir(out, { recursive: true });
  const all: Identity[] = [];
  for (let i = 0; i < count; i += 16) {
    const batch = Array.from({ length: Math.min(16, count - i) }, async (_, j) => {
      const cn = `${prefix}-${String(i + j).padStart(4, '0')}`;
      const made = await issueCertificate(
        { profile: 'client', subject: { commonName: cn }, key: 'ec-p256', validity: days(-1, 30) },
        issuer,
      );
      if (!made.ok) throw new Error(`${cn}: ${made.error.message}`);
      const keyPem = privateKeyPem(made.value.key);
      const cert = join(out, `${cn}.pem`);
      const key = join(out, `${cn}-key.pem`);
      await writeFile(cert, made.value.certPem);
      await writeFile(key, keyPem, { mode: 0o600 });
      return { cn, cert, key, certPem: made.value.certPem, keyPem };
    });
    all.push(...(await Promise.all(batch)));
  }
  return all;
}

const bytes = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

function plannedRows(identities: Identity[], withPassword: boolean): PlannedRow[] {
  return identities.map((id, index) => ({
    index,
    id: id.cn,
    name: id.cn,
    expect: 'accepted',
    accessTopic: null,
    retries: 0,
    commonName: id.cn,
    cert: bytes(`${id.cn}.pem`, id.certPem),
    key: bytes(`${id.cn}-key.pem`, id.keyPem),
    secrets: withPassword ? { password: PASSWORD } : {},
    ...(withPassword ? { username: id.cn } : {}),
  }));
}

/** Identities per second through the matrix runner at one concurrency; every row must pass. */
async function matrixRate(target: MatrixTarget, rows: PlannedRow[], concurrency: number): Promise<number> {
  const t = performance.now();
  const result = await runMatrix(target, rows, { concurrency });
  const seconds = (performance.now() - t) / 1000;
  if (result.summary.passed !== rows.length) {
    const bad = result.rows.find((r) => r.status !== 'pass');
    throw new Error(`${target.label}: ${result.summary.passed} of ${rows.length} passed; e.g. ${bad?.name}: ${bad?.cause} ${bad?.why}`);
  }
  return rows.length / seconds;
}

/**
 * One mTLS handshake, done when the broker's first bytes after it arrive (under TLS 1.3 the broker
 * checks the client certificate after the client's Finished: its session ticket says it kept the
 * connection), then closed.
 */
function handshake(port: number, ca: string, id: Identity): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, cert: id.certPem, key: id.keyPem, servername: 'localhost' });
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.once('session', done);
    socket.once('data', done);
    socket.once('error', (e) => {
      socket.destroy();
      reject(e);
    });
    socket.once('close', () => reject(new Error(`${id.cn}: closed before the broker answered`)));
  });
}

/** Raw handshakes per second over every identity at one concurrency. */
async function rawRate(port: number, caPem: string, identities: Identity[], concurrency: number): Promise<number> {
  let next = 0;
  const t = performance.now();
  const worker = async () => {
    while (next < identities.length) await handshake(port, caPem, identities[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return identities.length / ((performance.now() - t) / 1000);
}

/** The QA script's loop: one `mosquitto_pub` per identity, one after the other. */
async function mosquittoPubRate(port: number, caFile: string, identities: Identity[]): Promise<number> {
  const t = performance.now();
  for (const id of identities) {
    await new Promise<void>((resolve, reject) => {
      const args = ['-h', '127.0.0.1', '-p', String(port), '--cafile', caFile, '--cert', id.cert, '--key', id.key];
      const pub = spawn('mosquitto_pub', [...args, '-t', `devices/${id.cn}/check`, '-n', '-q', '0'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      pub.stderr.on('data', (c: Buffer) => (err += c.toString()));
      pub.once('error', reject);
      pub.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub ${id.cn} exited ${code}: ${err}`))));
    });
  }
  return identities.length / ((performance.now() - t) / 1000);
}

const fmt = (n: number) => n.toFixed(1);
const best = (rates: Map<number, number>) => [...rates].reduce((a, b) => (b[1] > a[1] ? b : a));
const rows: BenchRow[] = [];

async function againstMosquitto(): Promise<void> {
  const caW = await issueTo(join(dir, 'ca'), 'ca', ca('Bench CA', 'ec-p256'), null);
  const signer = await signerOf(caW);
  const server = await issueTo(
    join(dir, 'ca'),
    'broker',
    {
      profile: 'server',
      subject: { commonName: 'localhost' },
      key: 'ec-p256',
      validity: days(-1, 30),
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    },
    signer,
  );
  const t = performance.now();
  const identities = await issueClients(signer, 'sensor', COUNT);
  console.log(`issued ${COUNT} client certificates in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const broker = await startMosquitto({
    tls: { cafile: caW.cert, certfile: server.cert, keyfile: server.key, requireCertificate: true, useIdentityAsUsername: true },
  });
  try {
    const caPem = await readFile(caW.cert, 'utf8');
    const target: MatrixTarget = {
      settings: defaultSettings({ host: '127.0.0.1', port: broker.port, mqttVersion: '3.1.1' }),
      ca: [bytes('ca.pem', caPem)],
      label: `mqtts://127.0.0.1:${broker.port}`,
    };
    const planned = plannedRows(identities, false);
    // Warm both paths (JIT, the broker's first contexts) on a few identities.
    await matrixRate(target, planned.slice(0, 8), 8);
    await rawRate(broker.port, caPem, identities.slice(0, 8), 8);

    const matrix = new Map<number, number>();
    const raw = new Map<number, number>();
    for (const c of CONCURRENCIES) {
      raw.set(c, await rawRate(broker.port, caPem, identities, c));
      matrix.set(c, await matrixRate(target, planned, c));
      console.log(
        `mosquitto, concurrency ${String(c).padStart(2)}: matrix ${fmt(matrix.get(c)!)} identities/s, raw handshakes ${fmt(raw.get(c)!)}/s`,
      );
    }
    const pub = await mosquittoPubRate(broker.port, caW.cert, identities.slice(0, PUB_SAMPLE));
    console.log(`mosquitto_pub loop (${PUB_SAMPLE} identities): ${fmt(pub)} identities/s`);

    const [bc, bm] = best(matrix);
    const [rc, br] = best(raw);
    rows.push(
      row({
        bench: BENCH,
        figure: `matrix vs mosquitto_pub loop (mosquitto)`,
        value: bm,
        unit: 'id/s',
        baseline: 'mosquitto_pub loop',
        baselineValue: pub,
        target: { op: '>=', ratio: 20 },
        note: `${COUNT} identities; matrix at its best concurrency ${bc}; the loop timed on ${PUB_SAMPLE} of them, one process each`,
      }),
      row({
        bench: BENCH,
        figure: `matrix vs raw mTLS handshakes (mosquitto)`,
        value: bm,
        unit: 'id/s',
        baseline: 'raw tls.connect',
        baselineValue: br,
        target: { op: '>=', ratio: 0.7 },
        note: `best of each: matrix at concurrency ${bc}, raw handshakes at ${rc}`,
      }),
    );
    for (const c of CONCURRENCIES)
      rows.push(
        row({
          bench: BENCH,
          figure: `matrix, mosquitto, concurrency ${c}`,
          value: matrix.get(c)!,
          unit: 'id/s',
          baseline: 'raw tls.connect',
          baselineValue: raw.get(c)!,
          target: null,
        }),
      );
  } finally {
    await broker.stop();
  }
}

async function againstLab(): Promise<void> {
  const started = await startLab({ dataDir: join(dir, 'lab-data'), port: 0, hosts: ['127.0.0.1'], logLimit: 1000 });
  if (!started.ok) throw new Error(`lab: ${started.error.message}`);
  const lab = started.value;
  try {
    const identities = await issueClients(lab.pki.signer, 'lab', COUNT);
    // The lab's built-in table: each CN with its password (stored as is) and its own branch.
    lab.setTable({
      ...lab.pki.state,
      table: identities.map((id) => ({ commonName: id.cn, hash: 'plain', value: PASSWORD, rights: OWN_TOPIC_RIGHTS })),
    });
    const target: MatrixTarget = {
      settings: defaultSettings({ host: '127.0.0.1', port: lab.port, mqttVersion: '3.1.1' }),
      ca: [bytes('ca.pem', lab.pki.caPem)],
      label: `mqtts://127.0.0.1:${lab.port}`,
    };
    const planned = plannedRows(identities, true);
    await matrixRate(target, planned.slice(0, 8), 8);
    await rawRate(lab.port, lab.pki.caPem, identities.slice(0, 8), 8);
    const matrix = new Map<number, number>();
    const raw = new Map<number, number>();
    for (const c of CONCURRENCIES) {
      raw.set(c, await rawRate(lab.port, lab.pki.caPem, identities, c));
      matrix.set(c, await matrixRate(target, planned, c));
      console.log(
        `lab broker, concurrency ${String(c).padStart(2)}: matrix ${fmt(matrix.get(c)!)} identities/s, raw handshakes ${fmt(raw.get(c)!)}/s`,
      );
    }
    const [bc, bm] = best(matrix);
    const [rc, br] = best(raw);
    rows.push(
      row({
        bench: BENCH,
        figure: `matrix vs raw mTLS handshakes (lab broker)`,
        value: bm,
        unit: 'id/s',
        baseline: 'raw tls.connect',
        baselineValue: br,
        target: null,
        note: `the lab broker runs in this process, so it shares the event loop with the matrix; best of each: matrix at ${bc}, raw at ${rc}`,
      }),
    );
    for (const c of CONCURRENCIES)
      rows.push(
        row({
          bench: BENCH,
          figure: `matrix, lab broker, concurrency ${c}`,
          value: matrix.get(c)!,
          unit: 'id/s',
          baseline: 'raw tls.connect',
          baselineValue: raw.get(c)!,
          target: null,
        }),
      );
  } finally {
    await lab.stop();
  }
}

try {
  await againstMosquitto();
  await againstLab();
} finally {
  await rm(dir, { recursive: true, force: true });
}
emitRows(rows);

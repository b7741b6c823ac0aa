// Benchmark 5, certificate issuing: DEVICES EC P-256 device identities (key, certificate, files
// written) with the workbench's batch (electron/core/certs/batch.ts, as `keyhole cert batch` and
// the Certificates screen run it: also a manifest, a Redis script and a matrix file) against an
// `openssl` command loop doing the same per device, as a QA script would: `ecparam -genkey`,
// `req -new`, `x509 -req` signed by the same CA. Both runs are split in two halves run in
// alternating order, so that drift in the machine's load falls on both alike; rates are devices
// per second. The openssl loop runs on a sample (SAMPLE devices): its rate per device does not
// depend on how many follow.
//   node build/run-ts.mjs test/bench/issuing.ts [DEVICES] [SAMPLE]   (KEYHOLE_BENCH_QUICK=1: 100, 50)
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { runBatch } from '../../electron/core/certs/batch';
import { issueCertificate, prepareIssuer } from '../../electron/core/certs/issue';
import { privateKeyPem } from '../../electron/core/certs/keys';
import { writeOutput } from '../../electron/cli/cert/cli-io';
import { emitRows, row, type BenchRow } from './rows';

const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const DEVICES = Number(process.argv[2] ?? (QUICK ? 100 : 1000));
const SAMPLE = Math.min(DEVICES, Number(process.argv[3] ?? (QUICK ? 50 : 200)));
const run = promisify(execFile);
const DAY = 86_400_000;

const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-issuing-'));
const now = new Date();
const validity = { notBefore: new Date(now.getTime() - DAY).toISOString(), notAfter: new Date(now.getTime() + 365 * DAY).toISOString() };

// One CA for both: made by the workbench, written as PEM for openssl.
const ca = await issueCertificate({ profile: 'ca', subject: { commonName: 'Bench Issuing CA' }, key: 'ec-p256', validity });
if (!ca.ok) throw new Error(ca.error.message);
const signer = await prepareIssuer({ certificate: ca.value.certificate, key: ca.value.key });
if (!signer.ok) throw new Error(signer.error.message);
const caCert = join(dir, 'ca.pem');
const caKey = join(dir, 'ca-key.pem');
await writeFile(caCert, ca.value.certPem);
await writeFile(caKey, privateKeyPem(ca.value.key), { mode: 0o600 });
// What the workbench puts in a device certificate, for openssl too (RFC 5280 §4.2.1.3, §4.2.1.12).
const extFile = join(dir, 'device.ext');
await writeFile(
  extFile,
  'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = clientAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n',
);

/** The workbench batch of `count` devices into `out`, as `keyhole cert batch` writes it. */
async function workbench(count: number, out: string, first: number): Promise<number> {
  const t = performance.now();
  const result = await runBatch(
    { count, cnPattern: `wb-${first}-{n}`, key: 'ec-p256', validity },
    signer.ok ? signer.value : (undefined as never),
    (file) => writeOutput(join(out, file.path), file.contents, { secret: file.secret, force: false }),
    { now },
  );
  if (!result.ok) throw new Error(`workbench batch: ${result.error.message}`);
  return performance.now() - t;
}

/** The QA script's loop: three openssl processes per device, one device after another. */
async function opensslLoop(count: number, out: string, first: number): Promise<number> {
  await mkdir(out, { recursive: true });
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    const base = join(out, `device-${first + i}`);
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}-key.pem`]);
    await run('openssl', ['req', '-new', '-key', `${base}-key.pem`, '-subj', `/CN=device-${first + i}`, '-out', `${base}.csr`]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-set_serial',
      `0x${Math.floor(Math.random() * 2 ** 48).toString(16)}`,
      '-days',
      '365',
      '-sha256',
      '-extfile',
      extFile,
      '-out',
      `${base}.pem`,
    ]);
  }
  return performance.now() - t;
}

/** Every certificate in `folder` (recursively, *.pem but keys and CSRs) is a device certificate issued by the CA. */
async function checkIssued(folder: string, expected: number): Promise<void> {
  const files = (await readdir(folder, { recursive: true })).filter(
    (f) => f.endsWith('.pem') && !f.endsWith('-key.pem') && !f.endsWith('ca.pem'),
  );
  if (files.length !== expected) throw new Error(`${folder}: ${files.length} certificates, expected ${expected}`);
  for (const f of files.slice(0, 20)) {
    const cert = new X509Certificate(await readFile(join(folder, f)));
    if (!cert.checkIssued(ca.ok ? ca.value.certificate : (undefined as never)) || cert.ca)
      throw new Error(`${f} is not a device certificate of the CA`);
  }
}

const rows: BenchRow[] = [];
try {
  const halves = [Math.ceil(DEVICES / 2), Math.floor(DEVICES / 2)];
  const sampleHalves = [Math.ceil(SAMPLE / 2), Math.floor(SAMPLE / 2)];
  let wbMs = 0;
  let sslMs = 0;
  for (const [i, n] of halves.entries()) {
    const m = sampleHalves[i]!;
    const wbOut = join(dir, `workbench-${i}`);
    const sslOut = join(dir, `openssl-${i}`);
    if (i % 2 === 0) {
      wbMs += n ? await workbench(n, wbOut, i) : 0;
      sslMs += m ? await opensslLoop(m, sslOut, i * SAMPLE) : 0;
    } else {
      sslMs += m ? await opensslLoop(m, sslOut, i * SAMPLE) : 0;
      wbMs += n ? await workbench(n, wbOut, i) : 0;
    }
    if (n) await checkIssued(join(wbOut, 'certs'), n);
    if (m) await checkIssued(sslOut, m);
  }
  const wbRate = DEVICES / (wbMs / 1000);
  const sslRate = SAMPLE / (sslMs / 1000);
  console.log(
    `issuing, EC P-256 devices (key, certificate, files), one CA, ${process.version}, openssl ${(await run('openssl', ['version'])).stdout.trim()}`,
  );
  console.log(
    `  workbench batch   ${DEVICES} devices in ${(wbMs / 1000).toFixed(2)} s   ${wbRate.toFixed(1)} devices/s (concurrency 4, as keyhole cert batch)`,
  );
  console.log(
    `  openssl loop      ${SAMPLE} devices in ${(sslMs / 1000).toFixed(2)} s   ${sslRate.toFixed(1)} devices/s (3 processes per device)`,
  );
  console.log(`  ratio ${(wbRate / sslRate).toFixed(1)}×`);
  rows.push(
    row({
      bench: 'issuing',
      figure: `workbench batch, ${DEVICES} EC P-256 devices`,
      value: wbRate,
      unit: 'devices/s',
      baseline: 'openssl loop',
      baselineValue: sslRate,
      target: { op: '>=', ratio: 10 },
      note:
        SAMPLE < DEVICES
          ? `openssl loop measured on ${SAMPLE} of the ${DEVICES} devices (its rate per device does not depend on the count); key, certificate and files each`
          : 'key, certificate and files each',
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
emitRows(rows);

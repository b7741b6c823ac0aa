// A bundle whose key derivation costs seconds (3,000,000 iterations in all, the cap): it is
// opened on a worker thread, so the process keeps answering HTTP while it is, a time limit ends
// the attempt, and one above the cap is refused at once by the command a user runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/connect/settings';
import { KDF_COST_CODE } from '../../../electron/core/certs/kdf-cost';
import { UNLOCK_TIMEOUT_CODE } from '../../../electron/core/certs/unlock';
import { connect } from '../../../electron/core/connect/probe';
import { reportOf, runCli } from '../../support/cli';
import { makePki, type TestPki } from '../../support/pki';
import { freePort } from '../../support/ports';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const PASSWORD = 'costly-pass';

let dir = '';
let pki: TestPki;
let costly = '';
let huge = '';
let unused = 0;
let server: Server;
let served = 0;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-costly-'));
  pki = await makePki(join(dir, 'pki'));
  costly = join(dir, 'costly.p12');
  // -iter sets the MAC and both encryptions: 3 × 1,000,000 iterations, exactly the total cap.
  const args = ['pkcs12', '-export', '-in', pki.clientGood.cert, '-inkey', pki.clientGood.key, '-out', costly];
  execFileSync('openssl', [...args, '-passout', `pass:${PASSWORD}`, '-iter', '1000000'], { stdio: 'pipe' });
  // The same bundle claiming 2^31-1 MAC iterations (the MAC no longer verifies; it is never tried).
  const pfx = asn1js.fromBER(await readFile(costly)).result as asn1js.Sequence;
  (pfx.valueBlock.value[2] as asn1js.Sequence).valueBlock.value[2] = new asn1js.Integer({ value: 2 ** 31 - 1 });
  huge = join(dir, 'huge.p12');
  await writeFile(huge, Buffer.from(pfx.toBER()));
  unused = await freePort();
  server = createServer((_req, res) => {
    served++;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ask = (port: number) =>
  new Promise<void>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    }).on('error', reject);
  });

describe('a costly bundle', () => {
  it('is opened off the event loop: HTTP is answered while its wrong password is found out', async () => {
    const port = (server.address() as AddressInfo).port;
    const settings = defaultSettings({ host: '127.0.0.1', port: unused });
    let done = false;
    const attempt = connect({
      settings,
      material: { ca: [], pfx: { name: 'costly.p12', bytes: await readFile(costly) } },
      secrets: { pfxPassword: 'not the password' },
    }).finally(() => (done = true));
    served = 0;
    let answeredWhileBusy = 0;
    while (!done) {
      await ask(port);
      if (!done) answeredWhileBusy++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const { report } = await attempt;
    expect(report.cause).toBe('pkcs12-password-wrong');
    // Three million iterations take over a second of OpenSSL: dozens of requests fit in that.
    expect(answeredWhileBusy).toBeGreaterThan(5);
    expect(served).toBeGreaterThanOrEqual(answeredWhileBusy);
  }, 60_000);

  it('keyhole connect --timeout ends the unlocking with a specific error', async () => {
    const run = await runCli(
      CLI,
      ROOT,
      ['connect', `mqtts://127.0.0.1:${unused}`, '--pfx', costly, '--pfx-password-env', 'PFX', '--timeout', '200', '--json'],
      { PFX: PASSWORD },
    );
    const report = reportOf(run);
    expect(report.cause).toBe('pkcs12-invalid');
    expect(report.evidence.errorCode).toBe(UNLOCK_TIMEOUT_CODE);
    expect(report.evidence.errorMessage).toMatch(/did not finish within the time limit of 200 ms/);
    expect(run.code).toBe(2);
  }, 60_000);

  it('keyhole connect refuses 2^31-1 MAC iterations without trying them', async () => {
    const run = await runCli(CLI, ROOT, ['connect', `mqtts://127.0.0.1:${unused}`, '--pfx', huge, '--pfx-password-env', 'PFX', '--json'], {
      PFX: PASSWORD,
    });
    const report = reportOf(run);
    expect(report.cause).toBe('pkcs12-invalid');
    expect(report.evidence.errorCode).toBe(KDF_COST_CODE);
    expect(report.evidence.errorMessage).toMatch(/2,147,483,647 iterations/);
  }, 60_000);
});

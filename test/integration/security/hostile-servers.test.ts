// The probe against servers that misbehave on purpose, at every step of the way: silent after
// TCP, closing or resetting inside the handshake, random bytes for a ServerHello, a handshake
// dribbled a byte a second, a chain of 100 certificates, silence or garbage after TLS, an
// invalid CONNACK, a 256 MB packet declared and trickled, a PUBLISH flood and a hang-up right
// after CONNACK, and a TLS 1.3 server that refuses our certificate with each alert. Each attempt
// ends in one report with the right phase and a specific cause within its phase limit, with no
// unhandled rejection and no socket left (connect-harness checks both); then the whole set
// runs 1,000 times with memory, sockets and timers measured before and after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityMaterial } from '../../../electron/core/certs/material';
import { connect } from '../../../electron/core/connect/probe';
import { faultServer, type Fault } from '../../support/fault-server';
import { listen, useHostile, type HostileServer } from '../../support/hostile';
import { makePki, type PkiCert, type TestPki } from '../../support/pki';
import { freePort, LOOPBACK } from '../../support/ports';
import { attempt, eventually, material, outcomeOf, recordUnhandled, socketHandles } from '../../support/connect-harness';
import { FAULT_EXPECTED, FAULTS, faultLoop, quickSettings } from '../../support/fault-loop';
import { heapAfterGc, timers } from '../../support/leak-meter';

recordUnhandled();
const hostile = useHostile();

/** Slack over a phase limit for timers and a loaded machine (the limit is what the user set). */
const SLACK_MS = 1500;

let dir = '';
let pki: TestPki;
let good: IdentityMaterial;
const servers = new Map<Fault, HostileServer>();
/** TLS 1.3 servers that require a client certificate from our CA and check the CRL. */
let strict: HostileServer;
/** openssl s_server, TLS 1.3 only, verifying client certificates against the CA and its CRL. */
let sServer: { port: number; child: ChildProcess };

const quick = quickSettings;

/** Starts `openssl s_server` on a free loopback port; resolves once it accepts. */
async function startSServer(p: TestPki): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'openssl',
    // -Verify: a client certificate is required; -verify_return_error: a failed check ends the handshake with its alert.
    [
      's_server',
      '-quiet',
      '-accept',
      `${LOOPBACK}:${port}`,
      '-tls1_3',
      '-cert',
      p.server.cert,
      '-key',
      p.server.key,
      '-CAfile',
      p.ca.cert,
      '-CRL',
      p.crl,
      '-crl_check',
      '-Verify',
      '2',
      '-verify_return_error',
      '-naccept',
      '100000',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stdout.resume();
  child.stderr.resume();
  await eventually(
    () => isListening(port),
    () => `openssl s_server did not listen on ${port}`,
    10_000,
  );
  return { port, child };
}

const listening = new Set<number>();
function isListening(port: number): boolean {
  if (listening.has(port)) return true;
  const probe = netConnect(port, LOOPBACK);
  probe.once('connect', () => {
    listening.add(port);
    probe.destroy();
  });
  probe.once('error', () => probe.destroy());
  return false;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-hostile-servers-'));
  pki = await makePki(join(dir, 'pki'));
  const identity = { cert: await readFile(pki.server.cert), key: await readFile(pki.server.key) };
  const filler = await readFile(pki.ca.cert, 'utf8');
  for (const fault of FAULTS) servers.set(fault, await hostile.track(faultServer(fault, identity, filler)));
  sServer = await startSServer(pki);
  good = await material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key });
  strict = await hostile.track(
    listen(
      createTlsServer({
        ...identity,
        ca: await readFile(pki.ca.cert),
        crl: await readFile(pki.crl),
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.3',
      }),
      () => undefined,
      'secureConnection',
    ),
  );
});

afterAll(async () => {
  sServer?.child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['5', '3.1.1'] as const)('a misbehaving server, MQTT %s', (mqttVersion) => {
  it.each(FAULTS)('%s ends in one report with its phase and cause, within the limit', async (fault) => {
    const server = servers.get(fault)!;
    const heapBefore = fault === 'huge-packet-trickle' || fault === 'connack-then-flood' ? heapAfterGc() : 0;
    const started = Date.now();
    const { report } = await attempt({ settings: quick(server.port, mqttVersion), material: good });
    expect(outcomeOf(report)).toEqual(FAULT_EXPECTED[fault].outcome);
    expect(Date.now() - started).toBeLessThan(FAULT_EXPECTED[fault].limitMs + SLACK_MS);
    // The explanation is a sentence of its own, not an error dump.
    expect(report.explanation.length).toBeGreaterThan(20);
    expect(report.explanation).not.toMatch(/\bat [\w.]+ \(|undefined|\[object/);
    if (heapBefore) {
      // A declared 256 MB packet is not buffered, and a flood is not kept.
      expect(heapAfterGc() - heapBefore).toBeLessThan(32 * 1024 * 1024);
    }
    await eventually(
      () => server.openSockets() === 0,
      () => `${fault}: the server still holds ${server.openSockets()} sockets from us`,
      5000,
    );
  });
});

describe('a TLS 1.3 server that refuses our certificate', () => {
  it('names a server that closes without an alert after our certificate (as Node servers do) at the client-auth phase', async () => {
    const { report } = await attempt({
      settings: quick(strict.port, '5'),
      material: await material({ ca: [pki.ca.cert], ...pick(pki.clientForeign) }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'client-auth', cause: 'closed-before-connack' });
  });

  // openssl s_server verifying with the CA and its CRL sends the alert OpenSSL maps each verify error to.
  const cases: [string, () => MaterialPick, string, number][] = [
    ['no certificate', () => ({}), 'client-cert-required', 116],
    ['a certificate from a foreign CA', () => pick(pki.clientForeign), 'client-cert-unknown-ca', 48],
    ['an expired certificate', () => pick(pki.clientExpired), 'client-cert-expired', 45],
    ['a revoked certificate', () => pick(pki.clientRevoked), 'client-cert-revoked', 44],
    ['a certificate not yet valid', () => pick(pki.clientNotYetValid), 'client-cert-bad', 42],
  ];
  it.each(cases)('names %s from its alert', async (_name, which, cause, alert) => {
    const { report } = await attempt({ settings: quick(sServer.port, '5'), material: await material({ ca: [pki.ca.cert], ...which() }) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'client-auth', cause });
    expect(report.evidence.tlsAlert).toMatchObject({ number: alert, direction: 'received' });
  });
});

type MaterialPick = { cert?: string; key?: string };
const pick = (c: PkiCert): MaterialPick => ({ cert: c.cert, key: c.key });

describe('the whole set, 1,000 attempts', () => {
  it('ends every attempt in one report, and leaves memory, sockets and timers as they were', async () => {
    const warmUp = await connect({ settings: quick(servers.get('invalid-connack')!.port, '5'), material: good, secrets: {} });
    expect(warmUp.report.cause).toBe('connack-refused-other');
    const heapBefore = heapAfterGc();
    const socketsBefore = socketHandles();
    const timersBefore = timers();
    const started = Date.now();
    const causes = await faultLoop(1000, (fault) => servers.get(fault)!.port, good);
    const seconds = (Date.now() - started) / 1000;
    await eventually(
      () => socketHandles() <= socketsBefore,
      () => `sockets: ${socketHandles()} after, ${socketsBefore} before`,
      5000,
    );
    await eventually(
      () => timers() <= timersBefore,
      () => `timers: ${timers()} after, ${timersBefore} before`,
      5000,
    );
    const heapAfter = heapAfterGc();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(
      `hostile servers: 1000 attempts in ${seconds.toFixed(1)} s over ${FAULTS.length} faults; heap ${mb(heapBefore)} MB before, ${mb(heapAfter)} MB after; ` +
        `sockets ${socketsBefore} → ${socketHandles()}, timers ${timersBefore} → ${timers()}; causes ${JSON.stringify(Object.fromEntries(causes))}`,
    );
    expect(heapAfter - heapBefore).toBeLessThan(24 * 1024 * 1024);
  }, 900_000);
});

// Automatic reconnect against real mosquitto over mutual TLS on loopback: the broker is stopped
// under an open session and started again on the same port; every reconnect attempt is a full
// attempt with its own stored report, at growing delays; with reconnect off nothing reconnects.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReconnectPolicy } from '../../../shared/connect/settings';
import type { ConnectionState } from '../../../shared/ipc/contract';
import { openTestHost, until, value, type TestHost } from '../../support/host-harness';
import { makePki, type PkiCert, type TestPki } from '../../support/pki';
import { useBrokers, type Broker, type MosquittoTls } from '../../support/mosquitto';

const brokers = useBrokers();
let dir: string;
let pki: TestPki;
let tls: MosquittoTls;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-reconnect-'));
  pki = await makePki(join(dir, 'pki'));
  tls = { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true };
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

let host: TestHost | null = null;
afterEach(async () => {
  await host?.core.close();
  host = null;
});

/** A host with one profile for `client` against `port`, and its events. */
async function hostWith(port: number, client: PkiCert, reconnect?: ReconnectPolicy) {
  host = await openTestHost(dir, pki);
  const { core: c, sent } = host;
  const id = await host.addProfile(port, client, reconnect ? { reconnect } : {});
  const states = () => sent.flatMap((s) => (s.event === 'connection:state' && s.payload.profileId === id ? [s.payload.state] : []));
  const reports = () => sent.flatMap((s) => (s.event === 'reports:added' && s.payload.profileId === id ? [s.payload.report] : []));
  return { c, id, states, reports };
}

const retries = (states: ConnectionState[]) =>
  states.flatMap((s) => ((s.status === 'closed' || s.status === 'failed') && s.retry ? [s.retry] : []));

const POLICY: ReconnectPolicy = { enabled: true, initialDelayMs: 200, maxDelayMs: 800, factor: 2, maxAttempts: null };

describe('automatic reconnect', () => {
  it('reconnects at growing delays while the broker is down, each attempt reported, and opens when it is back', async () => {
    let broker: Broker = await brokers.start({ tls });
    const { c, id, states, reports } = await hostWith(broker.port, pki.clientGood, POLICY);
    expect(value(await c.api.call('connection:connect', { profileId: id })).state.status).toBe('open');
    await until(() => reports().length === 1, 'the first report');
    const port = broker.port;
    await broker.stop();
    // The loss, then attempts 1..4 refused at TCP: 200, 400, 800, 800 ms.
    await until(() => reports().filter((r) => r.cause === 'tcp-refused').length >= 4, 'four refused reconnects');
    const lost = states().find((s) => s.status === 'closed');
    expect(lost).toMatchObject({ status: 'closed', reason: { kind: 'connection-lost' }, retry: { attempt: 1, delayMs: 200 } });
    expect(
      retries(states())
        .slice(0, 5)
        .map((r) => [r.attempt, r.delayMs]),
    ).toEqual([
      [1, 200],
      [2, 400],
      [3, 800],
      [4, 800],
      [5, 800],
    ]);
    // Each attempt is marked as a reconnect while it runs, and ends in a report of its own.
    const marked = states().flatMap((s) => (s.status === 'connecting' && s.reconnectAttempt ? [s.reconnectAttempt] : []));
    expect([...new Set(marked)].slice(0, 4)).toEqual([1, 2, 3, 4]);
    const refused = reports().filter((r) => r.cause === 'tcp-refused');
    expect(new Set(refused.map((r) => r.id)).size).toBe(refused.length);
    broker = await brokers.start({ tls, port });
    await until(() => c.connections.info(id).state.status === 'open', 'the session open again');
    // The report reaches the renderer once it is stored, a moment after the state.
    await until(() => reports().at(-1)?.cause === 'ok', 'the report of the reconnect that got in');
    expect(reports().at(-1)).toMatchObject({ verdict: 'accepted', cause: 'ok' });
    const stored = value(await c.api.call('reports:history', { profileId: id }));
    // The attempt history holds every attempt, newest first: the first, each refused reconnect, the one that got in.
    expect(stored.map((r) => r.id)).toEqual(
      reports()
        .map((r) => r.id)
        .reverse(),
    );
    expect(stored.slice(1, -1).every((r) => r.cause === 'tcp-refused')).toBe(true);
    // A user disconnect is not a loss: nothing is scheduled.
    value(await c.api.call('connection:disconnect', { profileId: id }));
    expect(c.connections.info(id).state).toMatchObject({ status: 'closed', reason: { kind: 'user' } });
    expect(c.connections.info(id).state).not.toHaveProperty('retry');
  });

  it('says why a reconnect was refused (a revoked certificate) and stops after the attempts allowed', async () => {
    let broker: Broker = await brokers.start({ tls });
    const { c, id, states, reports } = await hostWith(broker.port, pki.clientRevoked, { ...POLICY, maxAttempts: 2 });
    expect(value(await c.api.call('connection:connect', { profileId: id })).state.status).toBe('open');
    const port = broker.port;
    await broker.stop();
    // The broker comes back checking its CRL, which lists this device.
    broker = await brokers.start({ tls: { ...tls, crlfile: pki.crl }, port });
    await until(() => reports().filter((r) => r.cause === 'client-cert-revoked').length >= 1, 'a revoked reconnect');
    await until(
      () => c.connections.info(id).state.status === 'failed' && !('retry' in c.connections.info(id).state),
      'the end of the series',
    );
    await new Promise((r) => setTimeout(r, 1200));
    const after = reports().slice(1);
    expect(after.length).toBe(2);
    expect(after.filter((r) => r.cause === 'client-cert-revoked').length + after.filter((r) => r.cause === 'tcp-refused').length).toBe(2);
    expect(after.at(-1)?.cause).toBe('client-cert-revoked');
    expect(retries(states()).map((r) => r.attempt)).toEqual([1, 2]);
  });

  it('reconnects nothing when the profile leaves reconnect off', async () => {
    const broker: Broker = await brokers.start({ tls });
    const { c, id, states, reports } = await hostWith(broker.port, pki.clientGood);
    expect(value(await c.api.call('connection:connect', { profileId: id })).state.status).toBe('open');
    await until(() => reports().length === 1, 'the first report');
    await broker.stop();
    await until(() => c.connections.info(id).state.status === 'closed', 'the loss');
    await new Promise((r) => setTimeout(r, 1500));
    expect(reports()).toHaveLength(1);
    expect(retries(states())).toEqual([]);
    expect(states().some((s) => s.status === 'connecting' && s.reconnectAttempt !== undefined)).toBe(false);
  });

  it('cancels a scheduled reconnect', async () => {
    const broker: Broker = await brokers.start({ tls });
    const { c, id, reports } = await hostWith(broker.port, pki.clientGood, { ...POLICY, initialDelayMs: 1000, maxDelayMs: 1000 });
    value(await c.api.call('connection:connect', { profileId: id }));
    await until(() => reports().length === 1, 'the first report');
    await broker.stop();
    await until(() => {
      const s = c.connections.info(id).state;
      return s.status === 'closed' && s.retry !== undefined;
    }, 'a scheduled reconnect');
    const info = value(await c.api.call('connection:cancel', { profileId: id }));
    expect(info.state).toMatchObject({ status: 'closed', reason: { kind: 'connection-lost' } });
    expect(info.state).not.toHaveProperty('retry');
    await new Promise((r) => setTimeout(r, 1500));
    expect(reports()).toHaveLength(1);
  });
});

// Publish history and timed publishing through the host against real mosquitto over mutual TLS:
// a repeat of five arrives five times and ends as done; one "until stopped" ends when its
// connection does; every publish made is kept in the profile's history.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepeatStatus } from '../../../shared/profile/publish-history';
import { openTestHost, until, value, type TestHost } from '../../support/host-harness';
import { makePki } from '../../support/pki';
import { useBrokers } from '../../support/mosquitto';

const brokers = useBrokers();
let dir: string;
let host: TestHost;
let id: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-timed-'));
  const pki = await makePki(join(dir, 'pki'));
  const broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
  });
  host = await openTestHost(dir, pki);
  id = await host.addProfile(broker.port, pki.clientGood);
  value(await host.core.api.call('connection:connect', { profileId: id }));
  value(await host.core.api.call('mqtt:subscribe', { profileId: id, topic: 'timed/#', qos: 1 }));
});
afterAll(async () => {
  await host?.core.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const echoes = (topic: string) => host.core.connections.messages(id).filter((m) => m.direction === 'in' && m.topic === topic);
const repeatEvents = (repeatId: string): RepeatStatus[] =>
  host.sent.flatMap((s) => (s.event === 'publishes:repeat' && s.payload.id === repeatId ? [s.payload] : []));
const publish = (topic: string, payload: string) => ({ topic, payload, encoding: 'utf8' as const, qos: 1 as const, retain: false });

describe('timed publishing', () => {
  it('publishes five times at the interval, then ends as done', async () => {
    const started = value(
      await host.core.api.call('publishes:repeat', { profileId: id, publish: publish('timed/five', 'tick'), intervalMs: 100, count: 5 }),
    );
    expect(started).toMatchObject({ state: 'running', count: 5, intervalMs: 100 });
    await until(() => repeatEvents(started.id).at(-1)?.state === 'done', 'the end of the repeat');
    expect(repeatEvents(started.id).at(-1)).toMatchObject({ sent: 5, state: 'done' });
    await until(() => echoes('timed/five').length === 5, 'five echoes');
    await new Promise((r) => setTimeout(r, 300));
    expect(echoes('timed/five')).toHaveLength(5);
    expect(host.core.connections.messages(id).filter((m) => m.direction === 'out' && m.topic === 'timed/five')).toHaveLength(5);
    expect(value(await host.core.api.call('publishes:running', { profileId: id }))).toEqual([]);
    // The repeat is one entry of the history, not five.
    const history = value(await host.core.api.call('publishes:list', { profileId: id }));
    expect(history.filter((e) => e.topic === 'timed/five')).toHaveLength(1);
  });

  it('stops on request, and with its connection', async () => {
    const a = value(
      await host.core.api.call('publishes:repeat', { profileId: id, publish: publish('timed/a', 'a'), intervalMs: 50, count: null }),
    );
    await until(() => echoes('timed/a').length >= 3, 'a few publishes');
    expect(value(await host.core.api.call('publishes:stop', { id: a.id }))).toMatchObject({ state: 'stopped' });
    const b = value(
      await host.core.api.call('publishes:repeat', { profileId: id, publish: publish('timed/b', 'b'), intervalMs: 50, count: null }),
    );
    expect(value(await host.core.api.call('publishes:running', {})).map((r) => r.id)).toEqual([b.id]);
    await until(() => echoes('timed/b').length >= 2, 'b running');
    value(await host.core.api.call('connection:disconnect', { profileId: id }));
    expect(repeatEvents(b.id).at(-1)).toMatchObject({ state: 'disconnected' });
    expect(value(await host.core.api.call('publishes:running', {}))).toEqual([]);
    expect(
      await host.core.api.call('publishes:repeat', { profileId: id, publish: publish('timed/c', 'c'), intervalMs: 50, count: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-connected' },
    });
  });

  it('refuses an interval below the minimum', async () => {
    const r = await host.core.api.dispatch('publishes:repeat', {
      profileId: id,
      publish: publish('timed/x', 'x'),
      intervalMs: 5,
      count: 1,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

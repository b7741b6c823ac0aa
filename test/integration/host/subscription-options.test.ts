// Subscription options against real mosquitto (MQTT 5) over mutual TLS on loopback: no-local,
// retain handling, retain-as-published and the subscription identifier change what the broker
// delivers; a disabled subscription is unsubscribed but kept, and enabling it subscribes again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttMessage } from '../../../shared/ipc/contract';
import { openTestHost, until, value, type TestHost } from '../../support/host-harness';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';

const brokers = useBrokers();
let dir: string;
let pki: TestPki;
let broker: Broker;
let host: TestHost;
let v5: string;
let v311: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-subopts-'));
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
  });
  host = await openTestHost(dir, pki);
  v5 = await host.addProfile(broker.port, pki.clientGood, { mqttVersion: '5' });
  v311 = await host.addProfile(broker.port, pki.clientGood, { mqttVersion: '3.1.1' });
  expect(value(await host.core.api.call('connection:connect', { profileId: v5 })).state.status).toBe('open');
});
afterAll(async () => {
  await host?.core.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const call = {
  sub: (topic: string, extra: Record<string, unknown> = {}) =>
    host.core.api.dispatch('mqtt:subscribe', { profileId: v5, topic, qos: 1, ...extra }),
  pub: (topic: string, payload: string, retain = false) =>
    host.core.api.call('mqtt:publish', { profileId: v5, topic, payload, encoding: 'utf8', qos: 1, retain }),
};
const received = (topic: string): MqttMessage[] =>
  host.core.connections.messages(v5).filter((m) => m.direction === 'in' && m.topic === topic);
/** Long enough for an echo over loopback to have come back, had the broker sent one. */
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('subscription options (MQTT 5)', () => {
  it('no-local keeps our own publishes from coming back; without it they echo', async () => {
    expect(await call.sub('opts/nl/on', { noLocal: true })).toMatchObject({ ok: true, value: { granted: true, noLocal: true } });
    expect(await call.sub('opts/nl/off', { noLocal: false })).toMatchObject({ ok: true, value: { granted: true } });
    value(await call.pub('opts/nl/on', 'mine'));
    value(await call.pub('opts/nl/off', 'mine'));
    await until(() => received('opts/nl/off').length === 1, 'the echo without no-local');
    await settle();
    expect(received('opts/nl/on')).toHaveLength(0);
  });

  it('retain handling 2 sends no retained message at subscribe; 0 sends it every time; 1 only for a new subscription', async () => {
    value(await call.pub('opts/rh/a', 'kept', true));
    expect(await call.sub('opts/rh/a', { retainHandling: 2 })).toMatchObject({ ok: true, value: { retainHandling: 2 } });
    await settle();
    expect(received('opts/rh/a')).toHaveLength(0);
    // The same filter again with 0: the retained message comes (MQTT 5.0 §3.3.1.3).
    value(await call.sub('opts/rh/a', { retainHandling: 0 }));
    await until(() => received('opts/rh/a').length === 1, 'the retained message with retain handling 0');
    expect(received('opts/rh/a')[0]).toMatchObject({ payload: 'kept', retain: true });
    // 1 on an existing subscription: nothing; 0 again: it comes again.
    value(await call.sub('opts/rh/a', { retainHandling: 1 }));
    await settle();
    expect(received('opts/rh/a')).toHaveLength(1);
    value(await call.sub('opts/rh/a', { retainHandling: 0 }));
    await until(() => received('opts/rh/a').length === 2, 'the retained message again');
    value(await call.pub('opts/rh/a', '', true));
  });

  it('retain-as-published keeps the RETAIN flag on forwarded messages; without it the flag is cleared', async () => {
    value(await call.sub('opts/rap/on', { retainAsPublished: true }));
    value(await call.sub('opts/rap/off', { retainAsPublished: false }));
    value(await call.pub('opts/rap/on', 'r', true));
    value(await call.pub('opts/rap/off', 'r', true));
    await until(() => received('opts/rap/on').length === 1 && received('opts/rap/off').length === 1, 'both forwards');
    expect(received('opts/rap/on')[0]?.retain).toBe(true);
    expect(received('opts/rap/off')[0]?.retain).toBe(false);
    value(await call.pub('opts/rap/on', '', true));
    value(await call.pub('opts/rap/off', '', true));
  });

  it('a subscription identifier comes back with each message it delivers, and an alias is kept with it', async () => {
    const sub = value(await call.sub('opts/id/#', { subscriptionIdentifier: 4242, alias: 'identified' }));
    expect(sub).toMatchObject({ subscriptionIdentifier: 4242, alias: 'identified' });
    value(await call.pub('opts/id/x', 'hello'));
    await until(() => received('opts/id/x').length === 1, 'the message');
    expect(received('opts/id/x')[0]?.properties?.subscriptionIdentifier).toEqual([4242]);
  });

  it('refuses options outside their range with a clear error', async () => {
    const r = await call.sub('opts/bad', { retainHandling: 3, subscriptionIdentifier: 0 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const paths = r.ok ? [] : (r.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['retainHandling', 'subscriptionIdentifier']));
  });

  it('a disabled subscription receives nothing and stays listed; enabled, it subscribes again with its options', async () => {
    value(await call.sub('opts/dis', { alias: 'switchable' }));
    const off = value(await host.core.api.call('mqtt:editSubscription', { profileId: v5, topic: 'opts/dis', enabled: false }));
    expect(off).toMatchObject({ topic: 'opts/dis', disabled: true, alias: 'switchable' });
    expect(host.core.connections.info(v5).subscriptions.find((s) => s.topic === 'opts/dis')).toMatchObject({ disabled: true });
    value(await call.pub('opts/dis', 'while off'));
    await settle();
    expect(received('opts/dis')).toHaveLength(0);
    const on = value(
      await host.core.api.call('mqtt:editSubscription', { profileId: v5, topic: 'opts/dis', enabled: true, alias: 'renamed' }),
    );
    expect(on).toMatchObject({ topic: 'opts/dis', granted: true, alias: 'renamed' });
    expect(on.disabled).toBeUndefined();
    value(await call.pub('opts/dis', 'while on'));
    await until(() => received('opts/dis').length === 1, 'the message once enabled');
    expect(received('opts/dis')[0]?.payload).toBe('while on');
  });

  it('a disabled subscription is not made again at the next connect, but stays in the list', async () => {
    value(await host.core.api.call('mqtt:editSubscription', { profileId: v5, topic: 'opts/dis', enabled: false }));
    value(await host.core.api.call('connection:disconnect', { profileId: v5 }));
    value(await host.core.api.call('connection:connect', { profileId: v5 }));
    await until(() => host.core.connections.info(v5).subscriptions.some((s) => s.topic === 'opts/id/#' && s.granted), 'the restored ones');
    expect(host.core.connections.info(v5).subscriptions.find((s) => s.topic === 'opts/dis')).toMatchObject({ disabled: true });
    value(await call.pub('opts/dis', 'after reconnect'));
    await settle();
    expect(received('opts/dis').filter((m) => m.payload === 'after reconnect')).toHaveLength(0);
    expect(await host.core.api.call('mqtt:editSubscription', { profileId: v5, topic: 'nothing/here', enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('refuses MQTT 5 options on an MQTT 3.1.1 connection, naming them', async () => {
    value(await host.core.api.call('connection:connect', { profileId: v311 }));
    const r = await host.core.api.call('mqtt:subscribe', { profileId: v311, topic: 'opts/311', qos: 0, noLocal: true, retainHandling: 2 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(r.ok ? '' : r.error.message).toMatch(/No local, Retain handling 2 exist only in MQTT 5/);
    expect(await host.core.api.call('mqtt:subscribe', { profileId: v311, topic: 'opts/311', qos: 0, alias: 'fine' })).toMatchObject({
      ok: true,
      value: { granted: true, alias: 'fine' },
    });
  });
});

// Subscriptions live with their profile in the store: a host that restarts on the same data
// folder makes them again at the next connect, against real mosquitto (MQTT 5) over mutual TLS,
// with their options, colour, alias and format; a disabled one stays listed and is not made; an
// unsubscribed one is gone.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestHost, until, value, type TestHost } from '../../support/host-harness';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';

const brokers = useBrokers();
let dir: string;
let dataDir: string;
let pki: TestPki;
let broker: Broker;
const hosts: TestHost[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-savedsubs-'));
  dataDir = join(dir, 'data');
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
  });
});
afterAll(async () => {
  for (const h of hosts) await h.core.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(): Promise<TestHost> {
  const h = await openTestHost(dir, pki, { dataDir });
  hosts.push(h);
  return h;
}

describe('subscriptions kept with the profile', () => {
  it('come back after a host restart, made again at the broker with their options; disabled ones stay off', async () => {
    const first = await open();
    const id = await first.addProfile(broker.port, pki.clientGood, { mqttVersion: '5' });
    const api = first.core.api;
    expect(value(await api.call('connection:connect', { profileId: id })).state.status).toBe('open');
    value(
      await api.call('mqtt:subscribe', {
        profileId: id,
        topic: 'kept/status',
        qos: 1,
        color: '#e8590c',
        alias: 'Status',
        format: 'json',
        subscriptionIdentifier: 42,
      }),
    );
    value(await api.call('mqtt:subscribe', { profileId: id, topic: 'kept/off', qos: 0, noLocal: true }));
    value(await api.call('mqtt:editSubscription', { profileId: id, topic: 'kept/off', enabled: false }));
    value(await api.call('mqtt:subscribe', { profileId: id, topic: 'kept/gone', qos: 0 }));
    value(await api.call('mqtt:unsubscribe', { profileId: id, topic: 'kept/gone' }));
    await first.core.close();
    hosts.splice(hosts.indexOf(first), 1);

    const onDisk = JSON.parse(await readFile(join(dataDir, 'profiles.json'), 'utf8')) as { subscriptions: Record<string, unknown[]> };
    expect(onDisk.subscriptions[id]).toEqual([
      { topic: 'kept/status', qos: 1, color: '#e8590c', alias: 'Status', format: 'json', subscriptionIdentifier: 42 },
      { topic: 'kept/off', qos: 0, noLocal: true, disabled: true, code: 0, codeName: 'Granted QoS 0' },
    ]);

    const second = await open();
    const again = second.core.api;
    expect(value(await again.call('connection:connect', { profileId: id })).state.status).toBe('open');
    const listed = () => second.core.connections.info(id).subscriptions;
    await until(() => listed().some((s) => s.topic === 'kept/status' && s.granted), 'the restored SUBACK');
    expect(listed()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          topic: 'kept/status',
          qos: 1,
          granted: true,
          color: '#e8590c',
          alias: 'Status',
          format: 'json',
          subscriptionIdentifier: 42,
        }),
        expect.objectContaining({ topic: 'kept/off', disabled: true, noLocal: true }),
      ]),
    );
    expect(listed().map((s) => s.topic)).not.toContain('kept/gone');

    // Made at the broker for real: a publish on it comes back, carrying the identifier; the disabled one brings nothing.
    value(await again.call('mqtt:publish', { profileId: id, topic: 'kept/off', payload: 'no', encoding: 'utf8', qos: 1, retain: false }));
    value(
      await again.call('mqtt:publish', { profileId: id, topic: 'kept/status', payload: '{}', encoding: 'utf8', qos: 1, retain: false }),
    );
    const incoming = () => second.core.connections.messages(id).filter((m) => m.direction === 'in');
    await until(() => incoming().some((m) => m.topic === 'kept/status'), 'the message on the restored subscription');
    expect(incoming().find((m) => m.topic === 'kept/status')?.properties?.subscriptionIdentifier).toEqual([42]);
    expect(incoming().filter((m) => m.topic === 'kept/off')).toHaveLength(0);

    // Enabling the disabled one works as before the restart, and is kept.
    expect(value(await again.call('mqtt:editSubscription', { profileId: id, topic: 'kept/off', enabled: true }))).toMatchObject({
      granted: true,
      noLocal: true,
    });
    await second.core.profiles.flush();
    expect(second.core.profiles.savedSubscriptions(id).map((s) => [s.topic, s.disabled ?? false])).toEqual([
      ['kept/status', false],
      ['kept/off', false],
    ]);
  });
});

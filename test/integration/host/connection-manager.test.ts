// The connection manager with the real probe: cancelling an attempt in flight, a profile
// deleted mid-attempt, a broker that goes away under an open session, and message batching.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type ConnectSettings } from '../../../shared/connect/settings';
import type { ConnectionInfo, EventName, EventPayload } from '../../../shared/ipc/contract';
import { EMPTY_MATERIAL } from '../../../shared/profile/profile';
import { connect } from '../../../electron/core/connect/probe';
import { createConnectionManager, type ConnectionManager } from '../../../electron/core/host/connection-manager';
import { openProfileService, type ProfileService } from '../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../electron/core/store/store-data';
import { silent, type HostileServer } from '../../support/hostile';
import { useBrokers, type Broker } from '../../support/mosquitto';

const brokers = useBrokers();
let broker: Broker;
let blackHole: HostileServer;

beforeAll(async () => {
  broker = await brokers.start({ allowAnonymous: true });
  blackHole = await silent();
});
afterAll(async () => {
  await blackHole?.close();
});

type Sent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

async function setup(batch = { intervalMs: 50, maxMessages: 200 }) {
  const profiles: ProfileService = await openProfileService({ store: createMemoryStore() });
  const sent: Sent[] = [];
  const reported: { profileId: string; cause: string }[] = [];
  const manager: ConnectionManager = createConnectionManager({
    probe: connect,
    resolve: (id) => profiles.resolve(id),
    onReport: (profileId, report) => reported.push({ profileId, cause: report.cause }),
    emit: (event, payload) => sent.push({ event, payload } as Sent),
    batch,
  });
  const add = async (port: number, overrides: Partial<ConnectSettings> = {}) => {
    const settings = defaultSettings({
      protocol: 'mqtt',
      host: '127.0.0.1',
      port,
      clientId: `keyhole-cm-${Math.random().toString(16).slice(2, 10)}`,
      ...overrides,
    });
    const saved = await profiles.saveProfile({ name: 'p', groupId: null, settings, material: EMPTY_MATERIAL });
    if (!saved.ok) throw new Error(saved.error.message);
    return saved.value.id;
  };
  const states = (id: string) =>
    sent
      .filter((s): s is Extract<Sent, { event: 'connection:state' }> => s.event === 'connection:state' && s.payload.profileId === id)
      .map((s) => s.payload.state);
  const reportsOf = (id: string) => reported.filter((r) => r.profileId === id).map((r) => r.cause);
  return { profiles, manager, sent, add, states, reportsOf };
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function until(check: () => boolean, what: string, withinMs = 5000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('connection manager', () => {
  it('cancels an attempt in flight: the report says aborted, the state closed by the user', async () => {
    const { manager, add, states, reportsOf } = await setup();
    const id = await add(blackHole.port, { timeouts: { resolve: 5000, tcp: 5000, tls: 5000, connack: 20_000, access: 5000 } });
    const attempt = manager.connect(id);
    await until(
      () => manager.info(id).state.status === 'connecting' && (manager.info(id).state as { phase: string }).phase === 'connack',
      'the CONNACK wait',
    );
    expect(await manager.connect(id)).toMatchObject({ ok: false, error: { code: 'busy' } });
    const started = Date.now();
    const cancelled = ok(await manager.cancel(id));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cancelled.state).toMatchObject({ status: 'closed', reason: { kind: 'user' }, report: { cause: 'aborted' } });
    expect(ok(await attempt).state.status).toBe('closed');
    // One state per phase reached, then the end: never open, never failed.
    const seen = states(id).map((s) => s.status);
    expect(seen.at(-1)).toBe('closed');
    expect(new Set(seen.slice(0, -1))).toEqual(new Set(['connecting']));
    expect(reportsOf(id)).toEqual(['aborted']);
    expect(await manager.cancel(id)).toMatchObject({ ok: false, error: { code: 'not-connected' } });
  });

  it('forgets a profile deleted mid-attempt', async () => {
    const { manager, add } = await setup();
    const id = await add(blackHole.port);
    const attempt = manager.connect(id);
    await until(() => manager.info(id).state.status === 'connecting', 'connecting');
    await manager.forget(id);
    await attempt;
    expect(manager.list().map((c: ConnectionInfo) => c.profileId)).not.toContain(id);
    expect(manager.messages(id)).toEqual([]);
  });

  it('batches messages by count and keeps a bounded history', async () => {
    const { manager, add, sent } = await setup({ intervalMs: 1000, maxMessages: 10 });
    const id = await add(broker.port);
    expect(ok(await manager.connect(id)).state.status).toBe('open');
    expect(ok(await manager.subscribe(id, { topic: 'batch/#', qos: 0 }))).toMatchObject({ granted: true, code: 0 });
    for (let i = 0; i < 30; i++)
      ok(await manager.publish(id, { topic: `batch/${i}`, payload: String(i), encoding: 'utf8', qos: 0, retain: false }));
    await until(() => manager.messages(id).filter((m) => m.direction === 'in').length === 30, '30 echoes');
    // 60 messages (30 out, 30 in) with a 1 s interval: only full batches of 10 have gone out yet.
    const batches = sent
      .filter((s) => s.event === 'messages:batch')
      .map((s) => (s.payload as EventPayload<'messages:batch'>).messages.length);
    expect(batches.length).toBeGreaterThanOrEqual(5);
    expect(batches.every((n) => n === 10)).toBe(true);
    ok(await manager.disconnect(id));
    // A state change sends what is pending first, so no message trails its connection's end.
    const last = sent.map((s) => s.event).lastIndexOf('messages:batch');
    const closed = sent.findIndex((s) => s.event === 'connection:state' && s.payload.state.status === 'closed');
    expect(last).toBeLessThan(closed);
    expect(
      sent.filter((s) => s.event === 'messages:batch').flatMap((s) => (s.payload as EventPayload<'messages:batch'>).messages),
    ).toHaveLength(60);
  });

  it('makes the subscriptions of the last session again after a reconnect', async () => {
    const { manager, add } = await setup();
    const id = await add(broker.port);
    ok(await manager.connect(id));
    ok(await manager.subscribe(id, { topic: 'again/a', qos: 1 }));
    ok(await manager.subscribe(id, { topic: 'again/b', qos: 0 }));
    ok(await manager.unsubscribe(id, 'again/b'));
    ok(await manager.disconnect(id));
    expect(manager.info(id).subscriptions.map((s) => s.topic)).toEqual(['again/a']);
    ok(await manager.connect(id));
    await until(() => manager.info(id).subscriptions.length === 1, 'the subscription made again');
    expect(manager.info(id).subscriptions).toEqual([{ topic: 'again/a', qos: 1, code: 1, codeName: 'Granted QoS 1', granted: true }]);
    ok(await manager.publish(id, { topic: 'again/a', payload: 'back', encoding: 'utf8', qos: 1, retain: false }));
    await until(
      () => manager.messages(id).some((m) => m.direction === 'in' && m.payload === 'back'),
      'the echo on the restored subscription',
    );
    ok(await manager.disconnect(id));
  });

  // mosquitto's acl_file answers a denied PUBLISH from an MQTT 5 client with PUBACK / PUBREC 0x87.
  it.each([1, 2] as const)("records a QoS %i publish the ACL refuses with the broker's reason code", async (qos) => {
    const guarded = await brokers.start({ allowAnonymous: true, acl: 'topic readwrite open/#\n' });
    const { manager, add } = await setup();
    const id = await add(guarded.port, { mqttVersion: '5' });
    ok(await manager.connect(id));
    const refused = ok(await manager.publish(id, { topic: 'closed/x', payload: 'no', encoding: 'utf8', qos, retain: false }));
    expect(refused).toEqual({ code: 0x87, codeName: 'Not authorized' });
    const allowed = ok(await manager.publish(id, { topic: 'open/x', payload: 'yes', encoding: 'utf8', qos, retain: false }));
    expect(allowed.code).toBeLessThan(0x80);
    const out = manager.messages(id).filter((m) => m.direction === 'out');
    expect(out.map((m) => [m.topic, m.ack?.code])).toEqual([
      ['closed/x', 0x87],
      ['open/x', allowed.code],
    ]);
    expect(out[0]?.ack?.name).toBe('Not authorized');
    ok(await manager.disconnect(id));
  });

  it('reports a broker that goes away under an open session, not as a user disconnect', async () => {
    const own = await brokers.start({ allowAnonymous: true });
    const { manager, add, states } = await setup();
    const id = await add(own.port);
    expect(ok(await manager.connect(id)).state.status).toBe('open');
    await own.stop();
    await until(() => manager.info(id).state.status === 'closed', 'closed');
    const state = manager.info(id).state;
    expect(state.status === 'closed' && state.reason.kind).toMatch(/^(connection-lost|server-disconnect)$/);
    expect(states(id).at(-1)?.status).toBe('closed');
    expect(await manager.publish(id, { topic: 't', payload: '', encoding: 'utf8', qos: 0, retain: false })).toMatchObject({
      ok: false,
      error: { code: 'not-connected' },
    });
    // It can be connected again later; here the broker is gone, so the attempt fails at tcp.
    expect(ok(await manager.connect(id)).state).toMatchObject({ status: 'failed', report: { cause: 'tcp-refused' } });
  });

  it('closes every session at shutdown', async () => {
    const { manager, add } = await setup();
    const a = await add(broker.port);
    const b = await add(broker.port);
    await Promise.all([manager.connect(a), manager.connect(b)]);
    expect(manager.list().filter((c) => c.state.status === 'open')).toHaveLength(2);
    await manager.closeAll();
    for (const id of [a, b]) expect(manager.info(id).state).toMatchObject({ status: 'closed', reason: { kind: 'shutdown' } });
  });
});

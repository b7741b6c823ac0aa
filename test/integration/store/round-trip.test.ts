// Profiles that travel: export with secrets from one data folder, import into a FRESH one,
// connect against a real mosquitto that wants a client certificate (encrypted key) and a
// password from its password file. And the same without secrets, which must be entered again.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/ipc/contract';
import { openAppCore, type AppCore } from '../../../electron/core/host/app-core';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { KEY_PASSPHRASE, makePki, type TestPki } from '../../support/pki';
import { addDevice, brokerOptions, DEVICE, importPath, MQTT_PASSWORD, value } from '../../support/store/device';

const brokers = useBrokers();
const EXPORT_PASSPHRASE = 'round trip passphrase';
let dir = '';
let pki: TestPki;
let broker: Broker;
const cores: AppCore[] = [];

async function core(name: string): Promise<AppCore> {
  const c = await openAppCore({
    dataDir: join(dir, name),
    host: 'web',
    version: 'test',
    send: (_e: EventEnvelope) => undefined,
    allowPathImport: false,
  });
  cores.push(c);
  return c;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-round-trip-'));
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start(brokerOptions(pki));
});

afterAll(async () => {
  await Promise.all(cores.map((c) => c.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('export with secrets → import on a fresh data folder → connect', () => {
  it('connects with the imported key, passphrase and password', async () => {
    const a = await core('a');
    const original = await addDevice(a, pki, broker.port);
    const there = value(await a.api.call('connection:connect', { profileId: original.id }));
    expect(there.state.status, JSON.stringify(there.state)).toBe('open');
    value(await a.api.call('connection:disconnect', { profileId: original.id }));
    const exported = value(await a.api.call('transfer:export', { withSecrets: true, passphrase: EXPORT_PASSPHRASE }));
    expect(exported.missingSecrets).toEqual([]);

    const b = await core('b');
    expect(value(await b.api.call('profiles:list', {}))).toEqual([]);
    const preview = value(await b.api.call('transfer:preview', { text: exported.json, passphrase: EXPORT_PASSPHRASE }));
    const applied = value(await b.api.call('transfer:apply', { token: preview.token }));
    const imported = applied.added[0]!;
    expect(imported.name).toBe(DEVICE);

    const here = value(await b.api.call('connection:connect', { profileId: imported.profileId }));
    if (here.state.status !== 'open') throw new Error(`not open: ${JSON.stringify(here.state)}`);
    expect(here.state.report).toMatchObject({ verdict: 'accepted', cause: 'ok' });
    expect(here.state.report.mqtt?.passwordSent).toBe(true);
    expect(here.state.report.tls?.clientCertificate?.commonName).toBe(pki.clientGood.commonName);
    value(await b.api.call('connection:disconnect', { profileId: imported.profileId }));

    // The report is kept with the profile, and survives a restart of the host.
    expect(value(await b.api.call('reports:history', { profileId: imported.profileId })).map((r) => r.cause)).toEqual(['ok']);
    await b.close();
    const again = await core('b');
    expect(value(await again.api.call('reports:history', { profileId: imported.profileId })).map((r) => r.cause)).toEqual(['ok']);

    // On disk in the new folder: sealed secrets, a private key file.
    const onDisk = await readFile(join(dir, 'b', 'profiles.json'), 'utf8');
    expect(onDisk).not.toContain(MQTT_PASSWORD);
    expect(onDisk).not.toContain(KEY_PASSPHRASE);
    expect((await stat(join(dir, 'b', 'secret.key'))).mode & 0o777).toBe(0o600);
  });

  it('without secrets: the attempt names what is missing, and works once they are entered again', async () => {
    const a = await core('c');
    await addDevice(a, pki, broker.port);
    const exported = value(await a.api.call('transfer:export', { withSecrets: false }));
    expect(exported.missingSecrets[0]!.missing).toEqual(['private-key', 'key-passphrase', 'mqtt-password']);

    const d = await core('d');
    const preview = value(await d.api.call('transfer:preview', { text: exported.json }));
    const id = value(await d.api.call('transfer:apply', { token: preview.token })).added[0]!.profileId;
    const bare = value(await d.api.call('connection:connect', { profileId: id }));
    if (bare.state.status !== 'failed') throw new Error(`expected a failed attempt: ${JSON.stringify(bare.state)}`);
    // No key: the broker, which requires a client certificate, turns us away.
    expect(bare.state.report.verdict).not.toMatch(/^accepted/);

    const profile = value(await d.api.call('profiles:get', { id }));
    const key = await importPath(d, 'key', pki.clientGoodFormats.keyPkcs8Encrypted);
    value(
      await d.api.call('profiles:save', {
        id,
        name: profile.name,
        groupId: profile.groupId,
        settings: profile.settings,
        material: { ...profile.material, key },
      }),
    );
    value(await d.api.call('secrets:set', { profileId: id, passphrase: KEY_PASSPHRASE, password: MQTT_PASSWORD }));
    const full = value(await d.api.call('connection:connect', { profileId: id }));
    expect(full.state.status).toBe('open');
    value(await d.api.call('connection:disconnect', { profileId: id }));
  });
});

// MQTT X connection exports: the fixture (shaped like MQTT X's JSON export) becomes profiles;
// certificate paths are read where they exist, and every difference is said per connection.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProfileService, type ProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../../electron/core/store/store-data';
import { inspectMaterial } from '../../../../electron/core/certs/material-file';
import { toProbeInput } from '../../../../electron/core/profiles/probe-input';
import { createTransferService } from '../../../../electron/core/transfer/transfer-service';
import { CA_PEM, CERT_PEM, KEY_PEM } from '../../../support/fixture-material';

const FIXTURE = resolve(__dirname, '../../../fixtures/mqttx/connections.json');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The fixture with its certificate folder pointing at real files in a temp folder. */
async function fixtureText(): Promise<{ text: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-mqttx-'));
  dirs.push(dir);
  await writeFile(join(dir, 'ca.crt'), CA_PEM);
  await writeFile(join(dir, 'client.crt'), CERT_PEM);
  await writeFile(join(dir, 'client.key'), KEY_PEM);
  const text = (await readFile(FIXTURE, 'utf8')).replaceAll('/Users/dev/keyhole-fixture/', `${dir}/`);
  return { text, dir };
}

async function setup(
  readReferencedFiles = true,
): Promise<{ profiles: ProfileService; transfer: ReturnType<typeof createTransferService> }> {
  const profiles = await openProfileService({ store: createMemoryStore() });
  return { profiles, transfer: createTransferService({ profiles, app: { name: 'Keyhole', version: 'test' }, readReferencedFiles }) };
}

describe('MQTT X import', () => {
  it('previews every connection with what changes on the way in', async () => {
    const { text } = await fixtureText();
    const { transfer } = await setup();
    const preview = unwrap(await transfer.preview({ text, fileName: 'connections.json' }));
    expect(preview.source).toBe('mqttx');
    expect(preview.notes).toEqual(['"Half-filled form" was skipped: it names no host.']);
    expect(preview.items.map((i) => [i.name, i.target, i.groupName])).toEqual([
      ['Device 1 (mTLS)', 'mqtts://127.0.0.1:8883', null],
      ['Device 2 (key moved)', 'mqtts://127.0.0.1:8883', null],
      ['Dashboard over WebSocket', 'ws://broker.emqx.io:8083/mqtt', null],
      ['Cloud broker', 'wss://mqtt.example.com:8084/mqtt', null],
      ['Line 3 sensor', 'mqtt://10.0.3.15:1883', 'Factory'],
    ]);
    const [device1, device2, dashboard, cloud, line3] = preview.items;

    expect(device1!.files).toEqual([
      { slot: 'ca', fileName: 'ca.crt', status: 'included' },
      { slot: 'cert', fileName: 'client.crt', status: 'included' },
      { slot: 'key', fileName: 'client.key', status: 'included' },
    ]);
    expect(device1!.secrets).toEqual({ included: ['mqtt-password', 'private-key'], missing: [] });
    expect(device1!.notes).toEqual([expect.stringMatching(/will message properties/), expect.stringMatching(/1 saved subscription/)]);

    // The unreadable key is reported with its path and the reason.
    expect(device2!.files[2]).toEqual({
      slot: 'key',
      fileName: 'device-2.key',
      status: 'unreadable',
      reason: '/Users/dev/old-laptop/certs/device-2.key: no such file',
    });
    expect(device2!.secrets.missing).toEqual(['private-key']);
    expect(device2!.notes).toEqual(['1 certificate file could not be read (key): add it in the profile editor.']);
    expect(device2!.files.slice(0, 2).map((f) => f.status)).toEqual(['included', 'included']);

    // ws:// and wss:// connections stay WebSocket connections, with their path: nothing to note.
    expect(dashboard!.notes).toEqual([]);
    expect(cloud!.notes).toEqual([expect.stringMatching(/verification is off/)]);
    expect(cloud!.secrets.included).toEqual(['mqtt-password']);
    expect(line3!.notes).toEqual([
      expect.stringMatching(/MQTT 3\.1 is not supported/),
      expect.stringMatching(/timestamp to this client id/),
    ]);
  });

  it('stores the profiles with their settings, files and secrets', async () => {
    const { text } = await fixtureText();
    const { profiles, transfer } = await setup();
    const preview = unwrap(await transfer.preview({ text }));
    const result = unwrap(await transfer.apply({ token: preview.token }));
    expect(result.added.map((a) => a.name)).toEqual([
      'Device 1 (mTLS)',
      'Device 2 (key moved)',
      'Dashboard over WebSocket',
      'Cloud broker',
      'Line 3 sensor',
    ]);
    const byName = (name: string) => profiles.listProfiles().find((p) => p.name === name)!;

    const d1 = unwrap(profiles.resolve(byName('Device 1 (mTLS)').id));
    expect(d1.settings).toMatchObject({
      protocol: 'mqtts',
      host: '127.0.0.1',
      port: 8883,
      mqttVersion: '5',
      clientId: 'mqttx_device_1',
      username: 'device-user',
      cleanStart: true,
      keepalive: 30,
      verify: 'full',
      useSystemCa: false,
      alpn: ['mqtt'],
      will: { topic: 'devices/1/status', payload: 'offline', qos: 1, retain: true },
      properties: { sessionExpiryInterval: 3600, receiveMaximum: 100, requestProblemInformation: true, userProperties: { site: 'lab' } },
      timeouts: { tcp: 10_000, tls: 10_000, connack: 10_000 },
    });
    expect(d1.secrets).toEqual({ password: 'mqttx-password-1' });
    expect(d1.files.key!.bytes.equals(KEY_PEM)).toBe(true);
    expect(d1.profile.material.key!.publicKeyFingerprint).toBe(d1.profile.material.cert!.publicKeyFingerprint);

    const d2 = unwrap(profiles.resolve(byName('Device 2 (key moved)').id));
    expect(d2.files.key).toBeNull();
    expect(d2.files.cert).not.toBeNull();
    expect(d2.settings).toMatchObject({ mqttVersion: '3.1.1' });
    expect(d2.settings.username).toBeUndefined();

    expect(byName('Dashboard over WebSocket').settings).toMatchObject({ protocol: 'ws', port: 8083, path: '/mqtt' });
    expect(byName('Cloud broker').settings).toMatchObject({
      protocol: 'wss',
      path: '/mqtt',
      useSystemCa: true,
      verify: 'off',
      cleanStart: false,
      timeouts: { tls: 30_000 },
    });
    const line3 = byName('Line 3 sensor');
    expect(line3.settings).toMatchObject({ protocol: 'mqtt', mqttVersion: '3.1.1', username: 'line3', clientId: 'line3' });
    expect(profiles.listGroups().find((g) => g.id === line3.groupId)?.name).toBe('Factory');
  });

  it('reads nothing a page could name where the host must not read paths (web host), and says so', async () => {
    const { text } = await fixtureText();
    const { transfer } = await setup(false);
    const preview = unwrap(await transfer.preview({ text }));
    const files = preview.items[0]!.files;
    expect(files.map((f) => f.status)).toEqual(['unreadable', 'unreadable', 'unreadable']);
    expect(files[0]!.reason).toMatch(/this host does not read files named inside an import/);
  });

  it('keeps mutual TLS when the files cannot be read: each slot missing, with its path, until a file fills it', async () => {
    const { text, dir } = await fixtureText();
    const { profiles, transfer } = await setup(false);
    const preview = unwrap(await transfer.preview({ text }));
    unwrap(await transfer.apply({ token: preview.token }));
    const d1 = profiles.listProfiles().find((p) => p.name === 'Device 1 (mTLS)')!;
    expect(d1.material).toMatchObject({ ca: [], cert: null, key: null });
    expect(d1.missingFiles?.map((m) => [m.slot, m.fileName, m.path])).toEqual([
      ['ca', 'ca.crt', `${dir}/ca.crt`],
      ['cert', 'client.crt', `${dir}/client.crt`],
      ['key', 'client.key', `${dir}/client.key`],
    ]);
    expect(d1.missingFiles?.[0]?.reason).toMatch(/does not read files named inside an import/);
    // What an attempt gets: it stops in preflight naming the files (see the probe's tests).
    expect(toProbeInput(unwrap(profiles.resolve(d1.id))).missingFiles?.map((m) => m.fileName)).toEqual([
      'ca.crt',
      'client.crt',
      'client.key',
    ]);

    // Saving with a CA loaded drops the CA's entry; a renderer cannot add entries of its own.
    const staged = inspectMaterial('ca', 'ca.crt', CA_PEM, new Date(), 'staged-ca');
    profiles.stageFile(staged, CA_PEM);
    const forged = { slot: 'pfx' as const, fileName: 'x.p12', path: '/x.p12', reason: 'made up' };
    const saved = unwrap(
      await profiles.saveProfile({
        id: d1.id,
        name: d1.name,
        groupId: d1.groupId,
        settings: d1.settings,
        material: { ...d1.material, ca: [staged] },
        missingFiles: [...d1.missingFiles!, forged],
      }),
    );
    expect(saved.missingFiles?.map((m) => m.slot)).toEqual(['cert', 'key']);
    // The editor no longer showing them (another identity chosen) drops them too.
    const cleared = unwrap(
      await profiles.saveProfile({
        id: d1.id,
        name: d1.name,
        groupId: d1.groupId,
        settings: d1.settings,
        material: saved.material,
        missingFiles: [],
      }),
    );
    expect(cleared.missingFiles).toBeUndefined();
  });

  it('accepts one connection, or an object with a connections array, and inline PEM', async () => {
    const { transfer } = await setup();
    const one = {
      name: 'Solo',
      clientId: 'solo',
      host: 'solo.example',
      port: 8883,
      protocol: 'mqtts',
      ssl: true,
      certType: 'self',
      ca: CA_PEM.toString(),
      mqttVersion: '5.0',
    };
    const single = unwrap(await transfer.preview({ text: JSON.stringify(one) }));
    expect(single.items.map((i) => i.name)).toEqual(['Solo']);
    expect(single.items[0]!.files).toEqual([{ slot: 'ca', fileName: 'ca.pem', status: 'included' }]);
    const wrapped = unwrap(
      await transfer.preview({ text: JSON.stringify({ version: '1.9.0', connections: [one, { ...one, name: 'Duo' }] }) }),
    );
    expect(wrapped.items.map((i) => i.name)).toEqual(['Solo', 'Duo']);
    expect(await transfer.preview({ text: '[]' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-file', message: expect.stringMatching(/holds no connections/) },
    });
  });
});

describe('MQTT X import of deeply nested collections', () => {
  it('reads a connection 100,000 collections deep, with a bounded group name', async () => {
    // Built as text: a nested object this deep is also out of JSON.stringify's reach.
    const depth = 100_000;
    const open = '{"isCollection":true,"name":"c","children":['.repeat(depth);
    const close = ']}'.repeat(depth);
    const text = `[${open}{"name":"Deep device","host":"127.0.0.1","port":1883,"protocol":"mqtt"}${close}]`;
    const { transfer } = await setup(false);
    const preview = unwrap(await transfer.preview({ text, fileName: 'deep.json' }));
    expect(preview.items.map((i) => i.name)).toEqual(['Deep device']);
    expect(preview.items[0]!.groupName!.length).toBeLessThanOrEqual(200);
    expect(preview.items[0]!.groupName).toMatch(/^c \/ c \/ c/);
  });
});

describe('MQTT X import of huge values', () => {
  it('quotes at most 80 characters of a value in its messages', async () => {
    const { transfer } = await setup(false);
    const name = 'A'.repeat(5_000_000);
    const result = await transfer.preview({ text: JSON.stringify([{ name, port: 'x'.repeat(1000) }]), fileName: 'huge.json' });
    expect(result).toMatchObject({
      ok: false,
      error: { message: `No connection of this MQTT X export could be imported: "${'A'.repeat(80)}…" was skipped: it names no host.` },
    });
  });
});

describe('MQTT X import of files that are not certificates', () => {
  it('refuses a key named as the CA and a file without a certificate named as the client certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyhole-mqttx-'));
    dirs.push(dir);
    await writeFile(join(dir, 'id_rsa'), KEY_PEM);
    await writeFile(join(dir, 'notes.txt'), 'not a certificate\n');
    await writeFile(join(dir, 'client.key'), KEY_PEM);
    const text = JSON.stringify([
      {
        name: 'Odd files',
        host: '127.0.0.1',
        port: 8883,
        protocol: 'mqtts',
        ssl: true,
        certType: 'self',
        ca: join(dir, 'id_rsa'),
        cert: join(dir, 'notes.txt'),
        key: join(dir, 'client.key'),
      },
    ]);
    const { transfer } = await setup(true);
    const preview = unwrap(await transfer.preview({ text, fileName: 'odd.json' }));
    const files = preview.items[0]!.files;
    expect(files.find((f) => f.slot === 'ca')).toMatchObject({
      status: 'unreadable',
      reason: expect.stringMatching(/not a CA certificate file/),
    });
    expect(files.find((f) => f.slot === 'cert')).toMatchObject({
      status: 'unreadable',
      reason: expect.stringMatching(/holds no certificate/),
    });
    expect(files.find((f) => f.slot === 'key')).toMatchObject({ status: 'included' });
  });
});

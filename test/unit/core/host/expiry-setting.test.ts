// The certificate expiry warning period is an app setting: saved through the API, it decides
// the next attempt's findings (real preflight of a certificate valid for a year; nothing
// listens on port 1, so each attempt ends at TCP after preflight).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppCore, type AppCore } from '../../../../electron/core/host/app-core';
import type { ConnectReport } from '../../../../shared/connect/report';
import { defaultSettings } from '../../../../shared/connect/settings';
import type { MaterialRef } from '../../../../shared/profile/profile';
import { makePki, type TestPki } from '../../../support/pki';

let dir: string;
let pki: TestPki;
let core: AppCore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-expiry-'));
  pki = await makePki(join(dir, 'pki'));
  core = await openAppCore({ dataDir: join(dir, 'data'), host: 'web', version: 'test', send: () => undefined, allowPathImport: false });
}, 60_000);

afterAll(async () => {
  await core?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function value<T>(channel: string, payload: unknown): Promise<T> {
  const r = await core.api.dispatch(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

const imported = async (slot: 'ca' | 'cert' | 'key', path: string) =>
  value<MaterialRef>('files:import', {
    slot,
    file: { source: 'bytes', fileName: path.split('/').pop(), base64: (await readFile(path)).toString('base64') },
  });

describe('the expiry warning period', () => {
  it('is 30 days by default and, once changed in the settings, decides the next report', async () => {
    const profile = await value<{ id: string }>('profiles:save', {
      name: 'Expiring device',
      groupId: null,
      settings: defaultSettings({
        host: '127.0.0.1',
        port: 1,
        clientId: 'expiry',
        timeouts: { resolve: 2000, tcp: 2000, tls: 2000, connack: 2000, access: 2000 },
      }),
      material: {
        ca: [await imported('ca', pki.ca.cert)],
        cert: await imported('cert', pki.clientGood.cert),
        key: await imported('key', pki.clientGood.key),
        pfx: null,
      },
    });
    const attempt = async () =>
      (await value<{ state: { report: ConnectReport } }>('connection:connect', { profileId: profile.id })).state.report;

    expect((await value<{ certExpiryWarningDays: number }>('settings:get', {})).certExpiryWarningDays).toBe(30);
    const before = await attempt();
    expect(before.cause).toBe('tcp-refused');
    expect(before.warnings.map((w) => w.code)).not.toContain('client-cert-expiring-soon');

    // The test certificate is valid for a year: within 400 days of its end.
    await value('settings:save', { certExpiryWarningDays: 400 });
    const after = await attempt();
    expect(after.warnings.map((w) => w.code)).toContain('client-cert-expiring-soon');

    await value('settings:save', { certExpiryWarningDays: 0 });
    expect((await attempt()).warnings.map((w) => w.code)).not.toContain('client-cert-expiring-soon');
  });

  it('refuses a period outside 0 to 3650 days', async () => {
    const r = await core.api.dispatch('settings:save', { certExpiryWarningDays: -1 });
    expect(r.ok).toBe(false);
  });
});

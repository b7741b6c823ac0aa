// A profile as a user makes it in the app: files imported by bytes, saved, secrets set. Used by
// the round-trip, CLI and secret-scan tests against a real mosquitto with mTLS and a password file.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { defaultSettings } from '../../../shared/connect/settings';
import type { ApiResult } from '../../../shared/ipc/contract';
import type { MaterialRef, Profile } from '../../../shared/profile/profile';
import type { AppCore } from '../../../electron/core/host/app-core';
import type { MosquittoOptions } from '../mosquitto';
import { KEY_PASSPHRASE, type TestPki } from '../pki';

export const MQTT_USER = 'device-user';
export const MQTT_PASSWORD = 'store-test-mqtt-password-3b9e';
export const DEVICE = 'Device 1 (mTLS)';

/** mosquitto asking for a client certificate from the test CA and a password from its password file. */
export const brokerOptions = (pki: TestPki): MosquittoOptions => ({
  tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true },
  users: { [MQTT_USER]: MQTT_PASSWORD },
});

export function value<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function importPath(core: AppCore, slot: 'ca' | 'cert' | 'key' | 'pfx', path: string): Promise<MaterialRef> {
  const bytes = await readFile(path);
  return value(
    await core.api.call('files:import', { slot, file: { source: 'bytes', fileName: basename(path), base64: bytes.toString('base64') } }),
  );
}

/** Saves the device profile (CA, client certificate, encrypted PKCS#8 key) with its key passphrase and MQTT password. */
export async function addDevice(core: AppCore, pki: TestPki, port: number, name = DEVICE): Promise<Profile> {
  const ca = await importPath(core, 'ca', pki.ca.cert);
  const cert = await importPath(core, 'cert', pki.clientGood.cert);
  const key = await importPath(core, 'key', pki.clientGoodFormats.keyPkcs8Encrypted);
  const settings = defaultSettings({
    host: '127.0.0.1',
    port,
    clientId: `keyhole-store-${Math.random().toString(16).slice(2, 8)}`,
    username: MQTT_USER,
  });
  const profile = value(
    await core.api.call('profiles:save', { name, groupId: null, settings, material: { ca: [ca], cert, key, pfx: null } }),
  );
  value(await core.api.call('secrets:set', { profileId: profile.id, passphrase: KEY_PASSPHRASE, password: MQTT_PASSWORD }));
  return profile;
}

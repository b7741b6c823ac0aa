// An app core in a temp data folder with one mutual-TLS profile, and the events it sent: the
// host as the web host runs it, for integration tests against a real broker.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { defaultSettings, type ConnectSettings } from '../../shared/connect/settings';
import type { EventEnvelope } from '../../shared/ipc/contract';
import type { MaterialRef } from '../../shared/profile/profile';
import { openAppCore, type AppCore } from '../../electron/core/host/app-core';
import type { PkiCert, TestPki } from './pki';

/** The value of a Result, or a thrown error with its message. */
export const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** Waits until `check` holds, polling every 20 ms. */
export async function until(check: () => boolean, what: string, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function importFile(c: AppCore, slot: 'ca' | 'cert' | 'key', path: string): Promise<MaterialRef> {
  const base64 = (await readFile(path)).toString('base64');
  return value(await c.api.call('files:import', { slot, file: { source: 'bytes', fileName: basename(path), base64 } }));
}

export interface TestHost {
  core: AppCore;
  /** Every event the host sent, in order. */
  sent: EventEnvelope[];
  /** Adds a profile for `client` (CA, certificate, key imported) against 127.0.0.1:`port`. */
  addProfile(port: number, client: PkiCert, overrides?: Partial<ConnectSettings>): Promise<string>;
}

/** Opens a host with its data in a fresh folder under `dir` (or in `dataDir`, to open one again); close it with `core.close()`. */
export async function openTestHost(dir: string, pki: TestPki, options: { dataDir?: string } = {}): Promise<TestHost> {
  const sent: EventEnvelope[] = [];
  const core = await openAppCore({
    dataDir: options.dataDir ?? join(dir, `data-${Math.random().toString(16).slice(2)}`),
    host: 'web',
    version: 'test',
    allowPathImport: false,
    send: (envelope) => sent.push(envelope),
  });
  return {
    core,
    sent,
    async addProfile(port, client, overrides = {}) {
      const material = {
        ca: [await importFile(core, 'ca', pki.ca.cert)],
        cert: await importFile(core, 'cert', client.cert),
        key: await importFile(core, 'key', client.key),
        pfx: null,
      };
      const settings = defaultSettings({
        host: '127.0.0.1',
        port,
        clientId: `keyhole-it-${Math.random().toString(16).slice(2, 10)}`,
        ...overrides,
      });
      return value(await core.api.call('profiles:save', { name: client.commonName, groupId: null, settings, material })).id;
    },
  };
}

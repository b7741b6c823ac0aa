import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import type { AppInfo } from '../../../../shared/ipc/contract';
import { EMPTY_MATERIAL } from '../../../../shared/profile/profile';
import { createApi, type ApiDeps } from '../../../../electron/core/host/api';
import { createConnectionManager } from '../../../../electron/core/host/connection-manager';
import { openProfileService, type ProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../../electron/core/store/store-data';

const INFO: AppInfo = {
  name: 'Keyhole',
  version: '1',
  host: 'web',
  platform: 'linux',
  versions: {},
  capabilities: { nativeFilePicker: false, pathImport: false },
  dataDir: '/d',
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-api-'));
  await writeFile(join(dir, 'note.txt'), 'not a certificate');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeApi(overrides: Partial<ApiDeps> = {}, wrap: (s: ProfileService) => ProfileService = (s) => s) {
  const profiles = wrap(await openProfileService({ store: createMemoryStore() }));
  const errors: string[] = [];
  const connections = createConnectionManager({
    probe: () => Promise.reject(new Error('unused')),
    resolve: (id) => profiles.resolve(id),
    emit: () => undefined,
  });
  const api = createApi({ profiles, connections, info: () => INFO, allowPathImport: false, logError: (m) => errors.push(m), ...overrides });
  return { api, errors };
}

describe('createApi dispatch', () => {
  it('refuses unknown channels and malformed requests as values, saying where', async () => {
    const { api } = await makeApi();
    expect(await api.dispatch('profiles:explode', {})).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await api.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const bad = await api.dispatch('mqtt:publish', { profileId: 'p', topic: '', payload: 1, encoding: 'utf8', qos: 3, retain: false });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['payload', 'qos', 'topic']);
  });

  it('answers with the contract shape only, stripping anything extra', async () => {
    const { api } = await makeApi({}, (s) => ({
      ...s,
      listProfiles: () => s.listProfiles().map((p) => ({ ...p, passwordValue: 'leak' })),
    }));
    const saved = await api.dispatch('profiles:save', {
      name: 'P',
      groupId: null,
      settings: defaultSettings({ host: 'h' }),
      material: EMPTY_MATERIAL,
    });
    expect(saved.ok).toBe(true);
    const list = await api.dispatch('profiles:list', {});
    expect(JSON.stringify(list)).not.toContain('leak');
  });

  it('turns a throwing handler into an internal error value', async () => {
    const { api, errors } = await makeApi({
      info: () => {
        throw new Error('boom');
      },
    });
    expect(await api.dispatch('app:info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'app:info failed: boom' } });
    expect(errors).toEqual(['app:info failed']);
  });

  it('has no file dialog or path reading where the host has none', async () => {
    const { api } = await makeApi();
    expect(await api.dispatch('files:pick', { slot: 'ca' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await api.dispatch('files:import', { slot: 'ca', file: { source: 'path', path: join(dir, 'note.txt') } })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });

  it('reads the picked file, and says when the dialog was cancelled', async () => {
    let answer: string | null = join(dir, 'note.txt');
    const { api } = await makeApi({ pickFile: async () => answer });
    const picked = await api.dispatch('files:pick', { slot: 'ca' });
    expect(picked).toMatchObject({ ok: true, value: { slot: 'ca', fileName: 'note.txt', kind: 'unknown' } });
    answer = null;
    expect(await api.dispatch('files:pick', { slot: 'ca' })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('answers not-found and not-connected for profiles and connections that do not exist', async () => {
    const { api } = await makeApi();
    expect(await api.dispatch('connection:connect', { profileId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await api.dispatch('reports:history', { profileId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(
      await api.dispatch('mqtt:publish', { profileId: 'nope', topic: 't', payload: '', encoding: 'utf8', qos: 0, retain: false }),
    ).toMatchObject({ ok: false, error: { code: 'not-connected' } });
    expect(await api.dispatch('connection:disconnect', { profileId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-connected' },
    });
    expect(await api.dispatch('connection:list', {})).toEqual({ ok: true, value: [] });
  });
});

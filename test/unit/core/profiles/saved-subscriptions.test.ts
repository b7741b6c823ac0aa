// Each profile's subscriptions, kept with it in the store: in list order, surviving a restart of
// the store (the JSON file), written only when they change, dropped with their profile, and a
// damaged entry on disk costs that entry only.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../../../shared/profile/profile';
import type { SavedSubscription } from '../../../../shared/profile/saved-subscription';
import { openProfileService, type ProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { useTempDirs, unwrap } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const open = (dir: string): Promise<ProfileService> => openProfileService({ store: createJsonFileStore(dir) });
const withProfile = async (service: ProfileService, name = 'p') =>
  unwrap(await service.saveProfile({ name, groupId: null, settings: defaultSettings({ host: 'broker.test' }), material: EMPTY_MATERIAL }))
    .id;

const LIST: SavedSubscription[] = [
  { topic: 'devices/+/status', qos: 1, color: '#1c7ed6', alias: 'Status', format: 'json', noLocal: true, subscriptionIdentifier: 7 },
  { topic: 'devices/#', qos: 0, retainHandling: 2, retainAsPublished: true, disabled: true, code: 0, codeName: 'Granted QoS 0' },
];

describe('saved subscriptions', () => {
  it('keeps the list in order with every option, and reads it back after a restart', async () => {
    const dir = await tempDir();
    const service = await open(dir);
    const id = await withProfile(service);
    expect(service.savedSubscriptions(id)).toEqual([]);
    unwrap(await service.saveSubscriptions(id, LIST));
    await service.flush();
    const onDisk = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as { schemaVersion: number; subscriptions: unknown };
    expect(onDisk.schemaVersion).toBeGreaterThanOrEqual(7);
    expect(onDisk.subscriptions).toEqual({ [id]: LIST });

    const again = await open(dir);
    expect(again.savedSubscriptions(id)).toEqual(LIST);
  });

  it('writes nothing when the list did not change, and the last of several quick changes wins', async () => {
    const dir = await tempDir();
    const service = await open(dir);
    const id = await withProfile(service);
    unwrap(await service.saveSubscriptions(id, LIST));
    await service.flush();
    const file = join(dir, 'profiles.json');
    const before = await readFile(file, 'utf8');
    unwrap(await service.saveSubscriptions(id, structuredClone(LIST)));
    await service.flush();
    // savedAt would change with any write.
    expect(await readFile(file, 'utf8')).toBe(before);

    // Queued: A → [] → A again must end in A, though A is what is stored while the others wait.
    const writes = [service.saveSubscriptions(id, []), service.saveSubscriptions(id, LIST)];
    await Promise.all(writes);
    await service.flush();
    expect((await open(dir)).savedSubscriptions(id)).toEqual(LIST);
  });

  it('drops them with the profile, refuses an unknown profile, and bounds the list', async () => {
    const dir = await tempDir();
    const service = await open(dir);
    const id = await withProfile(service);
    const other = await withProfile(service, 'other');
    unwrap(await service.saveSubscriptions(id, LIST));
    unwrap(await service.saveSubscriptions(other, LIST.slice(0, 1)));
    unwrap(await service.deleteProfile(id));
    expect(service.savedSubscriptions(id)).toEqual([]);
    expect(service.savedSubscriptions(other)).toHaveLength(1);
    const missing = await service.saveSubscriptions('no-such-profile', LIST);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const many = Array.from({ length: 250 }, (_, i) => ({ topic: `t/${i}`, qos: 0 as const }));
    expect(unwrap(await service.saveSubscriptions(other, many))).toHaveLength(200);
    await service.flush();
    const onDisk = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as { subscriptions: Record<string, unknown[]> };
    expect(Object.keys(onDisk.subscriptions)).toEqual([other]);
  });

  it('a damaged entry on disk is dropped on load; the others stay', async () => {
    const dir = await tempDir();
    const service = await open(dir);
    const id = await withProfile(service);
    unwrap(await service.saveSubscriptions(id, LIST));
    await service.flush();
    const file = join(dir, 'profiles.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { subscriptions: Record<string, unknown[]> };
    doc.subscriptions[id]!.splice(1, 0, { topic: '', qos: 7 });
    await writeFile(file, JSON.stringify(doc));
    const again = await open(dir);
    expect(again.problem).toBeNull();
    expect(again.savedSubscriptions(id)).toEqual(LIST);
  });
});

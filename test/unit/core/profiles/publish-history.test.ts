// Each profile's publish history: newest first, the same publish counted rather than repeated,
// bounded, dropped with its profile, and kept across a restart of the store (the JSON file).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../../../shared/profile/profile';
import { MAX_HISTORY_PAYLOAD_CHARS, MAX_PUBLISH_HISTORY } from '../../../../shared/profile/publish-history';
import { openProfileService, type ProfileService } from '../../../../electron/core/profiles/profile-service';
import type { PublishRecord } from '../../../../electron/core/profiles/publish-history-ops';
import { CURRENT_SCHEMA_VERSION } from '../../../../electron/core/store/document';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { useTempDirs, unwrap } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const publish = (topic: string, payload = 'x', extra: Partial<PublishRecord> = {}): PublishRecord => ({
  topic,
  payload,
  encoding: 'utf8',
  qos: 1,
  retain: false,
  ...extra,
});

async function open(dir: string): Promise<ProfileService> {
  return openProfileService({ store: createJsonFileStore(dir) });
}

async function withProfile(service: ProfileService, name = 'p'): Promise<string> {
  return unwrap(
    await service.saveProfile({ name, groupId: null, settings: defaultSettings({ host: 'broker.test' }), material: EMPTY_MATERIAL }),
  ).id;
}

describe('publish history', () => {
  it('keeps publishes newest first, counts the same one again, and survives a restart', async () => {
    const dir = await tempDir();
    const service = await open(dir);
    const id = await withProfile(service);
    unwrap(await service.addPublish(id, publish('a')));
    unwrap(await service.addPublish(id, publish('b', 'y', { properties: { contentType: 'text/plain' } })));
    unwrap(await service.addPublish(id, publish('a')));
    const list = unwrap(service.publishHistory(id));
    expect(list.map((e) => [e.topic, e.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    // Another QoS is another publish.
    unwrap(await service.addPublish(id, publish('a', 'x', { qos: 0 })));
    expect(unwrap(service.publishHistory(id)).map((e) => [e.topic, e.qos])).toEqual([
      ['a', 0],
      ['a', 1],
      ['b', 1],
    ]);
    await service.flush();
    const again = await open(dir);
    expect(unwrap(again.publishHistory(id))).toEqual(unwrap(service.publishHistory(id)));
    expect(unwrap(again.publishHistory(id))[2]?.properties).toEqual({ contentType: 'text/plain' });
    const onDisk = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as { schemaVersion: number; publishes: object };
    expect(onDisk.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(Object.keys(onDisk.publishes)).toEqual([id]);
  });

  it(`keeps at most ${MAX_PUBLISH_HISTORY} and no payload over the limit`, async () => {
    const service = await open(await tempDir());
    const id = await withProfile(service);
    for (let i = 0; i < MAX_PUBLISH_HISTORY + 5; i++) unwrap(await service.addPublish(id, publish(`t/${i}`)));
    const list = unwrap(service.publishHistory(id));
    expect(list).toHaveLength(MAX_PUBLISH_HISTORY);
    expect(list[0]?.topic).toBe(`t/${MAX_PUBLISH_HISTORY + 4}`);
    expect(unwrap(await service.addPublish(id, publish('big', 'x'.repeat(MAX_HISTORY_PAYLOAD_CHARS + 1))))).toBeNull();
    expect(unwrap(service.publishHistory(id))[0]?.topic).toBe(`t/${MAX_PUBLISH_HISTORY + 4}`);
  });

  it('forgets one entry or all, and goes with its profile', async () => {
    const service = await open(await tempDir());
    const id = await withProfile(service);
    unwrap(await service.addPublish(id, publish('a')));
    unwrap(await service.addPublish(id, publish('b')));
    const [b] = unwrap(service.publishHistory(id));
    expect(unwrap(await service.forgetPublishes(id, b!.id)).map((e) => e.topic)).toEqual(['a']);
    expect(unwrap(await service.forgetPublishes(id))).toEqual([]);
    unwrap(await service.addPublish(id, publish('c')));
    unwrap(await service.deleteProfile(id));
    expect(service.publishHistory(id)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(unwrap(await service.addPublish(id, publish('d')))).toBeNull();
  });
});

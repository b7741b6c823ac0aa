import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import type { ExportResult } from '../../../../shared/profile/transfer';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appInfo, profile, report } from '../../../support/renderer/fixtures';

const exported: ExportResult = {
  fileName: 'Device-1.keyhole.json',
  json: '{"format":"keyhole-profiles"}',
  profiles: 1,
  missingSecrets: [{ profileId: 'a', name: 'Device 1', missing: ['private-key'] }],
};

function recorder() {
  const downloads: { fileName: string; text: string; mime: string }[] = [];
  return { downloads, download: (fileName: string, text: string, mime: string) => void downloads.push({ fileName, text, mime }) };
}

describe('transfer slice', () => {
  it('downloads the export in a browser', async () => {
    const host = fakeHost({ 'app:info': () => okValue(appInfo()), 'transfer:export': () => okValue(exported) });
    const rec = recorder();
    const store = createAppStore(host.api, { download: rec.download });
    await store.getState().loadAppInfo();
    const r = await store.getState().exportProfiles({ profileIds: ['a'], withSecrets: false });
    expect(r).toEqual({
      ok: true,
      value: { kind: 'downloaded', fileName: 'Device-1.keyhole.json', profiles: 1, missingSecrets: exported.missingSecrets },
    });
    expect(rec.downloads).toEqual([{ fileName: 'Device-1.keyhole.json', text: exported.json, mime: 'application/json' }]);
    expect(host.calls.at(-1)).toEqual({ channel: 'transfer:export', request: { profileIds: ['a'], withSecrets: false } });
  });

  it('uses the save dialog where the host has one, and downloads nothing', async () => {
    const host = fakeHost({
      'app:info': () => okValue(appInfo({ host: 'electron' }, { nativeFilePicker: true, pathImport: true, saveDialog: true })),
      'transfer:save': (req) =>
        okValue({
          path: '/home/me/lab.keyhole.json',
          fileName: 'lab.keyhole.json',
          profiles: 2,
          missingSecrets: req.withSecrets ? [] : exported.missingSecrets,
        }),
    });
    const rec = recorder();
    const store = createAppStore(host.api, { download: rec.download });
    await store.getState().loadAppInfo();
    const r = await store.getState().exportProfiles({ withSecrets: true, passphrase: 'a long passphrase' });
    expect(r.ok && r.value).toMatchObject({ kind: 'saved', path: '/home/me/lab.keyhole.json', profiles: 2 });
    expect(rec.downloads).toEqual([]);
    expect(host.calls.map((c) => c.channel)).toEqual(['app:info', 'transfer:save']);
  });

  it('passes a cancelled save dialog and a refused export back as values', async () => {
    const host = fakeHost({
      'app:info': () => okValue(appInfo({}, { saveDialog: true })),
      'transfer:save': () => ({ ok: false, error: { code: 'cancelled', message: 'The export was not saved.' } }),
    });
    const store = createAppStore(host.api, { download: recorder().download });
    await store.getState().loadAppInfo();
    const r = await store.getState().exportProfiles({ withSecrets: false });
    expect(r.ok ? null : r.error.code).toBe('cancelled');
  });

  it('applies an import, reads the lists again and forgets what it knew of replaced profiles', async () => {
    let profiles = [profile('a'), profile('b')];
    const host = fakeHost({
      'profiles:list': () => okValue(profiles),
      'groups:list': () => okValue([]),
      'transfer:apply': () => {
        profiles = [profile('a', { name: 'Replaced A' }), profile('b'), profile('c')];
        return okValue({
          added: [{ key: 'k2', profileId: 'c', name: 'Profile c' }],
          replaced: [{ key: 'k1', profileId: 'a', name: 'Replaced A' }],
          skipped: [],
        });
      },
    });
    const store = createAppStore(host.api);
    await store.getState().loadProfiles();
    for (const id of ['a', 'b']) {
      const failed = report('tcp-refused');
      store.getState().applyConnectionInfo({ profileId: id, state: { status: 'failed', report: failed }, subscriptions: [] });
      store.getState().applyReportAdded({ profileId: id, report: failed });
    }
    const r = await store.getState().applyImport({ token: 't', choices: [{ key: 'k1', choice: 'replace' }] });
    expect(r.ok).toBe(true);
    expect(store.getState().profiles.map((p) => p.name)).toEqual(['Replaced A', 'Profile b', 'Profile c']);
    expect(store.getState().reports.a).toBeUndefined();
    expect(store.getState().connections.a).toBeUndefined();
    expect(store.getState().reports.b).toHaveLength(1);
  });

  it('changes nothing when the host refuses to apply', async () => {
    const host = fakeHost({
      'transfer:apply': () => ({ ok: false, error: { code: 'not-found', message: 'This import preview has expired.' } }),
    });
    const store = createAppStore(host.api);
    const r = await store.getState().applyImport({ token: 't' });
    expect(r.ok ? null : r.error.code).toBe('not-found');
    expect(host.calls.map((c) => c.channel)).toEqual(['transfer:apply']);
  });
});

// The certificate slice against a fake host whose answers are real workbench answers (made by
// the core on a memory store), so the shapes are the host's own.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../../electron/core/store/store-data';
import { createWorkbenchService } from '../../../../electron/core/workbench/workbench-service';
import { DOWNLOAD_PATH } from '../../../../shared/certs/workbench';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appInfo } from '../../../support/renderer/fixtures';

const WINDOW = {
  notBefore: new Date(Date.now() - 86_400_000).toISOString(),
  notAfter: new Date(Date.now() + 30 * 86_400_000).toISOString(),
};

async function realWorkbench() {
  const profiles = await openProfileService({ store: createMemoryStore() });
  return { profiles, workbench: createWorkbenchService({ profiles }) };
}

describe('certs slice', () => {
  it('keeps the CA list in step with what the host answers, and hears batch progress', async () => {
    const { workbench } = await realWorkbench();
    const host = fakeHost({
      'certs:list': () => okValue(workbench.listCas()),
      'certs:createCa': async (r) => workbench.createCa(r),
      'certs:issue': async (r) => workbench.issue(r),
      'certs:batch': async (r) => {
        host.emit('certs:batchProgress', { caId: r.caId, progress: { done: 1, total: 2, elapsedMs: 5, rate: 200 } });
        expect(store.getState().batchProgress).toMatchObject({ done: 1, total: 2 });
        return workbench.batch(r, () => undefined);
      },
    });
    const store = createAppStore(host.api);
    const { startEventBridge } = await import('../../../../renderer/store/event-bridge');
    startEventBridge(host.api, store);
    await store.getState().loadCas();
    expect(store.getState()).toMatchObject({ cas: [], casStatus: 'ready' });
    const made = await store.getState().createCa({ subject: { commonName: 'Slice CA' }, key: 'ec-p256', validity: WINDOW });
    if (!made.ok) throw new Error(made.error.message);
    expect(store.getState().cas.map((c) => c.record.commonName)).toEqual(['Slice CA']);
    const issued = await store.getState().issueIdentity({
      caId: made.value.ca.id,
      profile: 'client',
      subject: { commonName: 'device-1' },
      key: 'ec-p256',
      validity: WINDOW,
    });
    expect(issued.ok).toBe(true);
    expect(store.getState().cas[0]!.record.issued.map((r) => r.commonName)).toEqual(['device-1']);
    const batch = await store.getState().runBatch({ caId: made.value.ca.id, batch: { count: 2, validity: WINDOW } });
    expect(batch.ok).toBe(true);
    expect(store.getState().batchProgress).toBeNull();
    expect(store.getState().cas[0]!.record.issued).toHaveLength(3);
    // Nothing the renderer holds is a key.
    expect(JSON.stringify(store.getState().cas)).not.toContain('PRIVATE KEY');
  });

  it('downloads an output from the host in a browser, and asks for a folder where the host has a dialog', async () => {
    const { workbench } = await realWorkbench();
    const made = await workbench.createCa({ subject: { commonName: 'Out CA' }, key: 'ec-p256', validity: WINDOW });
    if (!made.ok) throw new Error(made.error.message);
    const urls: string[] = [];
    const web = fakeHost({ 'app:info': () => okValue(appInfo()) });
    const store = createAppStore(web.api, { downloadUrl: (url) => void urls.push(url) });
    await store.getState().loadAppInfo();
    const r = await store.getState().saveOutput(made.value.output);
    expect(r).toEqual({ ok: true, value: { kind: 'download', fileName: 'Out_CA-ca.zip' } });
    expect(urls).toEqual([`${DOWNLOAD_PATH}${made.value.output.id}`]);
    expect(web.calls.map((c) => c.channel)).not.toContain('certs:saveOutput');

    const desktop = fakeHost({
      'app:info': () => okValue(appInfo({ host: 'electron' }, { nativeFilePicker: true, pathImport: true, saveFolder: true })),
      'certs:saveOutput': () => okValue({ folder: '/home/me/lab', files: 5 }),
    });
    const store2 = createAppStore(desktop.api, { downloadUrl: (url) => void urls.push(url) });
    await store2.getState().loadAppInfo();
    expect(await store2.getState().saveOutput(made.value.output)).toEqual({
      ok: true,
      value: { kind: 'folder', folder: '/home/me/lab', files: 5 },
    });
    expect(urls).toHaveLength(1);
  });

  it('makes a profile and shows it in Connections', async () => {
    const { workbench } = await realWorkbench();
    const ca = await workbench.createCa({ subject: { commonName: 'P CA' }, key: 'ec-p256', validity: WINDOW });
    if (!ca.ok) throw new Error(ca.error.message);
    const device = await workbench.issue({
      caId: ca.value.ca.id,
      profile: 'client',
      subject: { commonName: 'dev' },
      key: 'ec-p256',
      validity: WINDOW,
    });
    if (!device.ok) throw new Error(device.error.message);
    const host = fakeHost({ 'certs:makeProfile': async (r) => workbench.makeProfile(r) });
    const store = createAppStore(host.api);
    store.getState().setSection('certificates');
    const r = await store.getState().makeProfile({ caId: ca.value.ca.id, serialNumber: device.value.serialNumber });
    if (!r.ok) throw new Error(r.error.message);
    expect(store.getState().section).toBe('connections');
    expect(store.getState().view).toEqual({ kind: 'connection', profileId: r.value.id });
    expect(store.getState().profiles.map((p) => p.name)).toEqual(['dev']);
  });
});

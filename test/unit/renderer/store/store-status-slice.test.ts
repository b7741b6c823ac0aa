import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { startEventBridge } from '../../../../renderer/store/event-bridge';
import { PREF } from '../../../../renderer/store/settings-slice';
import { storeNotices } from '../../../../renderer/store/store-status-slice';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appSettings, recovery, storeStatus } from '../../../support/renderer/fixtures';

const locked = { count: 2, profiles: [{ id: 'a', name: 'Device A' }], reason: 'The key file was replaced.' };

describe('storeNotices', () => {
  it('says nothing about a healthy store', () => {
    expect(storeNotices(null)).toEqual([]);
    expect(storeNotices(storeStatus())).toEqual([]);
  });

  it('lists what the state calls for, most serious first', () => {
    const status = storeStatus({
      readOnly: { reason: 'The damaged store could not be copied aside.' },
      recoveredFrom: recovery({ path: null }),
      lockedSecrets: locked,
      secretBackend: { kind: 'safe-storage', secure: false, warning: 'No keyring: secrets are only obfuscated (basic_text).' },
    });
    expect(storeNotices(status).map((n) => n.kind)).toEqual(['read-only', 'recovered', 'locked-secrets', 'insecure-secrets']);
  });

  it('keeps a recovery notice until that very recovery is dismissed', () => {
    const status = storeStatus({ recoveredFrom: recovery({ at: '2025-06-02T00:00:00.000Z' }) });
    expect(storeNotices(status, { [PREF.dismissedRecovery]: '2025-06-01T00:00:00.000Z' }).map((n) => n.kind)).toEqual(['recovered']);
    expect(storeNotices(status, { [PREF.dismissedRecovery]: '2025-06-02T00:00:00.000Z' })).toEqual([]);
  });

  it('warns about insecure secret storage until acknowledged for that backend', () => {
    const status = storeStatus({ secretBackend: { kind: 'safe-storage', secure: false, warning: 'basic_text' } });
    expect(storeNotices(status).map((n) => n.kind)).toEqual(['insecure-secrets']);
    expect(storeNotices(status, { [PREF.dismissedInsecureSecrets]: 'safe-storage' })).toEqual([]);
    expect(storeNotices(status, { [PREF.dismissedInsecureSecrets]: 'key-file' })).toHaveLength(1);
  });

  it('leaves a secure backend’s warning to the locked-secrets notice that explains it', () => {
    const backend = { kind: 'key-file' as const, secure: true, warning: 'The key file is missing.', detail: '/data/secret.key' };
    expect(storeNotices(storeStatus({ secretBackend: backend })).map((n) => n.kind)).toEqual(['insecure-secrets']);
    expect(storeNotices(storeStatus({ secretBackend: backend, lockedSecrets: locked })).map((n) => n.kind)).toEqual(['locked-secrets']);
    // An insecure backend is always worth saying, locked secrets or not.
    expect(storeNotices(storeStatus({ secretBackend: { ...backend, secure: false }, lockedSecrets: locked })).map((n) => n.kind)).toEqual([
      'locked-secrets',
      'insecure-secrets',
    ]);
  });

  it('never hides locked secrets or a read-only store', () => {
    const status = storeStatus({ readOnly: { reason: 'x' }, lockedSecrets: locked });
    expect(storeNotices(status, { [PREF.dismissedRecovery]: 'anything', [PREF.dismissedInsecureSecrets]: 'key-file' })).toHaveLength(2);
  });
});

describe('store status slice', () => {
  it('loads the status and follows its event', async () => {
    const host = fakeHost({ 'store:status': () => okValue(storeStatus({ recoveredFrom: recovery() })) });
    const store = createAppStore(host.api);
    startEventBridge(host.api, store);
    await store.getState().loadStoreStatus();
    expect(store.getState().storeStatus?.recoveredFrom?.path).toBe('/data/profiles.corrupt-2025-06-01T12-00-00-000Z.json');
    host.emit('store:status', storeStatus({ lockedSecrets: locked }));
    expect(store.getState().storeStatus?.recoveredFrom).toBeUndefined();
    expect(store.getState().storeStatus?.lockedSecrets?.count).toBe(2);
  });

  it('discards locked secrets and reads the status again', async () => {
    let status = storeStatus({ lockedSecrets: locked });
    const host = fakeHost({
      'store:status': () => okValue(status),
      'store:discardLockedSecrets': () => {
        status = storeStatus();
        return okValue({ count: 2 });
      },
    });
    const store = createAppStore(host.api);
    await store.getState().loadStoreStatus();
    const r = await store.getState().discardLockedSecrets();
    expect(r.ok && r.value.count).toBe(2);
    expect(host.calls.map((c) => c.channel)).toEqual(['store:status', 'store:discardLockedSecrets', 'store:status']);
    expect(store.getState().storeStatus?.lockedSecrets).toBeUndefined();
  });

  it('leaves the status alone when the host refuses to discard', async () => {
    const host = fakeHost({
      'store:status': () => okValue(storeStatus({ lockedSecrets: locked })),
      'store:discardLockedSecrets': () => ({ ok: false, error: { code: 'store-error', message: 'read-only' } }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadStoreStatus();
    const r = await store.getState().discardLockedSecrets();
    expect(r.ok).toBe(false);
    expect(store.getState().storeStatus?.lockedSecrets?.count).toBe(2);
  });

  it('remembers a dismissed recovery with the host, and hides it even when saving fails', async () => {
    const rec = recovery();
    const host = fakeHost({
      'store:status': () => okValue(storeStatus({ recoveredFrom: rec })),
      'settings:save': (patch) => okValue(appSettings(patch.ui as Record<string, string>)),
    });
    const store = createAppStore(host.api);
    await store.getState().loadStoreStatus();
    await store.getState().dismissRecoveryNotice();
    expect(host.calls.at(-1)).toEqual({ channel: 'settings:save', request: { ui: { dismissedRecovery: rec.at } } });
    expect(store.getState().settings?.ui.dismissedRecovery).toBe(rec.at);

    const refusing = fakeHost({
      'store:status': () => okValue(storeStatus({ recoveredFrom: rec })),
      'settings:save': () => ({ ok: false, error: { code: 'store-error', message: 'read-only' } }),
    });
    const other = createAppStore(refusing.api);
    await other.getState().loadStoreStatus();
    await other.getState().dismissRecoveryNotice();
    const s = other.getState();
    expect(storeNotices(s.storeStatus, { ...s.settings?.ui, ...s.noticeDismissals })).toEqual([]);
  });
});

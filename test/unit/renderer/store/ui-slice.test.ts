import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';

describe('ui slice', () => {
  it('navigates freely while nothing is unsaved', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().navigate({ kind: 'new', groupId: null });
    store.getState().navigate({ kind: 'connection', profileId: 'a' });
    expect(store.getState().view).toEqual({ kind: 'connection', profileId: 'a' });
  });

  it('asks before leaving an editor with unsaved changes', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().navigate({ kind: 'edit', profileId: 'a' });
    store.getState().setEditorDirty(true);
    store.getState().navigate({ kind: 'connection', profileId: 'b' });
    expect(store.getState().view).toEqual({ kind: 'edit', profileId: 'a' });
    expect(store.getState().pendingView).toEqual({ kind: 'connection', profileId: 'b' });

    store.getState().cancelDiscard();
    expect(store.getState().pendingView).toBeNull();
    expect(store.getState().view.kind).toBe('edit');

    store.getState().navigate({ kind: 'connection', profileId: 'b' });
    store.getState().confirmDiscard();
    expect(store.getState().view).toEqual({ kind: 'connection', profileId: 'b' });
    expect(store.getState().editorDirty).toBe(false);
  });

  it('answers "New connection" while a new connection is open with a nudge, not a new view', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().navigate({ kind: 'new', groupId: null });
    const view = store.getState().view;
    expect(store.getState().draftNudge).toBe(0);
    store.getState().navigate({ kind: 'new', groupId: null });
    expect(store.getState().draftNudge).toBe(1);
    expect(store.getState().view).toBe(view);
    // Any other view asked for twice is simply kept.
    store.getState().navigate({ kind: 'connection', profileId: 'a' });
    store.getState().navigate({ kind: 'connection', profileId: 'a' });
    expect(store.getState().draftNudge).toBe(1);
  });

  it('loads the host info and keeps notices', async () => {
    const host = fakeHost({
      'app:info': () =>
        okValue({
          name: 'Keyhole',
          version: '0.1.0',
          host: 'web',
          platform: 'linux',
          versions: {},
          capabilities: { nativeFilePicker: false, pathImport: false },
          dataDir: '/tmp/x',
        }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadAppInfo();
    expect(store.getState().appInfo?.host).toBe('web');
    store.getState().notify('green', 'Saved');
    store.getState().notify('red', 'Oops');
    expect(store.getState().notice).toMatchObject({ color: 'red', message: 'Oops', id: 2 });
    store.getState().dismissNotice();
    expect(store.getState().notice).toBeNull();
  });
});

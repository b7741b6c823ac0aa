import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { startEventBridge } from '../../../../renderer/store/event-bridge';
import { selectConnection } from '../../../../renderer/store/selectors';
import { fakeHost } from '../../../support/renderer/fake-api';
import { message, profile } from '../../../support/renderer/fixtures';

describe('event bridge', () => {
  it('feeds every host event into the store, and stops when asked', () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const stop = startEventBridge(host.api, store, (run) => {
      run();
      return () => undefined;
    });

    host.emit('connection:phase', { profileId: 'a', event: { attemptId: 'x', phase: 'preflight', state: 'started', atMs: 0 } });
    expect(selectConnection('a')(store.getState()).state.status).toBe('connecting');
    host.emit('connection:state', { profileId: 'a', state: { status: 'idle' }, subscriptions: [] });
    expect(selectConnection('a')(store.getState()).state.status).toBe('idle');
    host.emit('messages:batch', { messages: [message('a', 't')], dropped: {} });
    expect(store.getState().messageLogs.a?.buffer.size).toBe(1);
    host.emit('profiles:changed', { profiles: [profile('p')], groups: [] });
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['p']);

    stop();
    expect(host.listenerCount('messages:batch')).toBe(0);
    host.emit('messages:batch', { messages: [message('a', 't2')], dropped: {} });
    expect(store.getState().messageLogs.a?.buffer.size).toBe(1);
  });

  it('merges message batches into one store update per frame, and hands them on before any other event', () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const frames: (() => void)[] = [];
    startEventBridge(host.api, store, (run) => {
      frames.push(run);
      return () => frames.splice(frames.indexOf(run), 1);
    });
    let updates = 0;
    store.subscribe((now, before) => {
      if (now.messageLogs !== before.messageLogs) updates++;
    });
    for (let i = 0; i < 50; i++) host.emit('messages:batch', { messages: [message('a', `t${i}`)], dropped: i % 10 === 0 ? { a: 2 } : {} });
    expect(store.getState().messageLogs.a).toBeUndefined();
    expect(frames).toHaveLength(1);
    frames[0]?.();
    expect(updates).toBe(1);
    expect(store.getState().messageLogs.a?.buffer.size).toBe(50);
    expect(store.getState().messageLogs.a?.droppedByHost).toBe(10);

    host.emit('messages:batch', { messages: [message('a', 'last')], dropped: {} });
    host.emit('connection:state', { profileId: 'a', state: { status: 'idle' }, subscriptions: [] });
    expect(store.getState().messageLogs.a?.buffer.size).toBe(51);
    expect(frames).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { selectMessageLog, visibleMessages } from '../../../../renderer/store/selectors';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { message } from '../../../support/renderer/fixtures';

const topics = (s: ReturnType<ReturnType<typeof createAppStore>['getState']>, id: string) =>
  visibleMessages(selectMessageLog(id)(s)).map((m) => m.topic);

describe('messages slice', () => {
  it('splits a batch by connection and bumps each log version', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().appendMessages({ messages: [message('a', 't/1'), message('b', 't/2'), message('a', 't/3')], dropped: {} });
    expect(topics(store.getState(), 'a')).toEqual(['t/1', 't/3']);
    expect(topics(store.getState(), 'b')).toEqual(['t/2']);
    const v = store.getState().messageLogs.a?.version;
    store.getState().appendMessages({ messages: [message('a', 't/4')], dropped: {} });
    expect(store.getState().messageLogs.a?.version).toBe((v ?? 0) + 1);
  });

  it('is bounded by the configured history limit', () => {
    const store = createAppStore(fakeHost().api, { historyLimit: 3 });
    store.getState().appendMessages({ messages: ['1', '2', '3', '4', '5'].map((t) => message('a', t)), dropped: {} });
    expect(topics(store.getState(), 'a')).toEqual(['3', '4', '5']);
    store.getState().setHistoryLimit(2);
    expect(topics(store.getState(), 'a')).toEqual(['4', '5']);
  });

  it('counts what the host dropped', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().appendMessages({ messages: [], dropped: { a: 7 } });
    store.getState().appendMessages({ messages: [], dropped: { a: 3 } });
    expect(store.getState().messageLogs.a?.droppedByHost).toBe(10);
  });

  it('freezes the shown list while paused and counts what arrived', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().appendMessages({ messages: [message('a', 'before')], dropped: {} });
    store.getState().setPaused('a', true);
    store.getState().appendMessages({ messages: [message('a', 'during1'), message('a', 'during2')], dropped: {} });
    const log = store.getState().messageLogs.a!;
    expect(topics(store.getState(), 'a')).toEqual(['before']);
    expect(log.buffer.totalPushed - log.frozenPushed).toBe(2);
    store.getState().setPaused('a', false);
    expect(topics(store.getState(), 'a')).toEqual(['before', 'during1', 'during2']);
  });

  it('clears on the host and locally', async () => {
    const host = fakeHost({ 'messages:clear': (req) => okValue({ profileId: req.profileId }) });
    const store = createAppStore(host.api);
    store.getState().appendMessages({ messages: [message('a', 'x')], dropped: {} });
    await store.getState().clearMessages('a');
    expect(topics(store.getState(), 'a')).toEqual([]);
    expect(host.calls.map((c) => c.channel)).toEqual(['messages:clear']);
  });

  it('merges the host history with messages that arrived meanwhile, without duplicates', async () => {
    const m1 = message('a', 'h1');
    const m2 = message('a', 'h2');
    const m3 = message('a', 'live');
    const host = fakeHost();
    const store = createAppStore(host.api);
    host.handle('messages:history', () => {
      // m2 and m3 arrive by event while the history request is on its way.
      store.getState().appendMessages({ messages: [m2, m3], dropped: {} });
      return okValue([m1, m2]);
    });
    await store.getState().loadHistory('a');
    expect(topics(store.getState(), 'a')).toEqual(['h1', 'h2', 'live']);
  });
});

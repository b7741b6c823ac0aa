import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { selectConnection, selectShownReport } from '../../../../renderer/store/selectors';
import type { ConnectionInfo } from '../../../../shared/ipc/contract';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { profile, report } from '../../../support/renderer/fixtures';

const phase = (attemptId: string, p: 'preflight' | 'tcp' | 'tls', state: 'started' | 'passed' | 'failed') => ({
  profileId: 'a',
  event: { attemptId, phase: p, state, atMs: 1 },
});

describe('connections slice', () => {
  it('is idle until something happens', () => {
    const store = createAppStore(fakeHost().api);
    expect(selectConnection('a')(store.getState()).state).toEqual({ status: 'idle' });
  });

  it('shows connecting at once, lights phases from events, and ends in the host answer', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const accepted = report('ok');
    let finish!: (info: ConnectionInfo) => void;
    host.handle('connection:connect', () => new Promise((resolve) => (finish = (info) => resolve(okValue(info)))));
    host.handle('reports:history', () => okValue([]));

    const pending = store.getState().connect('a');
    expect(selectConnection('a')(store.getState()).state.status).toBe('connecting');

    store.getState().applyPhase(phase('x1', 'preflight', 'started'));
    store.getState().applyPhase(phase('x1', 'preflight', 'passed'));
    store.getState().applyPhase(phase('x1', 'tcp', 'started'));
    const mid = selectConnection('a')(store.getState());
    expect(mid.phases).toEqual({ preflight: { state: 'passed' }, tcp: { state: 'started' } });
    expect(mid.state.status === 'connecting' && mid.state.phase).toBe('tcp');

    finish({ profileId: 'a', state: { status: 'open', report: accepted, since: accepted.startedAt }, subscriptions: [] });
    const r = await pending;
    expect(r.ok).toBe(true);
    const done = selectConnection('a')(store.getState());
    expect(done.state.status).toBe('open');
    expect(selectShownReport('a')(store.getState())?.id).toBe(accepted.id);
    // Reports enter the history only by the host's `reports:added` event.
    expect(store.getState().reports.a).toBeUndefined();
  });

  it('ignores phase events that trail an attempt that already ended', () => {
    const store = createAppStore(fakeHost().api);
    const failed = report('tcp-refused');
    store.getState().applyConnectionInfo({ profileId: 'a', state: { status: 'failed', report: failed }, subscriptions: [] });
    store.getState().applyPhase(phase('x1', 'tcp', 'failed'));
    expect(selectConnection('a')(store.getState()).state.status).toBe('failed');
    // A new attempt (from another window) starts with preflight.
    store.getState().applyPhase(phase('x2', 'preflight', 'started'));
    expect(selectConnection('a')(store.getState()).state.status).toBe('connecting');
  });

  it('starts each attempt with fresh phase marks', () => {
    const store = createAppStore(fakeHost().api);
    store.getState().applyPhase(phase('x1', 'preflight', 'started'));
    store.getState().applyPhase(phase('x1', 'tcp', 'failed'));
    store.getState().applyConnectionInfo({ profileId: 'a', state: { status: 'failed', report: report('tcp-refused') }, subscriptions: [] });
    store.getState().applyPhase(phase('x2', 'preflight', 'started'));
    expect(selectConnection('a')(store.getState()).phases).toEqual({ preflight: { state: 'started' } });
  });

  it('puts the previous state back when the host refuses to start', async () => {
    const host = fakeHost({ 'connection:connect': () => ({ ok: false, error: { code: 'busy', message: 'already connecting' } }) });
    const store = createAppStore(host.api);
    const before = report('tcp-refused');
    store.getState().applyConnectionInfo({ profileId: 'a', state: { status: 'failed', report: before }, subscriptions: [] });
    const r = await store.getState().connect('a');
    expect(r.ok).toBe(false);
    const c = selectConnection('a')(store.getState());
    expect(c.state).toEqual({ status: 'failed', report: before });
    expect(c.lastError?.code).toBe('busy');
  });

  it('sends one-off secrets with the connect request only', async () => {
    const host = fakeHost({
      'connection:connect': (req) => okValue({ profileId: req.profileId, state: { status: 'idle' }, subscriptions: [] }),
    });
    const store = createAppStore(host.api);
    await store.getState().connect('a', { passphrase: 'once' });
    expect(host.calls[0]?.request).toEqual({ profileId: 'a', secrets: { passphrase: 'once' } });
    expect(JSON.stringify(store.getState().connections)).not.toContain('once');
  });

  it('subscribes with a colour, unsubscribes, and keeps a refusal as lastError', async () => {
    const host = fakeHost({
      'mqtt:subscribe': (req) => okValue({ topic: req.topic, qos: req.qos, code: req.qos, codeName: 'Granted', granted: true }),
      'mqtt:unsubscribe': (req) => okValue({ topic: req.topic, code: 0, codeName: 'Success' }),
      'mqtt:publish': () => ({ ok: false, error: { code: 'not-connected', message: 'not connected' } }),
    });
    const store = createAppStore(host.api);
    await store.getState().subscribe('a', { topic: 'a/#', qos: 1, color: '#123456' });
    expect(selectConnection('a')(store.getState()).subscriptions.map((s) => s.topic)).toEqual(['a/#']);
    expect(store.getState().subscriptionColors.a).toEqual({ 'a/#': '#123456' });
    // The colour rides with the subscription the host keeps, so a reloaded window finds it.
    expect(host.calls[0]?.request).toEqual({ profileId: 'a', topic: 'a/#', qos: 1, color: '#123456' });
    await store.getState().unsubscribe('a', 'a/#');
    expect(selectConnection('a')(store.getState()).subscriptions).toEqual([]);
    const p = await store.getState().publish('a', { topic: 't', payload: 'x', encoding: 'utf8', qos: 0, retain: false });
    expect(p.ok).toBe(false);
    expect(selectConnection('a')(store.getState()).lastError?.code).toBe('not-connected');
  });

  it('sends every MQTT 5 subscription option the form gives, and only those', async () => {
    const host = fakeHost({
      'mqtt:subscribe': (req) => okValue({ topic: req.topic, qos: req.qos, code: req.qos, codeName: 'Granted', granted: true }),
    });
    const store = createAppStore(host.api);
    await store
      .getState()
      .subscribe('a', { topic: 'a/#', qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 2, color: '#123456' });
    expect(host.calls[0]?.request).toEqual({
      profileId: 'a',
      topic: 'a/#',
      qos: 2,
      noLocal: true,
      retainAsPublished: true,
      retainHandling: 2,
      color: '#123456',
    });
  });

  it('takes subscription colours back from the host after a reload, and sends none that is not #rrggbb', async () => {
    const host = fakeHost({
      'mqtt:subscribe': (req) => okValue({ topic: req.topic, qos: req.qos, code: req.qos, codeName: 'Granted', granted: true }),
    });
    const store = createAppStore(host.api);
    expect(store.getState().subscriptionColors.a).toBeUndefined();
    const sub = { qos: 0 as const, code: 0, codeName: 'Granted', granted: true };
    store.getState().applyConnectionInfo({
      profileId: 'a',
      state: { status: 'idle' },
      subscriptions: [
        { topic: 'a/#', color: '#e8590c', ...sub },
        { topic: 'b/#', ...sub },
      ],
    });
    expect(store.getState().subscriptionColors.a).toEqual({ 'a/#': '#e8590c' });
    await store.getState().subscribe('a', { topic: 'c', qos: 0, color: 'red' });
    expect(host.calls[0]?.request).toEqual({ profileId: 'a', topic: 'c', qos: 0 });
    expect(store.getState().subscriptionColors.a).toEqual({ 'a/#': '#e8590c', c: 'red' });
  });

  it('records an unexpected close with its reason', () => {
    const store = createAppStore(fakeHost().api);
    const accepted = report('ok');
    store
      .getState()
      .applyConnectionInfo({ profileId: 'a', state: { status: 'open', report: accepted, since: accepted.startedAt }, subscriptions: [] });
    store.getState().applyConnectionInfo({
      profileId: 'a',
      state: {
        status: 'closed',
        reason: { kind: 'server-disconnect', code: 0x8e, name: 'Session taken over' },
        at: '2025-06-01T12:01:00.000Z',
        report: accepted,
      },
      subscriptions: [],
    });
    const st = selectConnection('a')(store.getState()).state;
    expect(st.status === 'closed' && st.reason).toEqual({ kind: 'server-disconnect', code: 0x8e, name: 'Session taken over' });
    // The report of the attempt is still the one shown.
    expect(selectShownReport('a')(store.getState())?.id).toBe(accepted.id);
  });

  it('shows a picked past report instead of the latest', () => {
    const store = createAppStore(fakeHost().api);
    const older = report('client-cert-unknown-ca');
    const latest = report('ok');
    store.setState({ reports: { a: [latest, older] } });
    store
      .getState()
      .applyConnectionInfo({ profileId: 'a', state: { status: 'open', report: latest, since: latest.startedAt }, subscriptions: [] });
    store.getState().viewReport('a', older.id);
    expect(selectShownReport('a')(store.getState())?.id).toBe(older.id);
    store.getState().viewReport('a', null);
    expect(selectShownReport('a')(store.getState())?.id).toBe(latest.id);
  });
});

describe('attempt history across restarts', () => {
  it('never reads the history again when an attempt ends: new reports come as events', async () => {
    const older = report('client-cert-unknown-ca', { startedAt: '2025-06-01T10:00:00.000Z' });
    const fresh = report('ok', { startedAt: '2025-06-01T12:00:00.000Z' });
    const host = fakeHost({ 'reports:history': () => okValue([older]) });
    const store = createAppStore(host.api);
    await store.getState().loadReports('a');
    const reads = host.calls.length;
    store
      .getState()
      .applyConnectionInfo({ profileId: 'a', state: { status: 'open', report: fresh, since: fresh.startedAt }, subscriptions: [] });
    expect(host.calls.length).toBe(reads);
    expect(store.getState().reports.a?.map((r) => r.id)).toEqual([older.id]);
    store.getState().applyReportAdded({ profileId: 'a', report: fresh });
    expect(store.getState().reports.a?.map((r) => r.id)).toEqual([fresh.id, older.id]);
  });

  it('shows the newest stored report when the connection has none (after a restart)', async () => {
    const kept = report('ok');
    const host = fakeHost({ 'reports:history': () => okValue([kept]) });
    const store = createAppStore(host.api);
    expect(selectShownReport('a')(store.getState())).toBeNull();
    await store.getState().loadReports('a');
    expect(selectShownReport('a')(store.getState())?.id).toBe(kept.id);
  });

  it('applies a report fix in one step: saves the change, closes the open session, connects again', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const saved = profile('a', { settings: { ...profile('a').settings, accessCheckTopic: undefined } });
    store.setState({ profiles: [saved] });
    const accepted = report('ok');
    store
      .getState()
      .applyConnectionInfo({ profileId: 'a', state: { status: 'open', report: accepted, since: accepted.startedAt }, subscriptions: [] });
    host.handle('profiles:save', (draft) => okValue({ ...saved, settings: draft.settings }));
    host.handle('connection:disconnect', () =>
      okValue({
        profileId: 'a',
        state: { status: 'closed', reason: { kind: 'user' }, at: accepted.startedAt, report: accepted },
        subscriptions: [],
      }),
    );
    host.handle('connection:connect', () =>
      okValue({ profileId: 'a', state: { status: 'failed', report: report('access-no-echo') }, subscriptions: [] }),
    );
    host.handle('reports:history', () => okValue([]));

    host.calls.length = 0;
    const r = await store.getState().reconnectWith('a', { accessCheckTopic: 'keyhole/access-check' });
    expect(r.ok).toBe(true);
    // The history the host keeps is read again after each attempt; the order of the rest matters.
    const steps = host.calls.map((c) => c.channel).filter((c) => c !== 'reports:history');
    expect(steps).toEqual(['profiles:save', 'connection:disconnect', 'connection:connect']);
    const draft = host.calls[0]!.request as { id: string; settings: { accessCheckTopic?: string; host: string } };
    expect(draft.id).toBe('a');
    expect(draft.settings).toMatchObject({ accessCheckTopic: 'keyhole/access-check', host: saved.settings.host });
    expect(selectConnection('a')(store.getState()).state.status).toBe('failed');
  });

  it('does not connect when the change cannot be saved', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    store.setState({ profiles: [profile('a')] });
    host.handle('profiles:save', () => ({ ok: false, error: { code: 'store-error', message: 'disk full' } }));
    const r = await store.getState().reconnectWith('a', { protocol: 'mqtts' });
    expect(r.ok).toBe(false);
    expect(host.calls.map((c) => c.channel)).toEqual(['profiles:save']);
    expect(selectConnection('a')(store.getState()).lastError?.message).toBe('disk full');
  });
});

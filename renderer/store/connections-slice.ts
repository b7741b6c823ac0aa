import type { ConnectReport } from '../../shared/connect/report';
import type { ConnectSettings } from '../../shared/connect/settings';
import type {
  ApiError,
  ApiResult,
  ConnectionInfo,
  ConnectionState,
  EventPayload,
  OneOffSecrets,
  PublishRequest,
  Subscription,
  SubscribeRequest,
} from '../../shared/ipc/contract';
import type { SliceFactory } from './app-store';

export type PhaseMark = { state: 'started' | 'passed' | 'failed'; detail?: string };
export type PhaseMarks = Partial<Record<EventPayload<'connection:phase'>['event']['phase'], PhaseMark>>;

/** Everything the UI knows of one profile's connection. */
export interface ConnectionView {
  /** `idle | connecting{phase} | open{report} | failed{report} | closed{reason}`, as the host reports it. */
  state: ConnectionState;
  subscriptions: Subscription[];
  /** Live phase marks of the current (or last) attempt. */
  phases: PhaseMarks;
  attemptId: string | null;
  /** The last request about this connection the host refused (e.g. `busy`). */
  lastError: ApiError | null;
}

export const IDLE_CONNECTION: ConnectionView = Object.freeze({
  state: { status: 'idle' },
  subscriptions: [],
  phases: {},
  attemptId: null,
  lastError: null,
}) as ConnectionView;

/** What the publish form sends; the connection is named separately. */
export type PublishInput = PublishRequest;
/** What the subscribe form sends, with the display colour of its messages (UI only). */
export type SubscribeInput = SubscribeRequest & { color: string };

export interface ConnectionsSlice {
  connections: Record<string, ConnectionView>;
  /** Colour per subscribed topic filter, per profile. */
  subscriptionColors: Record<string, Record<string, string>>;

  loadConnections(): Promise<void>;
  connect(profileId: string, secrets?: OneOffSecrets): Promise<ApiResult<ConnectionInfo>>;
  /**
   * A fix a report offers, in one step: saves `change` into the profile's settings, closes an
   * open connection, and connects again with the saved profile.
   */
  reconnectWith(profileId: string, change: Partial<ConnectSettings>): Promise<ApiResult<ConnectionInfo>>;
  disconnect(profileId: string): Promise<ApiResult<ConnectionInfo>>;
  cancel(profileId: string): Promise<ApiResult<ConnectionInfo>>;
  subscribe(profileId: string, input: SubscribeInput): Promise<ApiResult<Subscription>>;
  unsubscribe(profileId: string, topic: string): Promise<ApiResult<{ topic: string }>>;
  /** Disables, enables or renames a subscription (null alias: none). */
  editSubscription(
    profileId: string,
    topic: string,
    change: { enabled?: boolean; alias?: string | null },
  ): Promise<ApiResult<Subscription>>;
  publish(profileId: string, input: PublishInput): Promise<ApiResult<{ code: number | null; codeName: string | null }>>;
  /** Drops what the UI knows of a deleted profile's connection. */
  forgetConnection(profileId: string): void;
  /** Event from the host: a connection changed state or subscriptions. */
  applyConnectionInfo(info: ConnectionInfo): void;
  /** Event from the host: a phase of an attempt started, passed or failed. */
  applyPhase(payload: EventPayload<'connection:phase'>): void;
}

/** The report a state carries, if any. */
export function reportOf(state: ConnectionState): ConnectReport | null {
  switch (state.status) {
    case 'open':
    case 'failed':
      return state.report;
    case 'closed':
      return state.report;
    case 'idle':
    case 'connecting':
      return null;
  }
}

export const createConnectionsSlice: SliceFactory<ConnectionsSlice> = (api) => (set, get) => {
  const view = (id: string): ConnectionView => get().connections[id] ?? IDLE_CONNECTION;
  const patch = (id: string, p: Partial<ConnectionView>) =>
    set((s) => ({ connections: { ...s.connections, [id]: { ...(s.connections[id] ?? IDLE_CONNECTION), ...p } } }));

  const settle = (profileId: string, r: ApiResult<ConnectionInfo>) => {
    if (r.ok) get().applyConnectionInfo(r.value);
    else patch(profileId, { lastError: r.error });
    return r;
  };

  return {
    connections: {},
    subscriptionColors: {},

    async loadConnections() {
      const r = await api.connection.list();
      if (!r.ok) return;
      for (const info of r.value) get().applyConnectionInfo(info);
    },

    async connect(profileId, secrets) {
      const before = view(profileId);
      // Show "connecting" at once; the host's phase events fill in the rest.
      patch(profileId, {
        state: { status: 'connecting', attemptId: '', phase: 'preflight', startedAt: new Date().toISOString() },
        phases: {},
        attemptId: null,
        lastError: null,
      });
      const r = await api.connection.connect(secrets ? { profileId, secrets } : { profileId });
      // A refused request (e.g. `busy`) did not start an attempt: undo the optimistic state
      // unless a phase event has shown that an attempt did start.
      if (!r.ok && view(profileId).attemptId === null)
        patch(profileId, { state: before.state, phases: before.phases, attemptId: before.attemptId });
      return settle(profileId, r);
    },

    async reconnectWith(profileId, change) {
      const profile = get().profiles.find((p) => p.id === profileId);
      if (!profile) return { ok: false, error: { code: 'not-found', message: 'This profile no longer exists.' } };
      const { id, name, groupId, settings, material, expect, notes } = profile;
      const saved = await get().saveProfile({
        id,
        name,
        groupId,
        settings: { ...settings, ...change },
        material,
        ...(expect ? { expect } : {}),
        ...(notes ? { notes } : {}),
      });
      if (!saved.ok) {
        patch(profileId, { lastError: saved.error });
        return saved;
      }
      if (view(profileId).state.status === 'open') {
        const closed = await get().disconnect(profileId);
        if (!closed.ok) return closed;
      }
      return get().connect(profileId);
    },

    async disconnect(profileId) {
      return settle(profileId, await api.connection.disconnect({ profileId }));
    },

    async cancel(profileId) {
      return settle(profileId, await api.connection.cancel({ profileId }));
    },

    async subscribe(profileId, input) {
      // The colour goes to the host with the subscription, so a reload finds it there.
      const { color, ...request } = input;
      const r = await api.mqtt.subscribe({ profileId, ...request, ...(/^#[0-9a-fA-F]{6}$/.test(color) ? { color } : {}) });
      if (r.ok) {
        set((s) => ({
          subscriptionColors: { ...s.subscriptionColors, [profileId]: { ...s.subscriptionColors[profileId], [input.topic]: input.color } },
        }));
        const subs = view(profileId).subscriptions.filter((x) => x.topic !== r.value.topic);
        patch(profileId, { subscriptions: [...subs, r.value], lastError: null });
      } else {
        patch(profileId, { lastError: r.error });
      }
      return r;
    },

    async unsubscribe(profileId, topic) {
      const r = await api.mqtt.unsubscribe({ profileId, topic });
      if (r.ok) patch(profileId, { subscriptions: view(profileId).subscriptions.filter((x) => x.topic !== topic), lastError: null });
      else patch(profileId, { lastError: r.error });
      return r;
    },

    async editSubscription(profileId, topic, change) {
      const r = await api.mqtt.editSubscription({ profileId, topic, ...change });
      if (r.ok)
        patch(profileId, { subscriptions: view(profileId).subscriptions.map((x) => (x.topic === topic ? r.value : x)), lastError: null });
      else patch(profileId, { lastError: r.error });
      return r;
    },

    async publish(profileId, input) {
      const r = await api.mqtt.publish({ profileId, ...input });
      patch(profileId, { lastError: r.ok ? null : r.error });
      return r;
    },

    forgetConnection(profileId) {
      set((s) => {
        const connections = { ...s.connections };
        const subscriptionColors = { ...s.subscriptionColors };
        delete connections[profileId];
        delete subscriptionColors[profileId];
        return { connections, subscriptionColors };
      });
    },

    applyConnectionInfo({ profileId, state, subscriptions }) {
      const cur = view(profileId);
      const attemptId = state.status === 'connecting' ? state.attemptId || cur.attemptId : cur.attemptId;
      patch(profileId, { state, subscriptions, attemptId });
      const kept = subscriptions.filter((x) => x.color && get().subscriptionColors[profileId]?.[x.topic] !== x.color);
      if (kept.length > 0)
        set((s) => ({
          subscriptionColors: {
            ...s.subscriptionColors,
            [profileId]: { ...s.subscriptionColors[profileId], ...Object.fromEntries(kept.map((x) => [x.topic, x.color as string])) },
          },
        }));
    },

    applyPhase({ profileId, event }) {
      if (event.phase === 'done') return;
      const cur = view(profileId);
      const beginsAttempt = event.phase === 'preflight' && event.state === 'started';
      // Phase events of an attempt that has already ended (they may trail its final state) are ignored.
      if (cur.state.status !== 'connecting' && !beginsAttempt) return;
      const fresh = cur.attemptId !== event.attemptId;
      const phases: PhaseMarks = {
        ...(fresh ? {} : cur.phases),
        [event.phase]: { state: event.state, ...(event.detail ? { detail: event.detail } : {}) },
      };
      const state: ConnectionState =
        cur.state.status === 'connecting'
          ? { ...cur.state, attemptId: event.attemptId, phase: event.phase }
          : { status: 'connecting', attemptId: event.attemptId, phase: event.phase, startedAt: new Date().toISOString() };
      patch(profileId, { phases, attemptId: event.attemptId, state });
    },
  };
};

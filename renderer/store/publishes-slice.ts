import type { ApiResult, PublishHistoryItem, PublishRequest } from '../../shared/ipc/contract';
import type { RepeatStatus } from '../../shared/profile/publish-history';
import type { SliceFactory } from './app-store';

/** Each profile's publish history (kept by the host across reloads) and the timed publishes. */
export interface PublishesSlice {
  /** Profile id → its publish history, newest first. */
  publishHistory: Record<string, PublishHistoryItem[]>;
  /** Timed publishes by id: the running ones, and the last state of those that ended. */
  repeats: Record<string, RepeatStatus>;

  loadPublishHistory(profileId: string): Promise<void>;
  forgetPublish(profileId: string, id?: string): Promise<ApiResult<PublishHistoryItem[]>>;
  startRepeat(profileId: string, publish: PublishRequest, intervalMs: number, count: number | null): Promise<ApiResult<RepeatStatus>>;
  stopRepeat(id: string): Promise<ApiResult<RepeatStatus>>;
  /** The timed publishes running on the host (after a reload). */
  loadRepeats(): Promise<void>;
  /** Event from the host: a profile's history changed. */
  applyPublishHistory(p: { profileId: string; entries: PublishHistoryItem[] }): void;
  /** Event from the host: a timed publish started, progressed or ended. */
  applyRepeat(status: RepeatStatus): void;
}

export const createPublishesSlice: SliceFactory<PublishesSlice> = (api) => (set, get) => ({
  publishHistory: {},
  repeats: {},

  async loadPublishHistory(profileId) {
    const r = await api.publishes.list({ profileId });
    if (r.ok) get().applyPublishHistory({ profileId, entries: r.value });
  },
  async forgetPublish(profileId, id) {
    const r = await api.publishes.forget(id ? { profileId, id } : { profileId });
    if (r.ok) get().applyPublishHistory({ profileId, entries: r.value });
    return r;
  },
  async startRepeat(profileId, publish, intervalMs, count) {
    const r = await api.publishes.repeat({ profileId, publish, intervalMs, count });
    if (r.ok) get().applyRepeat(r.value);
    return r;
  },
  async stopRepeat(id) {
    const r = await api.publishes.stop({ id });
    if (r.ok) get().applyRepeat(r.value);
    return r;
  },
  async loadRepeats() {
    const r = await api.publishes.running({});
    if (r.ok) for (const status of r.value) get().applyRepeat(status);
  },
  applyPublishHistory({ profileId, entries }) {
    set((s) => ({ publishHistory: { ...s.publishHistory, [profileId]: entries } }));
  },
  applyRepeat(status) {
    set((s) => {
      const before = s.repeats[status.id];
      // An answer that trails the event of a later state (sent count) does not take it back.
      if (before && before.state !== 'running' && status.state === 'running') return s;
      if (before && status.state === 'running' && status.sent < before.sent) return s;
      return { repeats: { ...s.repeats, [status.id]: status } };
    });
  },
});

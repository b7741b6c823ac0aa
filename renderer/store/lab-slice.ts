import type { ApiResult, EventPayload, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { LabAttemptEvents, LabProfilesResult, LabQueryResult, LabStatus } from '../../shared/lab/lab-api';
import type { LabEvent } from '../../shared/lab/lab-event';
import type { SliceFactory } from './app-store';
import { RingBuffer } from './ring-buffer';

/** Events of the lab's log the UI keeps (the host keeps as many). */
export const LAB_LOG_LIMIT = 5000;
/** Events arriving within this time reach React together. */
const LOG_FLUSH_MS = 50;

/** The lab's log: a ring buffer mutated in place, `version` changing with every flush. */
export interface LabLogView {
  buffer: RingBuffer<LabEvent>;
  version: number;
}

/**
 * The lab broker: its status (settings, identities, built-in table), its live log, and the lab's
 * side of the attempts the reports show (by report id; `[]`: asked, the lab saw nothing).
 */
export interface LabSlice {
  lab: LabStatus | null;
  labLoad: 'idle' | 'loading' | 'ready' | 'error';
  labLog: LabLogView;
  labAttempts: Record<string, LabEvent[]>;

  /** Reads the lab's status and the events it kept. */
  loadLab(): Promise<void>;
  startLab(): Promise<ApiResult<LabStatus>>;
  stopLab(): Promise<ApiResult<LabStatus>>;
  /**
   * First launch: starts the lab, makes the Lab group of ready profiles and shows the first of
   * them in Connections.
   */
  startLabWithProfiles(): Promise<ApiResult<LabStatus>>;
  configureLab(settings: RequestOf<'lab:configure'>): Promise<ApiResult<LabStatus>>;
  regenerateLab(): Promise<ApiResult<LabStatus>>;
  setLabEntry(entry: RequestOf<'lab:setEntry'>): Promise<ApiResult<LabStatus>>;
  removeLabEntry(commonName: string): Promise<ApiResult<LabStatus>>;
  revealLabPassword(name: string): Promise<ApiResult<ResponseOf<'lab:revealPassword'>>>;
  testLabQuery(request: RequestOf<'lab:testQuery'>): Promise<ApiResult<LabQueryResult>>;
  createLabProfiles(): Promise<ApiResult<LabProfilesResult>>;
  /** Asks the host for the lab's side of a report's attempt, unless it is known already. */
  loadLabAttempt(profileId: string, reportId: string): Promise<void>;
  /** Empties the log shown (the host keeps its own). */
  clearLabLog(): void;
  /** Event from the host: something the lab saw or decided. */
  applyLabEvent(event: LabEvent): void;
  /** Event from the host: the lab's status changed. */
  applyLabStatus(status: EventPayload<'lab:status'>): void;
  /** Event from the host: the lab's side of an attempt whose report was stored. */
  applyLabAttempt(payload: LabAttemptEvents): void;
}

export const createLabSlice: SliceFactory<LabSlice> = (api) => (set, get) => {
  let pending: LabEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const events = pending;
    pending = [];
    set((s) => {
      s.labLog.buffer.pushAll(events);
      return { labLog: { buffer: s.labLog.buffer, version: s.labLog.version + 1 } };
    });
  };
  /** Keeps the status a call answered with. */
  const withStatus = async (call: Promise<ApiResult<LabStatus>>): Promise<ApiResult<LabStatus>> => {
    const r = await call;
    if (r.ok) set({ lab: r.value });
    else void get().loadLab();
    return r;
  };
  return {
    lab: null,
    labLoad: 'idle',
    labLog: { buffer: new RingBuffer<LabEvent>(LAB_LOG_LIMIT), version: 0 },
    labAttempts: {},

    async loadLab() {
      if (get().labLoad === 'idle') set({ labLoad: 'loading' });
      const [status, history] = await Promise.all([api.lab.status(), api.lab.history({ limit: LAB_LOG_LIMIT })]);
      if (!status.ok) return set({ labLoad: 'error' });
      set((s) => {
        if (!history.ok) return { lab: status.value, labLoad: 'ready' };
        const last = history.value.at(-1)?.seq ?? 0;
        // Events that arrived while the history was on its way are newer than its last one.
        const since = [...s.labLog.buffer.toArray(), ...pending].filter((e) => e.seq > last);
        pending = [];
        const buffer = new RingBuffer<LabEvent>(LAB_LOG_LIMIT);
        buffer.pushAll(history.value);
        buffer.pushAll(since);
        return { lab: status.value, labLoad: 'ready', labLog: { buffer, version: s.labLog.version + 1 } };
      });
    },

    startLab: () => withStatus(api.lab.start({})),
    stopLab: () => withStatus(api.lab.stop()),

    async startLabWithProfiles() {
      const r = await withStatus(api.lab.start({ profiles: true }));
      if (!r.ok) return r;
      await get().loadProfiles();
      const first = r.value.profiles.ids[0];
      get().setSection('connections');
      if (first) get().navigate({ kind: 'connection', profileId: first });
      return r;
    },

    configureLab: (settings) => withStatus(api.lab.configure(settings)),
    regenerateLab: () => withStatus(api.lab.regenerate()),
    setLabEntry: (entry) => withStatus(api.lab.setEntry(entry)),
    removeLabEntry: (commonName) => withStatus(api.lab.removeEntry({ commonName })),
    revealLabPassword: (name) => api.lab.revealPassword({ name }),
    testLabQuery: (request) => api.lab.testQuery(request),

    async createLabProfiles() {
      const r = await api.lab.createProfiles();
      if (r.ok) await get().loadLab();
      return r;
    },

    async loadLabAttempt(profileId, reportId) {
      if (get().labAttempts[reportId] !== undefined) return;
      const r = await api.lab.attempt({ profileId, reportId });
      // An event may have brought it meanwhile, with more of it.
      if (r.ok && get().labAttempts[reportId] === undefined)
        set((s) => ({ labAttempts: { ...s.labAttempts, [reportId]: r.value.events } }));
    },

    clearLabLog() {
      pending = [];
      set((s) => {
        s.labLog.buffer.clear();
        return { labLog: { buffer: s.labLog.buffer, version: s.labLog.version + 1 } };
      });
    },

    applyLabEvent(event) {
      pending.push(event);
      timer ??= setTimeout(flush, LOG_FLUSH_MS);
    },

    applyLabStatus(status) {
      set({ lab: status, labLoad: 'ready' });
    },

    applyLabAttempt({ reportId, events }) {
      set((s) => ({ labAttempts: { ...s.labAttempts, [reportId]: events } }));
    },
  };
};

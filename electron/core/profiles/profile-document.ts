/**
 * The profile document as the services share it: the last stored state, one queue of changes
 * (each made on a copy that replaces the state only once stored), and the listeners told after.
 */
import type { ConnectReport } from '../../../shared/connect/report';
import type { ApiError } from '../../../shared/ipc/contract';
import type { AppSettings } from '../../../shared/profile/app-settings';
import type { Group, Profile } from '../../../shared/profile/profile';
import type { StoreStatus } from '../../../shared/profile/store-status';
import { err, ok, type Result } from '../../../shared/result';
import { CURRENT_SCHEMA_VERSION } from '../store/document';
import { emptyStore, type ProfileStore, type StoreData, type StoreState } from '../store/store-data';
import { lockedCount, refsOf } from './vault';

/** Who hears of a change: the profile list, the settings, or nobody (reports). */
export type Notify = 'profiles' | 'settings' | 'none';

type Listeners<A extends unknown[]> = Set<(...args: A) => void>;

export interface ProfileDocument {
  readonly store: ProfileStore;
  /** Why the stored document could not be used (it was then set aside), or null. */
  readonly problem: string | null;
  /** The document as last stored; read only. */
  current(): StoreData;
  /** Runs one change at a time on a copy; the copy replaces the document only once it is stored. */
  mutate<T>(change: (draft: StoreData) => Result<T, ApiError>, notify?: Notify): Promise<Result<T, ApiError>>;
  /**
   * Keeps an attempt's report first in its profile's list (bounded by the settings; an unknown
   * profile is ignored), in the same queue as the changes. A store with a report journal appends
   * it there: no copy of the document, no rewrite; any other store is given a change as usual.
   */
  addReport(profileId: string, report: ConnectReport): Promise<Result<void, ApiError>>;
  /** Resolves once every change asked for so far has been stored (or has failed). */
  flush(): Promise<void>;
  status(): StoreStatus;
  onChange(listener: (profiles: Profile[], groups: Group[]) => void): () => void;
  onSettingsChange(listener: (settings: AppSettings) => void): () => void;
  onStatusChange(listener: (status: StoreStatus) => void): () => void;
}

const subscribe =
  <A extends unknown[]>(set: Listeners<A>) =>
  (listener: (...args: A) => void) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

/** Loads the document; a store that cannot be read leaves an empty document with `problem` set. */
export async function openProfileDocument(store: ProfileStore): Promise<ProfileDocument> {
  const loaded = await store.load();
  let data: StoreData = loaded.ok ? loaded.value : emptyStore();
  const stateOf = (): StoreState =>
    store.state?.() ?? { schemaVersion: CURRENT_SCHEMA_VERSION, secretBackend: { kind: 'memory', secure: true } };
  const problem = loaded.ok ? recoveryProblem(store, stateOf()) : loadProblem(loaded.error);
  const listeners: Listeners<[Profile[], Group[]]> = new Set();
  const settingsListeners: Listeners<[AppSettings]> = new Set();
  const statusListeners: Listeners<[StoreStatus]> = new Set();
  let queue: Promise<unknown> = Promise.resolve();

  const status = (): StoreStatus => {
    const st = stateOf();
    const count = lockedCount(data);
    const lockedProfiles = data.profiles.filter(
      (p) => data.locked.secrets[p.id] !== undefined || refsOf(p.material).some((r) => data.locked.files[r.id] !== undefined),
    );
    const reasons = [...Object.values(data.locked.files), ...Object.values(data.locked.secrets).flatMap((s) => Object.values(s))].map(
      (l) => l!.reason,
    );
    return {
      location: store.location,
      schemaVersion: st.schemaVersion,
      ...(st.recoveredFrom ? { recoveredFrom: st.recoveredFrom } : {}),
      ...(st.readOnly
        ? { readOnly: st.readOnly }
        : loaded.ok
          ? {}
          : { readOnly: { reason: problem ?? 'The profile store could not be read.' } }),
      secretBackend: st.secretBackend,
      ...(count
        ? {
            lockedSecrets: {
              count,
              profiles: lockedProfiles.map((p) => ({ id: p.id, name: p.name })),
              reason: [...new Set(reasons)].join(' '),
            },
          }
        : {}),
    };
  };

  const tell = (notify: Notify, lockedBefore: number) => {
    if (notify === 'profiles') {
      const profiles = structuredClone(data.profiles);
      const groups = structuredClone(data.groups);
      for (const l of [...listeners]) l(profiles, groups);
    } else if (notify === 'settings') {
      for (const l of [...settingsListeners]) l(structuredClone(data.settings));
    }
    if (lockedCount(data) !== lockedBefore) {
      const current = status();
      for (const l of [...statusListeners]) l(current);
    }
  };

  /** Runs `run` after every change asked for before it. */
  const enqueue = <T>(run: () => Promise<Result<T, ApiError>>): Promise<Result<T, ApiError>> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  const unwritten = (message: string) =>
    err({ code: 'store-error', message: `The profile store could not be written: ${message}` } as const);

  const mutate = <T>(change: (draft: StoreData) => Result<T, ApiError>, notify: Notify = 'profiles'): Promise<Result<T, ApiError>> =>
    enqueue(async () => {
      const draft = structuredClone(data);
      const outcome = change(draft);
      if (!outcome.ok) return outcome;
      const saved = await store.save(draft);
      if (!saved.ok) return unwritten(saved.error.message);
      const lockedBefore = lockedCount(data);
      data = draft;
      tell(notify, lockedBefore);
      return outcome;
    });

  const withReport = (d: StoreData, profileId: string, report: ConnectReport) => {
    const list = [report, ...(d.reports[profileId] ?? []).filter((r) => r.id !== report.id)];
    return { list, dropped: list.splice(d.settings.reportsPerProfile).map((r) => r.id) };
  };
  const addReport = (profileId: string, report: ConnectReport): Promise<Result<void, ApiError>> => {
    const append = store.appendReport?.bind(store);
    if (!append)
      return mutate((d) => {
        if (d.profiles.some((p) => p.id === profileId)) d.reports[profileId] = withReport(d, profileId, report).list;
        return ok(undefined);
      }, 'none');
    return enqueue(async () => {
      if (!data.profiles.some((p) => p.id === profileId)) return ok(undefined);
      const { list, dropped } = withReport(data, profileId, report);
      const saved = await append(profileId, report, dropped);
      if (!saved.ok) return unwritten(saved.error.message);
      // Changes run one at a time, each on a copy taken when it starts: this one is done before the next copies.
      data.reports[profileId] = list;
      return ok(undefined);
    });
  };

  return {
    store,
    problem,
    current: () => data,
    mutate,
    addReport,
    flush: () => queue.then(() => undefined),
    status,
    onChange: subscribe(listeners),
    onSettingsChange: subscribe(settingsListeners),
    onStatusChange: subscribe(statusListeners),
  };
}

function loadProblem(error: { kind: string; message: string; backup?: string | null }): string {
  return error.kind === 'corrupt'
    ? `The profile store could not be read and was set aside${error.backup ? ` as ${error.backup}` : ''}: ${error.message}`
    : `The profile store could not be read: ${error.message}`;
}

function recoveryProblem(store: ProfileStore, state: StoreState): string | null {
  const r = state.recoveredFrom;
  if (!r) return null;
  if (r.kind === 'newer-version') {
    return `The profile store ${store.location} cannot be changed by this version of Keyhole. ${r.reason} Nothing is saved, so that the newer version's data stays intact.`;
  }
  const lost = r.dropped.profiles + r.dropped.groups + r.dropped.other;
  return [
    `The profile store ${store.location} could not be used as it was. ${r.reason}`,
    r.path ? `The untouched file was copied to ${r.path}.` : 'It could not be copied aside, so nothing will be saved over it.',
    `Recovered: ${r.kept.profiles} profile(s) and ${r.kept.groups} group(s)${lost ? `; left behind in the copy: ${r.dropped.profiles} profile(s), ${r.dropped.groups} group(s) and ${r.dropped.other} other item(s)` : ''}.`,
  ].join(' ');
}

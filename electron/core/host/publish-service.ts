/**
 * Publishing beyond one message: each profile's publish history (kept in the store, told to
 * every renderer) and timed publishing (the same publish every N ms, a number of times or
 * until stopped; it stops when its connection ends).
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, PublishHistoryItem, PublishRequest } from '../../../shared/ipc/contract';
import { MAX_REPEATS_PER_PROFILE, type RepeatStatus } from '../../../shared/profile/publish-history';
import { err, ok, type Result } from '../../../shared/result';
import type { PublishHistoryOps } from '../profiles/publish-history-ops';

/** How often a running repeat reports its progress, at most. */
const PROGRESS_EVERY_MS = 250;

export interface PublishService {
  /** Keeps a publish that was made in its profile's history (not awaited by the publisher). */
  record(profileId: string, request: PublishRequest): void;
  /** Forgets one history entry, or all of a profile's; every renderer hears of it. */
  forget(profileId: string, entryId?: string): Promise<Result<PublishHistoryItem[], ApiError>>;
  /** Starts a timed publish: the first one now, then every `intervalMs`. */
  repeat(profileId: string, request: PublishRequest, intervalMs: number, count: number | null): Result<RepeatStatus, ApiError>;
  stop(id: string): Result<RepeatStatus, ApiError>;
  /** Ends the profile's timed publishes as `disconnected` (its connection is no longer open). */
  connectionEnded(profileId: string): void;
  running(profileId?: string): RepeatStatus[];
  /** Stops everything (host shutdown). */
  close(): void;
}

interface Job {
  status: RepeatStatus;
  request: PublishRequest;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  lastReport: number;
}

/** The service over a profile store's history operations and the connection manager's publish. */
export function createPublishService(deps: {
  history: PublishHistoryOps;
  publish: (profileId: string, request: PublishRequest) => Promise<Result<unknown, ApiError>>;
  isOpen: (profileId: string) => boolean;
  onHistory: (profileId: string, entries: PublishHistoryItem[]) => void;
  onRepeat: (status: RepeatStatus) => void;
  logError?: (message: string) => void;
}): PublishService {
  const jobs = new Map<string, Job>();
  const emit = (job: Job) => {
    job.lastReport = Date.now();
    deps.onRepeat({ ...job.status });
  };
  const finish = (job: Job, state: RepeatStatus['state'], error?: string) => {
    if (job.status.state !== 'running') return;
    if (job.timer) clearTimeout(job.timer);
    job.status.state = state;
    if (error) job.status.error = error;
    jobs.delete(job.status.id);
    emit(job);
  };
  const tick = async (job: Job) => {
    job.timer = null;
    const r = await deps.publish(job.status.profileId, job.request);
    if (job.status.state !== 'running') return;
    if (!r.ok) return finish(job, r.error.code === 'not-connected' ? 'disconnected' : 'failed', r.error.message);
    job.status.sent++;
    if (job.status.count !== null && job.status.sent >= job.status.count) return finish(job, 'done');
    if (Date.now() - job.lastReport >= PROGRESS_EVERY_MS) emit(job);
    // Due times count from the start, so a slow acknowledgement does not push every later publish back.
    const due = job.startedAt + job.status.sent * job.status.intervalMs;
    job.timer = setTimeout(() => void tick(job), Math.max(0, due - Date.now()));
  };

  const service: PublishService = {
    record(profileId, request) {
      void deps.history.addPublish(profileId, request).then((r) => {
        if (r.ok && r.value) deps.onHistory(profileId, r.value as PublishHistoryItem[]);
        else if (!r.ok) deps.logError?.(`the publish history of ${profileId} could not be stored: ${r.error.message}`);
      });
    },
    async forget(profileId, entryId) {
      const r = await deps.history.forgetPublishes(profileId, entryId);
      if (!r.ok) return r;
      const entries = r.value as PublishHistoryItem[];
      deps.onHistory(profileId, entries);
      return ok(entries);
    },
    repeat(profileId, request, intervalMs, count) {
      if (!deps.isOpen(profileId))
        return err({ code: 'not-connected', message: 'Connect first: timed publishing needs an open connection.' });
      if (service.running(profileId).length >= MAX_REPEATS_PER_PROFILE)
        return err({ code: 'busy', message: `At most ${MAX_REPEATS_PER_PROFILE} timed publishes can run at once on one connection.` });
      const job: Job = {
        status: { id: randomUUID(), profileId, topic: request.topic, intervalMs, count, sent: 0, state: 'running' },
        request,
        startedAt: Date.now(),
        timer: null,
        lastReport: 0,
      };
      jobs.set(job.status.id, job);
      service.record(profileId, request);
      emit(job);
      void tick(job);
      return ok({ ...job.status });
    },
    stop(id) {
      const job = jobs.get(id);
      if (!job) return err({ code: 'not-found', message: 'No such timed publish is running (it may have ended).' });
      finish(job, 'stopped');
      return ok({ ...job.status });
    },
    connectionEnded(profileId) {
      for (const job of [...jobs.values()]) if (job.status.profileId === profileId) finish(job, 'disconnected');
    },
    running: (profileId) =>
      [...jobs.values()].filter((j) => profileId === undefined || j.status.profileId === profileId).map((j) => ({ ...j.status })),
    close() {
      for (const job of [...jobs.values()]) finish(job, 'stopped');
    },
  };
  return service;
}

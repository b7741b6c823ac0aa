/** Each profile's publish history, as changes of the shared document: newest first, bounded, repeats counted. */
import type { ApiError } from '../../../shared/ipc/contract';
import { MAX_HISTORY_PAYLOAD_CHARS, MAX_PUBLISH_HISTORY, type PublishHistoryEntry } from '../../../shared/profile/publish-history';
import { ok, type Result } from '../../../shared/result';
import { notFound, type OpsContext } from './profile-ops';

/** A publish as it goes into the history (the host adds id, time and count). */
export type PublishRecord = Omit<PublishHistoryEntry, 'id' | 'at' | 'count'>;

export interface PublishHistoryOps {
  /**
   * Puts a publish at the top of its profile's history; the same publish as one already kept
   * moves that one up and counts it. Returns the history, or null when nothing was kept (an
   * unknown profile, or a payload over MAX_HISTORY_PAYLOAD_CHARS).
   */
  addPublish(profileId: string, publish: PublishRecord): Promise<Result<PublishHistoryEntry[] | null, ApiError>>;
  /** A profile's publish history, newest first. */
  publishHistory(profileId: string): Result<PublishHistoryEntry[], ApiError>;
  /** Forgets one entry of a profile's history, or all of it; returns what is left. */
  forgetPublishes(profileId: string, entryId?: string): Promise<Result<PublishHistoryEntry[], ApiError>>;
}

/** The key two publishes are the same by: everything but when and how often. */
const sameness = (p: PublishRecord) => JSON.stringify([p.topic, p.payload, p.encoding, p.qos, p.retain, p.properties ?? null]);

/** The publish history operations over `ctx.doc`. */
export function publishHistoryOps({ doc, now, newId }: OpsContext): PublishHistoryOps {
  return {
    addPublish: (profileId, publish) =>
      doc.mutate((d) => {
        if (!d.profiles.some((p) => p.id === profileId) || publish.payload.length > MAX_HISTORY_PAYLOAD_CHARS) return ok(null);
        const list = d.publishes[profileId] ?? [];
        const key = sameness(publish);
        const before = list.find((e) => sameness(e) === key);
        const entry: PublishHistoryEntry = {
          ...publish,
          id: before?.id ?? newId(),
          at: now(),
          count: (before?.count ?? 0) + 1,
        };
        const next = [entry, ...list.filter((e) => e !== before)].slice(0, MAX_PUBLISH_HISTORY);
        d.publishes[profileId] = next;
        return ok(structuredClone(next));
      }, 'none'),
    publishHistory(profileId) {
      const data = doc.current();
      if (!data.profiles.some((p) => p.id === profileId)) return notFound('profile', profileId);
      return ok(structuredClone(data.publishes[profileId] ?? []));
    },
    forgetPublishes: (profileId, entryId) =>
      doc.mutate((d) => {
        if (!d.profiles.some((p) => p.id === profileId)) return notFound('profile', profileId);
        const next = entryId === undefined ? [] : (d.publishes[profileId] ?? []).filter((e) => e.id !== entryId);
        if (next.length > 0) d.publishes[profileId] = next;
        else delete d.publishes[profileId];
        return ok(structuredClone(next));
      }, 'none'),
  };
}

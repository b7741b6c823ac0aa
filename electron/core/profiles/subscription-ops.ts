/** Each profile's subscriptions, kept with it so that the next connect, also after a restart, makes them again. */
import type { ApiError } from '../../../shared/ipc/contract';
import { MAX_SAVED_SUBSCRIPTIONS, type SavedSubscription } from '../../../shared/profile/saved-subscription';
import { ok, type Result } from '../../../shared/result';
import { notFound, type OpsContext } from './profile-ops';

export interface SubscriptionOps {
  /** A profile's saved subscriptions, in list order (none for an unknown profile). */
  savedSubscriptions(profileId: string): SavedSubscription[];
  /** Replaces a profile's saved subscriptions; an unchanged list writes nothing. */
  saveSubscriptions(profileId: string, list: SavedSubscription[]): Promise<Result<SavedSubscription[], ApiError>>;
}

/** The saved subscription operations over `ctx.doc`. */
export function subscriptionOps({ doc }: OpsContext): SubscriptionOps {
  // The list last asked for, per profile: changes are queued, so the stored one may be behind it.
  const asked = new Map<string, string>();
  return {
    savedSubscriptions: (profileId) => structuredClone(doc.current().subscriptions[profileId] ?? []),
    async saveSubscriptions(profileId, list) {
      const next = list.slice(0, MAX_SAVED_SUBSCRIPTIONS);
      const current = doc.current();
      if (!current.profiles.some((p) => p.id === profileId)) return notFound('profile', profileId);
      // Each connect subscribes again and hears every SUBACK: most of those change nothing here.
      const text = JSON.stringify(next);
      if ((asked.get(profileId) ?? JSON.stringify(current.subscriptions[profileId] ?? [])) === text) return ok(structuredClone(next));
      asked.set(profileId, text);
      const saved = await doc.mutate((d) => {
        if (!d.profiles.some((p) => p.id === profileId)) return notFound('profile', profileId);
        if (next.length > 0) d.subscriptions[profileId] = structuredClone(next);
        else delete d.subscriptions[profileId];
        return ok(structuredClone(next));
      }, 'none');
      // Once nothing is queued the stored list is the one to compare with again.
      if (asked.get(profileId) === text) asked.delete(profileId);
      return saved;
    },
  };
}

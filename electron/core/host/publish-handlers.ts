/** The `publishes:*` channels: publish history and timed publishing. */
import type { ApiError, Channel, PublishHistoryItem } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Handlers } from './api';
import type { ProfileService } from '../profiles/profile-service';
import type { PublishService } from './publish-service';

type PublishChannel = Extract<Channel, `publishes:${string}`>;

/** The handlers over the profile store's history and the publish service (without one, timed publishing is `unsupported`). */
export function publishHandlers(profiles: ProfileService, publishes: PublishService | undefined): Pick<Handlers, PublishChannel> {
  const none = () => err({ code: 'unsupported' as const, message: 'This host does not run timed publishes.' });
  return {
    // Entries were stored from validated publish requests: their properties have the contract's shape.
    'publishes:list': async ({ profileId }) => profiles.publishHistory(profileId) as Result<PublishHistoryItem[], ApiError>,
    'publishes:forget': async ({ profileId, id }) =>
      publishes
        ? publishes.forget(profileId, id)
        : (profiles.forgetPublishes(profileId, id) as Promise<Result<PublishHistoryItem[], ApiError>>),
    'publishes:repeat': async ({ profileId, publish, intervalMs, count }) =>
      publishes ? publishes.repeat(profileId, publish, intervalMs, count) : none(),
    'publishes:stop': async ({ id }) => (publishes ? publishes.stop(id) : none()),
    'publishes:running': async ({ profileId }) => ok(publishes ? publishes.running(profileId) : []),
  };
}

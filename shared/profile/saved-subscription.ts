import { z } from 'zod';
import { DisplayColor, PayloadView, Qos, SubscriptionAlias, SubscriptionOptions } from '../ipc/contract';

/** Subscriptions kept per profile. */
export const MAX_SAVED_SUBSCRIPTIONS = 200;

/**
 * A subscription as the store keeps it with its profile, so the next connect (also after the
 * host restarted) makes it again: what the user asked for, never the broker's answer to it, except
 * the last SUBACK code of a disabled one, which the list keeps showing.
 */
export const SavedSubscription = z.object({
  topic: z.string().min(1).max(65535),
  qos: Qos,
  color: DisplayColor.optional(),
  format: PayloadView.optional(),
  alias: SubscriptionAlias.optional(),
  ...SubscriptionOptions.shape,
  /** Listed but not made at connect (the user disabled it). */
  disabled: z.boolean().optional(),
  /** The last SUBACK code and its name, kept for a disabled subscription, which the list goes on showing. */
  code: z.number().int().optional(),
  codeName: z.string().max(200).optional(),
});
export type SavedSubscription = z.infer<typeof SavedSubscription>;

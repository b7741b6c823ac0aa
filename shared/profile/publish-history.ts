import { z } from 'zod';

/** Publishes kept per profile, newest first. */
export const MAX_PUBLISH_HISTORY = 50;
/** The largest payload (in characters of its encoded form) a history entry keeps; bigger publishes are sent but not kept. */
export const MAX_HISTORY_PAYLOAD_CHARS = 64 * 1024;

/** One publish as the user made it, to send again. Publish payloads and properties only: never a secret. */
export const PublishHistoryEntry = z.object({
  id: z.string().min(1).max(100),
  /** When it was last sent (ISO time). */
  at: z.string(),
  /** How many times it was sent in a row (the same publish again moves it to the top and counts it). */
  count: z.number().int().min(1),
  topic: z.string().min(1).max(65535),
  payload: z.string().max(MAX_HISTORY_PAYLOAD_CHARS),
  encoding: z.enum(['utf8', 'base64']),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
  /** MQTT 5 PUBLISH properties as sent (shape of `mqtt:publish`'s). */
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type PublishHistoryEntry = z.infer<typeof PublishHistoryEntry>;

/** Timed publishing: the same publish every `intervalMs`, `count` times or until stopped. */
export const RepeatStatus = z.object({
  id: z.string().min(1).max(100),
  profileId: z.string().min(1).max(100),
  topic: z.string(),
  intervalMs: z.number().int(),
  /** null: until stopped. */
  count: z.number().int().nullable(),
  sent: z.number().int().min(0),
  state: z.enum(['running', 'done', 'stopped', 'disconnected', 'failed']),
  /** Why it failed (a publish the host could not make). */
  error: z.string().optional(),
});
export type RepeatStatus = z.infer<typeof RepeatStatus>;

/** The shortest interval of timed publishing: a test client, not a load generator. */
export const MIN_REPEAT_INTERVAL_MS = 50;
export const MAX_REPEAT_INTERVAL_MS = 86_400_000;
/** Timed publishes running at once per profile. */
export const MAX_REPEATS_PER_PROFILE = 10;

// What the app's Lab section asks of the host and what it sees: the lab's status (with its
// identities and built-in table, never a password or a stored hash), its settings, edits of the
// built-in table, the "test query" of an auth source, and the Lab group of demo profiles.
import { z } from 'zod';
import { PasswordHash } from '../certs/batch';
import { LabAuthConfig, LabIdentityView, TopicRights } from './lab-config';
import { LabEvent } from './lab-event';

/** The lab's own settings, kept in its `lab.json` in the data folder. */
export const LabSettings = z.object({
  /** null: 8883, or a free port (with a notice) when 8883 is taken; 0: any free port; another port is used or refused. */
  port: z.number().int().min(0).max(65535).nullable().default(null),
  auth: LabAuthConfig.prefault({}),
});
export type LabSettings = z.input<typeof LabSettings>;
export type LabSettingsParsed = z.output<typeof LabSettings>;

/** A row of the built-in table as the UI shows it: no stored hash, no salt. */
export const LabTableRow = z.object({ commonName: z.string(), hash: PasswordHash, rights: TopicRights });
export type LabTableRow = z.infer<typeof LabTableRow>;

export const LabRunState = z.enum(['stopped', 'starting', 'running', 'stopping']);
export type LabRunState = z.infer<typeof LabRunState>;

/** Why the lab could not start or be changed: the lab's own codes (port-in-use, pki-damaged …). */
export const LabProblem = z.object({ code: z.string(), message: z.string() });
export type LabProblem = z.infer<typeof LabProblem>;

export const LabStatus = z.object({
  state: LabRunState,
  /** The port it listens on while running. */
  port: z.number().int().nullable(),
  /** `127.0.0.1:8883`, `[::1]:8883` while running. */
  addresses: z.array(z.string()),
  /** The lab folder in the data folder (whether or not it was issued yet). */
  dir: z.string(),
  /** When its PKI was issued; null before the first start. */
  issuedAt: z.string().nullable(),
  /** What the user should know about the running lab (a port fallback, Redis unreachable). */
  notices: z.array(z.string()),
  /** Why the last start failed (cleared by the next start). */
  problem: LabProblem.nullable(),
  /** The settings, with a Redis URL's password shown as `***`. */
  settings: z.object({ port: z.number().int().nullable(), auth: LabAuthConfig }),
  /** The port used when `settings.port` is null (8883 unless the host was told otherwise). */
  defaultPort: z.number().int(),
  identities: z.array(LabIdentityView),
  table: z.array(LabTableRow),
  /** The Lab group of ready profiles, one per identity, made from this lab. */
  profiles: z.object({ groupId: z.string().nullable(), ids: z.array(z.string()) }),
});
export type LabStatus = z.infer<typeof LabStatus>;

/** Adds an entry of the built-in table or changes one; a password is hashed (salted SHA-256) before it is kept. */
export const LabEntrySet = z
  .object({
    commonName: z.string().trim().min(1).max(64),
    /** A new password, or that of the demo identity of this name (its profile's), or absent: keep it. */
    password: z
      .union([z.object({ text: z.string().min(1).max(200) }).strict(), z.object({ identity: z.string().min(1).max(100) }).strict()])
      .optional(),
    /** Absent: keep (a new entry gets its own branch, `devices/%C/#`). */
    rights: TopicRights.optional(),
  })
  .strict();
export type LabEntrySet = z.infer<typeof LabEntrySet>;

export const LabEntryRemove = z.object({ commonName: z.string().min(1).max(64) }).strict();

export type LabTableEdit = ({ kind: 'set' } & LabEntrySet) | ({ kind: 'remove' } & z.infer<typeof LabEntryRemove>);

/** Runs the auth source's lookup for one identity, as the lab would at its CONNECT. */
export const LabQueryRequest = z
  .object({
    /** The demo identity (its name) whose CN, subject DN, username and client id fill the placeholders. */
    identity: z.string().min(1).max(100),
    /** Settings to try (the editor's, not yet saved); absent: the saved ones. */
    auth: LabAuthConfig.optional(),
    /** Show the stored value (and salt) in clear. */
    reveal: z.boolean().default(false),
  })
  .strict();

export const LabQueryResult = z.object({
  source: z.enum(['built-in', 'redis']),
  /** The lookup with its arguments filled in, as the lab log shows it. */
  query: z.string(),
  answer: z.enum(['found', 'not-found', 'unavailable']),
  detail: z.string(),
  /** Whether the identity's profile password passes the check against what was found; null when nothing was found. */
  profilePasswordMatches: z.boolean().nullable(),
  /** What the source holds, only when asked to reveal: the stored value (a hash or, for `plain`, the password) and salt. */
  revealed: z.object({ value: z.string(), salt: z.string().nullable(), hash: PasswordHash }).nullable(),
  durationMs: z.number(),
});
export type LabQueryResult = z.infer<typeof LabQueryResult>;

/** What making the Lab group did: profiles added, replaced (same id, the lab's new files) and how it is named. */
export const LabProfilesResult = z.object({
  groupId: z.string().nullable(),
  added: z.array(z.string()),
  replaced: z.array(z.string()),
});
export type LabProfilesResult = z.infer<typeof LabProfilesResult>;

/** The lab's events of the attempt one report describes (empty when the lab did not see it, or no longer holds it). */
export const LabAttemptEvents = z.object({ profileId: z.string(), reportId: z.string(), events: z.array(LabEvent) });
export type LabAttemptEvents = z.infer<typeof LabAttemptEvents>;

// How the lab broker authenticates and authorizes: the auth source (its built-in table or Redis),
// the refusal it answers with, and per-identity topic rights.
import { z } from 'zod';
import { PasswordHash } from '../certs/batch';
import { parseAuthTemplate } from './auth-template';

/**
 * Topic rights of one identity: MQTT filters (`+`, `#`) with the placeholders `%C` certificate
 * CN, `%u` username, `%c` client id. No rights at all is "connected, but may do nothing".
 */
export const TopicRights = z.object({
  publish: z.array(z.string().min(1).max(1000)).max(100),
  subscribe: z.array(z.string().min(1).max(1000)).max(100),
});
export type TopicRights = z.infer<typeof TopicRights>;

/** Each identity's own branch: `devices/<CN>/…`. */
export const OWN_TOPIC_RIGHTS: TopicRights = { publish: ['devices/%C/#'], subscribe: ['devices/%C/#'] };
export const NO_RIGHTS: TopicRights = { publish: [], subscribe: [] };

/**
 * What an unknown identity or a wrong password gets: MQTT 3.1.1 CONNACK return code 5 "not
 * authorized" or 4 "bad user name or password" (§3.2.2.3).
 */
export const LabRefusal = z.enum(['not-authorized', 'bad-credentials']);
export type LabRefusal = z.infer<typeof LabRefusal>;

/** One row of the built-in table: a certificate CN, its password (hashed) and its topic rights. */
export const AuthTableEntry = z.object({
  commonName: z.string().min(1).max(64),
  hash: PasswordHash,
  /** The stored password: hex SHA-256, a bcrypt hash, or the password itself for `plain`. */
  value: z.string().max(200),
  salt: z.string().max(200).optional(),
  rights: TopicRights,
});
export type AuthTableEntry = z.infer<typeof AuthTableEntry>;

export const RedisAuthConfig = z
  .object({
    /** redis://[user:password@]host:port[/db]; rediss:// for TLS. */
    url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
    /** The query template, e.g. `HMGET tls_domain:%C password`. */
    query: z.string().superRefine((q, ctx) => {
      const parsed = parseAuthTemplate(q);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.message });
    }),
    hash: PasswordHash.default('plain'),
    /** Longest wait for Redis before the attempt gets CONNACK "server unavailable". */
    timeoutMs: z.number().int().min(50).max(60_000).default(2000),
    /** Topic rights of identities Redis lets in (Redis holds only passwords). */
    rights: TopicRights.default(OWN_TOPIC_RIGHTS),
  })
  .superRefine((c, ctx) => {
    const parsed = parseAuthTemplate(c.query);
    if (parsed.ok && c.hash.startsWith('sha256-salt') && parsed.value.values < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['query'],
        message: `The hash ${c.hash} needs a salt: let the query return it as the second value (HMGET key password salt).`,
      });
    }
  });
export type RedisAuthConfig = z.input<typeof RedisAuthConfig>;

export const LabAuthConfig = z
  .object({
    source: z.enum(['built-in', 'redis']).default('built-in'),
    redis: RedisAuthConfig.optional(),
    refusal: LabRefusal.default('not-authorized'),
    /** Also require the MQTT username to equal the certificate CN. */
    usernameMustEqualCn: z.boolean().default(false),
  })
  .refine((c) => c.source !== 'redis' || c.redis !== undefined, { message: 'The Redis source needs a URL and a query.', path: ['redis'] });
export type LabAuthConfig = z.input<typeof LabAuthConfig>;
export type LabAuthSettings = z.output<typeof LabAuthConfig>;

/** What the lab does with one of its identities, as its identities table shows it. */
export const LabIdentityStatus = z.enum(['allowed', 'not-allowed', 'revoked', 'expired', 'not-yet-valid', 'foreign-ca', 'no-certificate']);
export type LabIdentityStatus = z.infer<typeof LabIdentityStatus>;

/** One row of the identities table (no secrets: whether the profile's password is the table's, not the password). */
export const LabIdentityView = z.object({
  name: z.string(),
  commonName: z.string().nullable(),
  about: z.string(),
  status: LabIdentityStatus,
  /** Topic rights from the built-in table; null when the CN is not in it. */
  rights: TopicRights.nullable(),
  mqttVersion: z.enum(['3.1.1', '5']),
  /** False for the identity whose profile holds a wrong password on purpose. */
  profilePasswordMatches: z.boolean(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Files in the lab folder, relative to it. */
  files: z.object({ cert: z.string().nullable(), key: z.string().nullable(), pfx: z.string().nullable() }),
});
export type LabIdentityView = z.infer<typeof LabIdentityView>;

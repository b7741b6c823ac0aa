import { z } from 'zod';
import { LintFinding } from '../certs/lint';
import { Cause, CertSummary } from '../connect/report';
import { ConnectSettings } from '../connect/settings';

/** Where a file sits in a profile: trust anchors, client certificate chain, its key, or a PKCS#12 bundle. */
export const MaterialSlot = z.enum(['ca', 'cert', 'key', 'pfx']);
export type MaterialSlot = z.infer<typeof MaterialSlot>;

/** What a file turned out to contain when it was imported (detected from its bytes, not its name). */
export const MaterialKind = z.enum(['certificate', 'certificate-chain', 'private-key', 'encrypted-private-key', 'pkcs12', 'unknown']);
export type MaterialKind = z.infer<typeof MaterialKind>;

/**
 * A file imported into a profile, as the renderer sees it: name, fingerprint and certificate
 * summaries, never its bytes. The bytes stay with the host, keyed by `id`.
 */
export const MaterialRef = z.object({
  id: z.string().min(1).max(100),
  slot: MaterialSlot,
  kind: MaterialKind,
  /** The original file name (no directory), kept so the user recognises it. */
  fileName: z.string().max(255),
  size: z.number().int().min(0),
  /** SHA-256 of the first certificate (colon hex, as openssl prints it); absent for keys and unparsable files. */
  fingerprint: z.string().optional(),
  /** The first (leaf) certificate of the file. */
  summary: CertSummary.optional(),
  /** Every certificate in the file, in file order (bundles, chains); absent for keys. */
  certificates: z.array(CertSummary).optional(),
  /**
   * SHA-256 (colon hex) of the DER SubjectPublicKeyInfo: of the leaf certificate for certificate
   * files, of the key for readable private keys. Equal values mean the key belongs to the
   * certificate, which the UI can show without ever seeing key bytes. Absent when unknown
   * (e.g. an encrypted key).
   */
  publicKeyFingerprint: z.string().optional(),
  /** Why the file could not be read as expected, in plain words; the file is still kept. */
  problem: z.string().optional(),
  /**
   * The certificate lint of this file on its own (certificates, CA files, opened bundles):
   * dates, purpose, CA flags, weak keys and signatures. Absent when nothing was linted (keys,
   * unreadable files, files imported before the lint existed).
   */
  lint: z.array(LintFinding).max(200).optional(),
  importedAt: z.string(),
});
export type MaterialRef = z.infer<typeof MaterialRef>;

/** The files of one profile: any number of CA files, and either cert + key or a PKCS#12 bundle. */
export const MaterialSet = z.object({
  ca: z.array(MaterialRef).max(32),
  cert: MaterialRef.nullable(),
  key: MaterialRef.nullable(),
  pfx: MaterialRef.nullable(),
});
export type MaterialSet = z.infer<typeof MaterialSet>;

export const EMPTY_MATERIAL: MaterialSet = { ca: [], cert: null, key: null, pfx: null };

/**
 * A file the profile should hold but does not: named by an import (an MQTT X export's path)
 * that could not be read here. Kept so the identity mode, the slot and the old path survive,
 * the sidebar can say the profile is incomplete, and a connect stops in preflight naming it.
 * Gone once a file is loaded into its slot.
 */
export const MissingFile = z.object({
  slot: MaterialSlot,
  /** The file's name, as the import named it. */
  fileName: z.string().max(255),
  /** Where the import said it was. */
  path: z.string().max(4096),
  /** Why it could not be read. */
  reason: z.string().max(1000),
});
export type MissingFile = z.infer<typeof MissingFile>;

/** Which secrets a profile holds. The values themselves never leave the host. */
export const SecretFlags = z.object({
  hasPassphrase: z.boolean(),
  hasPassword: z.boolean(),
  hasPfxPassword: z.boolean(),
});
export type SecretFlags = z.infer<typeof SecretFlags>;

/** What the user expects of this identity (checked against each report; optional). */
export const Expectation = z.object({
  verdict: z.enum(['accepted', 'rejected']).optional(),
  phase: z.enum(['tls', 'client-auth', 'connack', 'access']).optional(),
  /** A specific cause the attempt must end in (the matrix checks it against the report's). */
  cause: Cause.optional(),
});
export type Expectation = z.infer<typeof Expectation>;

/** A saved connection profile, as the renderer sees it. */
export const Profile = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  /** Group id, or null for the top level. */
  groupId: z.string().max(100).nullable(),
  settings: ConnectSettings,
  material: MaterialSet,
  secrets: SecretFlags,
  /** Files an import named that could not be read; absent or empty when the profile is complete. */
  missingFiles: z.array(MissingFile).max(8).optional(),
  expect: Expectation.optional(),
  notes: z.string().max(10_000).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof Profile>;

/**
 * What the renderer sends to create (no id) or update (id) a profile. Material entries are
 * matched by `id` only: the host keeps its own copy of everything else about each file, so a
 * renderer cannot forge a summary. Secrets are written through `secrets:set`, not here.
 */
export const ProfileDraft = z.object({
  id: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(200),
  groupId: z.string().max(100).nullable(),
  settings: ConnectSettings,
  material: MaterialSet,
  /** The profile's missing files as the editor still shows them; the host keeps only those whose slot is still empty. */
  missingFiles: z.array(MissingFile).max(8).optional(),
  expect: Expectation.optional(),
  notes: z.string().max(10_000).optional(),
});
export type ProfileDraft = z.infer<typeof ProfileDraft>;

/** A folder of profiles in the sidebar. */
export const Group = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  collapsed: z.boolean(),
});
export type Group = z.infer<typeof Group>;

export const GroupDraft = z.object({
  id: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(200),
  collapsed: z.boolean().optional(),
});
export type GroupDraft = z.infer<typeof GroupDraft>;

/**
 * The workbench part of the store document (since version 3): the CAs the app made, what each
 * issued, the identities whose keys it kept, and their secrets (CA keys, device keys, key
 * passphrases, device passwords), sealed like every other secret.
 */
import { z } from 'zod';
import { CaRecord } from '../../../shared/certs/issue';
import { Sealable } from './document-sealable';

/** An identity kept with its key, so a profile can be made from it later (its secrets are in `secrets`). */
export const StoredIdentity = z.object({
  serialNumber: z.string(),
  /** Leaf first, then the intermediates above it (what TLS sends). */
  certPem: z.string(),
  /** Only as a marker: the PKCS#12 bundle itself is in `secrets`. */
  hasPkcs12: z.boolean().default(false),
});
export type StoredIdentity = z.infer<typeof StoredIdentity>;

export const StoredCa = z.object({
  id: z.string().min(1).max(100),
  parentId: z.string().min(1).max(100).nullable(),
  createdAt: z.string(),
  record: CaRecord,
  certPem: z.string(),
  /** This CA's certificate and the ones above it (an intermediate's chain file). */
  chainPem: z.string(),
  lastCrl: z.object({ pem: z.string(), thisUpdate: z.string(), nextUpdate: z.string() }).nullable(),
  kept: z.array(StoredIdentity),
});
export type StoredCa = z.infer<typeof StoredCa>;

export const WorkbenchDocument = z.object({
  cas: z.array(StoredCa),
  /** Slot → sealed value; slots are named by `workbenchSlot`. */
  secrets: z.record(z.string(), Sealable),
});
export type WorkbenchDocument = z.infer<typeof WorkbenchDocument>;

/** What a workbench secret slot holds. */
export type WorkbenchSecretKind = 'ca-key' | 'key' | 'passphrase' | 'password' | 'pfx';

/** The slot name of a secret: `ca-key:<caId>`, or `<kind>:<caId>:<serial>` for an issued identity. */
export function workbenchSlot(kind: WorkbenchSecretKind, caId: string, serial?: string): string {
  return kind === 'ca-key' ? `ca-key:${caId}` : `${kind}:${caId}:${serial ?? ''}`;
}

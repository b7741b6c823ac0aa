/**
 * Sealing and opening of stored values with the secret boxes, remembering the sealed form of each
 * slot so that an unchanged secret is not re-encrypted on every save.
 */
import { createHash } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box';
import type { Sealable } from './document-sealable';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Why a sealed value no box here recognises cannot be opened, by its scheme. */
function foreignReason(sealed: string): string {
  const scheme = sealed.split('.', 1)[0];
  if (scheme === 'ss1') return "It was sealed with the desktop app's OS keychain (Electron safeStorage), which this program cannot use.";
  if (scheme === 'kf1') return 'It was sealed with a Keyhole key file, which this program does not use.';
  return 'It was sealed in a way this version of Keyhole does not know.';
}

export interface SealedValues {
  /** Opens a sealed value with whichever box recognises it; the reason when none can. */
  openSealed(sealed: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }>;
  /** Notes the sealed form of a slot's value as read, so an unchanged value is written back as it was. */
  remember(slotKey: string, sealed: string, bytes: Uint8Array): void;
  /** The sealed form of a slot's value (re-used when the value did not change). */
  seal(slotKey: string, bytes: Uint8Array): Promise<Sealable>;
}

/** Seals with `box`; opens with any of `boxes` (the readers of values sealed earlier by another kind of box). */
export function createSealedValues(box: SecretBox, boxes: SecretBox[]): SealedValues {
  /** Slot key → the sealed form of the value last written there. */
  const sealedCache = new Map<string, { digest: string; sealed: string }>();
  return {
    async openSealed(sealed) {
      const owner = boxes.find((b) => b.recognises(sealed));
      if (!owner) return { ok: false, reason: foreignReason(sealed) };
      try {
        return { ok: true, bytes: await owner.open(sealed) };
      } catch (e) {
        return { ok: false, reason: message(e) };
      }
    },

    remember(slotKey, sealed, bytes) {
      // Values opened by a reader box are not cached: the next save re-seals them with `box`.
      if (box.recognises(sealed)) sealedCache.set(slotKey, { digest: digest(bytes), sealed });
    },

    async seal(slotKey, bytes) {
      const d = digest(bytes);
      const cached = sealedCache.get(slotKey);
      if (cached?.digest === d) return { sealed: cached.sealed };
      const sealed = await box.seal(bytes);
      sealedCache.set(slotKey, { digest: d, sealed });
      return { sealed };
    },
  };
}

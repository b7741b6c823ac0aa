// Checking a CONNECT password against what an auth source stores, in the hashes EMQX and the
// workbench's Redis script use (`password_hash_algorithm`): plain, SHA-256 of salt+password or
// password+salt (hex), or bcrypt. Comparisons take the same time whatever matches.
import { Buffer } from 'node:buffer';
import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PasswordHash } from '../../../shared/certs/batch';

/** What the source holds for an identity: the stored value and, for salted hashes, the salt. */
export interface StoredPassword {
  value: string;
  salt?: string;
}

export interface PasswordVerdict {
  matches: boolean;
  /** Why it could not match, when the reason is not simply "different password" (no password sent, a damaged hash). */
  problem: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Equal strings, in time independent of where they differ (both sides are hashed to one length first). */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Whether `given` is the password `stored` holds under `hash`. */
export async function checkPassword(given: string | undefined, stored: StoredPassword, hash: PasswordHash): Promise<PasswordVerdict> {
  if (given === undefined) return { matches: false, problem: 'no password was sent' };
  switch (hash) {
    case 'plain':
      return { matches: sameText(given, stored.value), problem: null };
    case 'sha256-salt-prefix':
    case 'sha256-salt-suffix': {
      if (!/^[0-9a-fA-F]{64}$/.test(stored.value)) return { matches: false, problem: 'the stored value is not a hex SHA-256 hash' };
      const salt = stored.salt ?? '';
      const digest = sha256(hash === 'sha256-salt-prefix' ? salt + given : given + salt);
      return { matches: timingSafeEqual(digest, Buffer.from(stored.value, 'hex')), problem: null };
    }
    case 'bcrypt': {
      // $2a$/$2b$/$2y$, two-digit cost, 53 characters of salt and hash (bcryptjs throws on anything else).
      if (!/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(stored.value))
        return { matches: false, problem: 'the stored value is not a bcrypt hash' };
      return { matches: await bcrypt.compare(given, stored.value), problem: null };
    }
    default: {
      const never: never = hash;
      return never;
    }
  }
}

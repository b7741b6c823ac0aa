// Where the lab looks an identity up: one interface, two sources (its built-in table, and Redis
// with an EMQX-style query). A source answers found / not found / unavailable; the password
// check and the decision are the broker's (mqtt-auth.ts), the same for both.
import type { PasswordHash } from '../../../shared/certs/batch';
import type { AuthTableEntry, TopicRights } from '../../../shared/lab/lab-config';
import type { StoredPassword } from './password-check';

/** Who is asking: the certificate's CN and subject DN, and what the CONNECT said. */
export interface AuthRequest {
  commonName: string;
  subject: string;
  username: string | null;
  clientId: string;
}

export type AuthAnswer =
  | { kind: 'found'; stored: StoredPassword; hash: PasswordHash; rights: TopicRights; detail: string }
  | { kind: 'not-found'; detail: string }
  | { kind: 'unavailable'; detail: string };

export interface AuthSource {
  readonly name: 'built-in' | 'redis';
  /** The lookup as the log shows it (the query with its arguments; never a password). */
  describe(request: AuthRequest): string;
  /** Looks the identity up; the signal aborts when the broker stops waiting. */
  lookup(request: AuthRequest, signal: AbortSignal): Promise<AuthAnswer>;
  close(): Promise<void>;
}

/** The lab's own table, keyed by certificate CN. */
export class BuiltInAuth implements AuthSource {
  readonly name = 'built-in';
  private byCn: Map<string, AuthTableEntry>;

  constructor(entries: readonly AuthTableEntry[]) {
    this.byCn = new Map(entries.map((e) => [e.commonName, e]));
  }

  /** Takes an edited table; attempts already past their lookup keep the answer they got. */
  replace(entries: readonly AuthTableEntry[]): void {
    this.byCn = new Map(entries.map((e) => [e.commonName, e]));
  }

  describe(request: AuthRequest): string {
    return `table entry for CN ${JSON.stringify(request.commonName)}`;
  }

  async lookup(request: AuthRequest): Promise<AuthAnswer> {
    const entry = this.byCn.get(request.commonName);
    if (!entry) return { kind: 'not-found', detail: 'no entry for this CN' };
    const stored: StoredPassword = entry.salt === undefined ? { value: entry.value } : { value: entry.value, salt: entry.salt };
    return { kind: 'found', stored, hash: entry.hash, rights: entry.rights, detail: `${entry.hash} password` };
  }

  async close(): Promise<void> {}
}

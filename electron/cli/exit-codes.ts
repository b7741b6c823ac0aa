import type { Verdict } from '../../shared/connect/report';

/** Exit codes: 0 accepted (with or without warnings), 1 rejected, 2 failed, 64 usage (sysexits EX_USAGE). */
export const EXIT = { accepted: 0, rejected: 1, failed: 2, usage: 64 } as const;

export function exitCodeOf(verdict: Verdict): number {
  switch (verdict) {
    case 'accepted':
    case 'accepted-with-warnings':
      return EXIT.accepted;
    case 'rejected':
      return EXIT.rejected;
    case 'failed':
      return EXIT.failed;
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

/** A usage problem the user can fix on the command line. */
export class UsageError extends Error {}

/** Exit codes of `keyhole cert`: 0 fine, 1 findings at error level (lint, inspect), 2 could not run, 64 usage. */
export const CERT_EXIT = { ok: 0, errors: 1, failed: 2, usage: 64 } as const;

/** Something the command could not do (a broken CA folder, a wrong CA passphrase); exit 2. */
export class RunError extends Error {}

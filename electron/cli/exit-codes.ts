import type { Verdict } from '../../shared/connect/report';

/**
 * Exit codes: 0 accepted (with or without warnings) or done, 1 rejected, 2 failed, and from
 * sysexits.h: 64 usage, 65 malformed input (a configuration or command line that does not
 * parse), 66 an input file that cannot be read, 74 the store could not be written, 75 the store
 * is in use by another Keyhole (try again once it is closed).
 */
export const EXIT = { accepted: 0, rejected: 1, failed: 2, usage: 64, dataError: 65, noInput: 66, ioError: 74, tempFail: 75 } as const;

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

/** A failure with its own exit code (malformed input, a busy store …). */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Exit codes of `keyhole cert`: 0 fine, 1 findings at error level (lint, inspect), 2 could not run, 64 usage. */
export const CERT_EXIT = { ok: 0, errors: 1, failed: EXIT.failed, usage: EXIT.usage } as const;

/** Something the command could not do (a broken CA folder, a wrong CA passphrase); exit 2. */
export class RunError extends ExitError {
  constructor(message: string) {
    super(EXIT.failed, message);
  }
}

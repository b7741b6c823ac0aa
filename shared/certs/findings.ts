import { z } from 'zod';

/**
 * The levels of the connection report (DESIGN §4): an error means the material will not work,
 * a warning makes success doubtful or less safe, a note is a fact worth showing.
 */
export const FindingLevel = z.enum(['error', 'warning', 'note']);
export type FindingLevel = z.infer<typeof FindingLevel>;

/** Counts per level, for a summary line and an exit code. */
export const FindingCounts = z.object({ errors: z.number().int(), warnings: z.number().int(), notes: z.number().int() });
export type FindingCounts = z.infer<typeof FindingCounts>;

/** Counts the findings of each level. */
export function countFindings(findings: readonly { level: FindingLevel }[]): FindingCounts {
  return {
    errors: findings.filter((f) => f.level === 'error').length,
    warnings: findings.filter((f) => f.level === 'warning').length,
    notes: findings.filter((f) => f.level === 'note').length,
  };
}

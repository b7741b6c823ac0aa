import { z } from 'zod';

/** A stored value: sealed by a SecretBox, or in clear (public files; secrets only until the next write). */
export const Sealable = z.union([z.object({ sealed: z.string().min(1) }).strict(), z.object({ clear: z.string() }).strict()]);
export type Sealable = z.infer<typeof Sealable>;

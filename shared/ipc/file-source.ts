// How file bytes reach the host, shared by the contract and the payloads that carry files.
import { z } from 'zod';

/** Largest file the host accepts (certificates, keys and bundles are a few KiB). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The two ways file bytes reach the host: a path it reads itself, or bytes sent once. */
export const FileSource = z.discriminatedUnion('source', [
  z.object({ source: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      source: z.literal('bytes'),
      fileName: z.string().min(1).max(255),
      /** The file content, base64 (sent once; never sent back). */
      base64: z.string().max(Math.ceil(MAX_FILE_BYTES / 3) * 4 + 4),
    })
    .strict(),
]);
export type FileSource = z.infer<typeof FileSource>;

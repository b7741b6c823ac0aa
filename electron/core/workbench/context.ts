/** What every workbench action works with: the profile service (and so the store), the output shelf, the clock. */
import { fileStems } from '../certs/batch-names';
import type { ProfileService } from '../profiles/profile-service';
import type { OutputShelf } from './outputs';

export interface WorkbenchContext {
  profiles: ProfileService;
  outputs: OutputShelf;
  now: () => Date;
  newId: () => string;
}

/** A file name stem from a CN (the batch's rules: safe characters only). */
export function fileStem(commonName: string): string {
  return fileStems([commonName])[0] ?? 'certificate';
}

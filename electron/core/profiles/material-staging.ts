/**
 * Files imported while a profile form is open: kept here until a saved profile refers to them
 * by id, so that cancelling the form leaves no trace in the store.
 */
import type { MaterialRef } from '../../../shared/profile/profile';

/** How many imported-but-unsaved files are kept; the oldest go first. */
const MAX_STAGED = 64;

export interface StagedFile {
  ref: MaterialRef;
  base64: string;
}

export interface MaterialStaging {
  stage(ref: MaterialRef, bytes: Buffer): void;
  get(id: string): StagedFile | undefined;
  /** Forgets files a saved profile now holds. */
  release(ids: Iterable<string>): void;
}

/** An empty staging area. */
export function createMaterialStaging(): MaterialStaging {
  const staged = new Map<string, StagedFile>();
  return {
    stage(ref, bytes) {
      staged.set(ref.id, { ref, base64: bytes.toString('base64') });
      while (staged.size > MAX_STAGED) staged.delete(staged.keys().next().value!);
    },
    get: (id) => staged.get(id),
    release(ids) {
      for (const id of ids) staged.delete(id);
    },
  };
}

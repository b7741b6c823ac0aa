import type { ApiError, RequestOf } from '../../../shared/ipc/contract';
import type { ImportChoice, ImportItem, ImportPreview, ImportResult } from '../../../shared/profile/transfer';

/** A file the user chose, read as text once (a passphrase retry does not read it again). */
export interface ImportFile {
  name: string;
  text: string;
}

/** Where the import dialog is. */
export type ImportStep =
  | { step: 'pick'; error: string | null }
  /** The file's secrets are sealed: ask for the passphrase (`error` after a wrong one). */
  | { step: 'passphrase'; file: ImportFile; error: string | null }
  | { step: 'preview'; file: ImportFile; preview: ImportPreview; choices: Record<string, ImportChoice>; error: string | null }
  | { step: 'done'; preview: ImportPreview; result: ImportResult };

export const START: ImportStep = { step: 'pick', error: null };

/** Each item's choice as the host would default it (keep both; replace is never a default). */
export function initialChoices(preview: ImportPreview): Record<string, ImportChoice> {
  return Object.fromEntries(preview.items.map((i) => [i.key, i.defaultChoice]));
}

/** The choices an item offers, with their labels: replace only where there is something to replace. */
export function choiceOptions(item: ImportItem): { value: ImportChoice; label: string }[] {
  if (!item.conflict) {
    return [
      { value: 'keep-both', label: 'Import' },
      { value: 'skip', label: 'Skip' },
    ];
  }
  return [
    { value: 'keep-both', label: 'Keep both' },
    { value: 'replace', label: 'Replace' },
    { value: 'skip', label: 'Skip' },
  ];
}

/** What an item's choice will do, in words. */
export function choiceEffect(item: ImportItem, choice: ImportChoice): string {
  switch (choice) {
    case 'keep-both':
      return item.keepBothName === item.name
        ? `Added as “${item.name}”.`
        : `Added as “${item.keepBothName}”; “${item.conflict?.profileName ?? item.name}” stays as it is.`;
    case 'replace':
      return item.conflict
        ? `Replaces “${item.conflict.profileName}” (its files, secrets and settings).`
        : `Added as “${item.keepBothName}”.`;
    case 'skip':
      return 'Not imported.';
    default: {
      const never: never = choice;
      return never;
    }
  }
}

/** How an item collides with an existing profile, in words; null when it does not. */
export function conflictText(item: ImportItem): string | null {
  const c = item.conflict;
  if (!c) return null;
  switch (c.by) {
    case 'id':
      return `Same profile as “${c.profileName}” (exported from here or imported before)`;
    case 'name':
      return `Conflicts with “${c.profileName}” (same name)`;
    case 'id-and-name':
      return `Conflicts with “${c.profileName}” (same profile, same name)`;
    default: {
      const never: never = c.by;
      return never;
    }
  }
}

/** The choices as `transfer:apply` takes them: every item, in preview order. */
export function applyRequestOf(preview: ImportPreview, choices: Readonly<Record<string, ImportChoice>>): RequestOf<'transfer:apply'> {
  return { token: preview.token, choices: preview.items.map((i) => ({ key: i.key, choice: choices[i.key] ?? i.defaultChoice })) };
}

/** How many items each choice covers, for the apply button and the summary line. */
export function choiceCounts(preview: ImportPreview, choices: Readonly<Record<string, ImportChoice>>): Record<ImportChoice, number> {
  const out: Record<ImportChoice, number> = { 'keep-both': 0, replace: 0, skip: 0 };
  for (const i of preview.items) {
    const c = choices[i.key] ?? i.defaultChoice;
    // Replace without a conflict adds, as the host does.
    out[c === 'replace' && !i.conflict ? 'keep-both' : c]++;
  }
  return out;
}

/** The label of the apply button: what will happen. */
export function applyLabel(counts: Record<ImportChoice, number>): string {
  const add = counts['keep-both'];
  const replace = counts.replace;
  const profiles = (n: number) => `${n} profile${n === 1 ? '' : 's'}`;
  if (add && replace) return `Import: add ${add}, replace ${replace}`;
  if (add) return `Import ${profiles(add)}`;
  if (replace) return `Replace ${profiles(replace)}`;
  return 'Nothing to import';
}

/**
 * The step after a preview request failed: ask for the passphrase, say it was wrong, or go back
 * to the file with the host's reason. Nothing was imported in any of these cases.
 */
export function stepAfterPreviewError(file: ImportFile, error: ApiError, passphraseGiven: boolean): ImportStep {
  switch (error.code) {
    case 'passphrase-required':
      return { step: 'passphrase', file, error: passphraseGiven ? 'Enter the passphrase the file was exported with.' : null };
    case 'passphrase-wrong':
      return { step: 'passphrase', file, error: 'This passphrase does not open the file’s secrets. Nothing was imported; try again.' };
    case 'invalid-file':
      return { step: 'pick', error: `${file.name} cannot be imported: ${error.message}` };
    case 'file-too-large':
      return { step: 'pick', error: `${file.name} is too large to import.` };
    default:
      return { step: 'pick', error: `${file.name} could not be read: ${error.message}` };
  }
}

/** The result in one sentence. */
export function resultSummary(result: ImportResult): string {
  const parts: string[] = [];
  if (result.added.length) parts.push(`${result.added.length} added`);
  if (result.replaced.length) parts.push(`${result.replaced.length} replaced`);
  if (result.skipped.length) parts.push(`${result.skipped.length} skipped`);
  return parts.length ? `${parts.join(', ')}.` : 'Nothing was imported.';
}

/** Items that need the user's attention after import: secrets or files that did not come along. */
export function needsAttention(item: ImportItem): boolean {
  return item.secrets.missing.length > 0 || item.files.some((f) => f.status !== 'included');
}

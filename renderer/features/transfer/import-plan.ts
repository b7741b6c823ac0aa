import type { ApiError, RequestOf } from '../../../shared/ipc/contract';
import type { ImportChoice, ImportItem, ImportPreview, ImportResult } from '../../../shared/profile/transfer';
import { i18n } from '../../i18n/i18n';

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
      { value: 'keep-both', label: i18n.t('transfer:import.choices.import') },
      { value: 'skip', label: i18n.t('transfer:import.choices.skip') },
    ];
  }
  return [
    { value: 'keep-both', label: i18n.t('transfer:import.choices.keepBoth') },
    { value: 'replace', label: i18n.t('transfer:import.choices.replace') },
    { value: 'skip', label: i18n.t('transfer:import.choices.skip') },
  ];
}

/** What an item's choice will do, in words. */
export function choiceEffect(item: ImportItem, choice: ImportChoice): string {
  switch (choice) {
    case 'keep-both':
      return item.keepBothName === item.name
        ? i18n.t('transfer:import.addedAs', { name: item.name })
        : i18n.t('transfer:import.addedBeside', { name: item.keepBothName, other: item.conflict?.profileName ?? item.name });
    case 'replace':
      return item.conflict
        ? i18n.t('transfer:import.replaces', { name: item.conflict.profileName })
        : i18n.t('transfer:import.addedAs', { name: item.keepBothName });
    case 'skip':
      return i18n.t('transfer:import.skipEffect');
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
      return i18n.t('transfer:import.sameProfile', { name: c.profileName });
    case 'name':
      return i18n.t('transfer:import.sameName', { name: c.profileName });
    case 'id-and-name':
      return i18n.t('transfer:import.sameBoth', { name: c.profileName });
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

/** The choices with `choice` given to every item that conflicts with a profile you have (apply to all); the others keep theirs. */
export function chooseForConflicts(
  preview: ImportPreview,
  choices: Readonly<Record<string, ImportChoice>>,
  choice: ImportChoice,
): Record<string, ImportChoice> {
  const next = { ...choices };
  for (const i of preview.items) if (i.conflict) next[i.key] = choice;
  return next;
}

/** The one choice every conflicting item has now, or null when they differ (or none conflicts). */
export function commonConflictChoice(preview: ImportPreview, choices: Readonly<Record<string, ImportChoice>>): ImportChoice | null {
  const chosen = new Set(preview.items.filter((i) => i.conflict).map((i) => choices[i.key] ?? i.defaultChoice));
  return chosen.size === 1 ? [...chosen][0]! : null;
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
  const profiles = (n: number) => i18n.t('transfer:profileCount', { count: n });
  if (add && replace) return i18n.t('transfer:import.applyBoth', { adds: add, replaces: replace });
  if (add) return i18n.t('transfer:import.applyAdd', { profiles: profiles(add) });
  if (replace) return i18n.t('transfer:import.applyReplace', { profiles: profiles(replace) });
  return i18n.t('transfer:import.applyNone');
}

/**
 * The step after a preview request failed: ask for the passphrase, say it was wrong, or go back
 * to the file with the host's reason. Nothing was imported in any of these cases.
 */
export function stepAfterPreviewError(file: ImportFile, error: ApiError, passphraseGiven: boolean): ImportStep {
  switch (error.code) {
    case 'passphrase-required':
      return { step: 'passphrase', file, error: passphraseGiven ? i18n.t('transfer:import.enterPassphrase') : null };
    case 'passphrase-wrong':
      return { step: 'passphrase', file, error: i18n.t('transfer:import.wrongPassphrase') };
    case 'invalid-file':
      return { step: 'pick', error: i18n.t('transfer:import.invalid', { name: file.name, message: error.message }) };
    case 'file-too-large':
      return { step: 'pick', error: i18n.t('transfer:import.fileTooLarge', { name: file.name }) };
    default:
      return { step: 'pick', error: i18n.t('transfer:import.unreadable', { name: file.name, message: error.message }) };
  }
}

/** The result in one sentence. */
export function resultSummary(result: ImportResult): string {
  const parts: string[] = [];
  if (result.added.length) parts.push(i18n.t('transfer:import.added', { count: result.added.length }));
  if (result.replaced.length) parts.push(i18n.t('transfer:import.replaced', { count: result.replaced.length }));
  if (result.skipped.length) parts.push(i18n.t('transfer:import.skippedCount', { count: result.skipped.length }));
  return parts.length ? `${parts.join(i18n.t('transfer:listComma'))}${i18n.t('transfer:fullStop')}` : i18n.t('transfer:import.nothing');
}

/** Items that need the user's attention after import: secrets or files that did not come along. */
export function needsAttention(item: ImportItem): boolean {
  return item.secrets.missing.length > 0 || item.files.some((f) => f.status !== 'included');
}

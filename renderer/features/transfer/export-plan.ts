import type { ExportRequest } from '../../../shared/ipc/contract';
import type { Profile } from '../../../shared/profile/profile';
import { MIN_EXPORT_PASSPHRASE, type SecretKind } from '../../../shared/profile/transfer';
import { i18n } from '../../i18n/i18n';

/** The secrets a profile holds, by kind (from its flags and files: the values never reach the page). */
export function heldSecrets(p: Profile): SecretKind[] {
  const out: SecretKind[] = [];
  if (p.material.key) out.push('private-key');
  if (p.material.pfx) out.push('pkcs12');
  if (p.secrets.hasPassphrase) out.push('key-passphrase');
  if (p.secrets.hasPfxPassword) out.push('pkcs12-password');
  if (p.secrets.hasPassword) out.push('mqtt-password');
  return out;
}

/** A profile whose export will lack secrets, and why. */
export interface MissingRow {
  profileId: string;
  name: string;
  missing: SecretKind[];
  /** `excluded`: the export is without secrets; `locked`: they cannot be decrypted on this machine. */
  why: 'excluded' | 'locked';
}

/**
 * What the export will leave out, before it is made: every secret without "include secrets";
 * with it, the profiles whose secrets cannot be decrypted here (the host says which).
 */
export function plannedMissing(profiles: readonly Profile[], withSecrets: boolean, lockedIds: ReadonlySet<string>): MissingRow[] {
  const rows: MissingRow[] = [];
  for (const p of profiles) {
    const held = heldSecrets(p);
    if (!withSecrets && held.length) rows.push({ profileId: p.id, name: p.name, missing: held, why: 'excluded' });
    else if (withSecrets && lockedIds.has(p.id)) rows.push({ profileId: p.id, name: p.name, missing: held, why: 'locked' });
  }
  return rows;
}

/** "private key, key passphrase and MQTT password". */
export function secretKindsText(kinds: readonly SecretKind[]): string {
  const words: string[] = kinds.map((k) => i18n.t(`transfer:secretKinds.${k}`));
  if (words.length <= 1) return words.join('');
  return i18n.t('transfer:listAnd', { list: words.slice(0, -1).join(i18n.t('transfer:listComma')), last: words.at(-1) ?? '' });
}

export interface Strength {
  /** 0 too short … 4 strong. */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  color: 'red' | 'orange' | 'yellow' | 'teal' | 'green';
  /** What would make it better, when it could be. */
  advice?: string;
}

/**
 * A rough strength hint for an export passphrase: an entropy estimate from length and
 * character classes, lowered for repeats and runs. The file may travel by mail or chat and
 * can be attacked offline, so the hint errs on the strict side.
 */
export function passphraseStrength(passphrase: string): Strength {
  if (passphrase.length < MIN_EXPORT_PASSPHRASE) {
    return {
      score: 0,
      label: i18n.t('transfer:export.strengths.tooShort'),
      color: 'red',
      advice: i18n.t('transfer:export.strengths.tooShortAdvice', { min: MIN_EXPORT_PASSPHRASE }),
    };
  }
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;
  // Characters that repeat the previous one or continue a run (abc, 123) add little.
  let effective = 1;
  for (let i = 1; i < passphrase.length; i++) {
    const d = passphrase.charCodeAt(i) - passphrase.charCodeAt(i - 1);
    effective += d === 0 || d === 1 || d === -1 ? 0.25 : 1;
  }
  const bits = effective * Math.log2(Math.max(pool, 2));
  if (bits < 45)
    return {
      score: 1,
      label: i18n.t('transfer:export.strengths.weak'),
      color: 'orange',
      advice: i18n.t('transfer:export.strengths.weakAdvice'),
    };
  if (bits < 65)
    return {
      score: 2,
      label: i18n.t('transfer:export.strengths.fair'),
      color: 'yellow',
      advice: i18n.t('transfer:export.strengths.fairAdvice'),
    };
  if (bits < 85) return { score: 3, label: i18n.t('transfer:export.strengths.good'), color: 'teal' };
  return { score: 4, label: i18n.t('transfer:export.strengths.strong'), color: 'green' };
}

export interface ExportForm {
  /** null: every profile. */
  profileIds: string[] | null;
  withSecrets: boolean;
  passphrase: string;
  confirm: string;
}

export type ExportFormErrors = Partial<Record<'selection' | 'passphrase' | 'confirm', string>>;

/** What stops the export, per field. */
export function exportFormErrors(form: ExportForm): ExportFormErrors {
  const errors: ExportFormErrors = {};
  if (form.profileIds !== null && form.profileIds.length === 0) errors.selection = i18n.t('transfer:export.chooseOne');
  if (form.withSecrets) {
    if (form.passphrase.length < MIN_EXPORT_PASSPHRASE)
      errors.passphrase = i18n.t('transfer:export.tooShort', { min: MIN_EXPORT_PASSPHRASE });
    else if (form.confirm !== form.passphrase) errors.confirm = i18n.t('transfer:export.differ');
  }
  return errors;
}

/** The request for a valid form; the passphrase travels only with secrets. */
export function exportRequestOf(form: ExportForm): ExportRequest {
  return {
    ...(form.profileIds !== null ? { profileIds: form.profileIds } : {}),
    withSecrets: form.withSecrets,
    ...(form.withSecrets ? { passphrase: form.passphrase } : {}),
  };
}

// Plain form values of the issuing forms and their conversion to requests (no React here).
import type { KeyAlgorithm, SubjectFields } from '../../../shared/certs/issue';
import { i18n } from '../../i18n/i18n';

export interface SubjectValues {
  commonName: string;
  organization: string;
  organizationalUnit: string;
  country: string;
}

export const EMPTY_SUBJECT: SubjectValues = { commonName: '', organization: '', organizationalUnit: '', country: '' };

/** Validity as people set it: starting N days from today (negative: in the past), lasting M days. */
export interface ValidityValues {
  startDays: number;
  days: number;
}

export const KEY_CHOICES: { value: KeyAlgorithm; label: string }[] = [
  { value: 'ec-p256', label: 'EC P-256' },
  { value: 'ec-p384', label: 'EC P-384' },
  { value: 'rsa-2048', label: 'RSA 2048' },
  { value: 'rsa-3072', label: 'RSA 3072' },
  { value: 'rsa-4096', label: 'RSA 4096' },
  { value: 'ed25519', label: 'Ed25519' },
];

const DAY_MS = 86_400_000;

/** The request's subject: blank optional fields left out. */
export function subjectOf(v: SubjectValues): SubjectFields {
  const trim = (s: string) => s.trim() || undefined;
  const out: SubjectFields = { commonName: v.commonName.trim() };
  const o = trim(v.organization);
  const ou = trim(v.organizationalUnit);
  const c = trim(v.country);
  if (o) out.organization = o;
  if (ou) out.organizationalUnit = ou;
  if (c) out.country = c;
  return out;
}

/** The ISO window for the request, from today at this moment. */
export function windowOf(v: ValidityValues, now: number = Date.now()): { notBefore: string; notAfter: string } {
  const start = now + v.startDays * DAY_MS;
  return { notBefore: new Date(start).toISOString(), notAfter: new Date(start + v.days * DAY_MS).toISOString() };
}

/** A subject's problem in words, or null: the CN is required, the country two letters. */
export function subjectProblem(v: SubjectValues): string | null {
  if (!v.commonName.trim()) return i18n.t('certificates:issue.cnRequired');
  if (v.commonName.trim().length > 64) return i18n.t('certificates:issue.cnTooLong');
  if (v.country.trim() && !/^[A-Za-z]{2}$/.test(v.country.trim())) return i18n.t('certificates:issue.countryCode');
  return null;
}

/** Splits a comma, space or line separated list. */
export function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

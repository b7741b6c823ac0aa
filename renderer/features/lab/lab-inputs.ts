// What the Lab section's fields accept, checked before anything is sent to the host.
import type { PasswordHash } from '../../../shared/certs/batch';
import { parseAuthTemplate } from '../../../shared/lab/auth-template';
import { i18n } from '../../i18n/i18n';
import { LabAuthConfig, OWN_TOPIC_RIGHTS, type LabAuthSettings, type LabRefusal } from '../../../shared/lab/lab-config';

/** A port as typed: empty is the default, else a whole number 0–65535 (0: any free port). */
export function parsePort(text: string): { ok: true; port: number | null } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '') return { ok: true, port: null };
  const n = Number(t);
  if (!/^\d+$/.test(t) || n > 65535) return { ok: false, message: i18n.t('lab:broker.badPort') };
  return { ok: true, port: n };
}

/** The auth source editor's fields, as typed. */
export interface AuthForm {
  source: 'built-in' | 'redis';
  url: string;
  query: string;
  hash: PasswordHash;
  timeoutMs: string;
  refusal: LabRefusal;
  usernameMustEqualCn: boolean;
}

/** The fields for saved settings (a Redis URL's password arrives as `***` and is kept by the host when sent back so). */
export function authForm(auth: LabAuthSettings): AuthForm {
  return {
    source: auth.source,
    url: auth.redis?.url ?? 'redis://127.0.0.1:6379',
    query: auth.redis?.query ?? 'HMGET tls_domain:%C password',
    hash: auth.redis?.hash ?? 'plain',
    timeoutMs: String(auth.redis?.timeoutMs ?? 2000),
    refusal: auth.refusal,
    usernameMustEqualCn: auth.usernameMustEqualCn,
  };
}

export type AuthFormCheck =
  { ok: true; config: LabAuthSettings } | { ok: false; errors: Partial<Record<'url' | 'query' | 'timeoutMs' | 'hash', string>> };

/** The settings the fields make, or what is wrong with each field (the template checked by the shared parser). */
export function checkAuthForm(form: AuthForm, saved: LabAuthSettings): AuthFormCheck {
  const errors: Partial<Record<'url' | 'query' | 'timeoutMs' | 'hash', string>> = {};
  const base = { source: form.source, refusal: form.refusal, usernameMustEqualCn: form.usernameMustEqualCn };
  if (form.source === 'built-in') {
    // A Redis configuration saved earlier is kept for when Redis is chosen again.
    const parsed = LabAuthConfig.safeParse({ ...base, ...(saved.redis ? { redis: saved.redis } : {}) });
    return parsed.success ? { ok: true, config: parsed.data } : { ok: false, errors };
  }
  if (!/^rediss?:\/\/\S+$/.test(form.url.trim())) errors.url = i18n.t('lab:auth.badUrl');
  const template = parseAuthTemplate(form.query);
  if (!template.ok) errors.query = template.error.message;
  const timeout = Number(form.timeoutMs);
  if (!/^\d+$/.test(form.timeoutMs.trim()) || timeout < 50 || timeout > 60_000) errors.timeoutMs = i18n.t('lab:auth.badTimeout');
  if (template.ok && form.hash.startsWith('sha256-salt') && template.value.values < 2)
    errors.hash = i18n.t('lab:auth.needsSalt', { hash: form.hash });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const redis = {
    url: form.url.trim(),
    query: form.query,
    hash: form.hash,
    timeoutMs: timeout,
    rights: saved.redis?.rights ?? OWN_TOPIC_RIGHTS,
  };
  const parsed = LabAuthConfig.safeParse({ ...base, redis });
  if (!parsed.success) return { ok: false, errors: { query: parsed.error.issues[0]?.message ?? i18n.t('lab:auth.invalid') } };
  return { ok: true, config: parsed.data };
}

/** Patterns as typed in a tags field: trimmed, empty ones dropped. */
export const patterns = (list: readonly string[]): string[] => list.map((p) => p.trim()).filter((p) => p.length > 0);

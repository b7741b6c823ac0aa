// A Redis URL may carry a password (redis://user:password@host). The UI sees it as `***`; a URL
// sent back with `***` in that place keeps the password saved for the same server.
import type { LabAuthSettings } from '../../../shared/lab/lab-config';

export const HIDDEN_PASSWORD = '***';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The URL with its password shown as `***` (unchanged when it has none). */
export function redactUrl(url: string): string {
  const u = parse(url);
  if (!u?.password) return url;
  u.password = HIDDEN_PASSWORD;
  return u.toString();
}

/** Auth settings as the UI may see them. */
export function redactAuth(auth: LabAuthSettings): LabAuthSettings {
  return auth.redis ? { ...auth, redis: { ...auth.redis, url: redactUrl(auth.redis.url) } } : auth;
}

/** `auth` with a `***` password replaced by the one saved for the same user, host and port. */
export function mergeRedisPassword(auth: LabAuthSettings, saved: LabAuthSettings): LabAuthSettings {
  const incoming = auth.redis ? parse(auth.redis.url) : null;
  const before = saved.redis ? parse(saved.redis.url) : null;
  if (!auth.redis || !incoming || incoming.password !== HIDDEN_PASSWORD) return auth;
  const same = before !== null && before.host === incoming.host && before.username === incoming.username;
  incoming.password = same ? before.password : '';
  return { ...auth, redis: { ...auth.redis, url: incoming.toString() } };
}

// Per-identity topic rights: MQTT topic filters with placeholders, checked for each PUBLISH
// (the topic must match a publish right, MQTT 3.1.1 §4.7) and each SUBSCRIBE (the requested
// filter must lie inside a subscribe right: `devices/%C/#` covers `devices/dev-1/+`).
import type { TopicRights } from '../../../shared/lab/lab-config';

/** What the placeholders of a right stand for on one connection. */
export interface RightValues {
  commonName: string;
  username: string | null;
  clientId: string;
}

export interface RightsDecision {
  allowed: boolean;
  /** The right that allowed it, as written (with its placeholders). */
  rule: string | null;
  reason: string;
}

/**
 * A right with its placeholders filled, or null when a value would change the filter's shape: a
 * CN or client id holding `/`, `+`, `#` or NUL must not widen `devices/%c/#` to more topics.
 */
export function expandRight(right: string, values: RightValues): string | null {
  let unsafe = false;
  const out = right.replace(/%[Cuc%]/g, (p) => {
    if (p === '%%') return '%';
    const value = p === '%C' ? values.commonName : p === '%u' ? (values.username ?? '') : values.clientId;
    if (value === '' || /[/+#\0]/.test(value)) unsafe = true;
    return value;
  });
  return unsafe ? null : out;
}

/** MQTT 3.1.1 §4.7: does `filter` (with `+` and `#`) match the topic name `topic`? */
export function topicMatches(filter: string, topic: string): boolean {
  // §4.7.2: a filter starting with a wildcard does not match topics starting with `$`.
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Does the right `outer` allow subscribing to `inner`: every topic `inner` can match, `outer` matches too. */
export function filterCovers(outer: string, inner: string): boolean {
  if (inner.startsWith('$') !== outer.startsWith('$') && (outer.startsWith('+') || outer.startsWith('#'))) return false;
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '#') return true;
    if (i >= n.length) return false;
    if (n[i] === '#') return false;
    if (o[i] === '+') continue;
    if (n[i] === '+' || o[i] !== n[i]) return false;
  }
  return o.length === n.length;
}

/** The decision for one PUBLISH or SUBSCRIBE. */
export function decide(rights: TopicRights, action: 'publish' | 'subscribe', topic: string, values: RightValues): RightsDecision {
  const list = rights[action];
  if (list.length === 0) return { allowed: false, rule: null, reason: `this identity has no ${action} rights` };
  for (const right of list) {
    const expanded = expandRight(right, values);
    if (expanded === null) continue;
    const fits = action === 'publish' ? topicMatches(expanded, topic) : filterCovers(expanded, topic);
    if (fits) return { allowed: true, rule: right, reason: '' };
  }
  return { allowed: false, rule: null, reason: `outside this identity's ${action} rights (${list.join(', ')})` };
}

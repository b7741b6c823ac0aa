import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const t = i18n.getFixedT(null, ['messages', 'common']);

/**
 * Whether a topic name matches a topic filter with `+` and `#` wildcards (MQTT 5.0 §4.7).
 * Topics starting with `$` do not match filters starting with a wildcard (§4.7.2).
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}

/** The message list's filter: MQTT wildcard matching when it has wildcards, else a substring search. */
export function topicFilterAccepts(filter: string, topic: string): boolean {
  const f = filter.trim();
  if (!f) return true;
  if (f.includes('+') || f.includes('#')) return topicMatches(f, topic);
  return topic.toLowerCase().includes(f.toLowerCase());
}

/** The colour of the first subscription whose filter matches the topic. */
export function colorFor(colors: Readonly<Record<string, string>>, topic: string): string | undefined {
  for (const [filter, color] of Object.entries(colors)) if (topicMatches(filter, topic)) return color;
  return undefined;
}

/** Topic filter syntax (MQTT 5.0 §4.7.1): `#` only last and alone in its level, `+` alone in its level. */
export function topicFilterError(filter: string): string | undefined {
  if (!filter) return t('messages:topic.enterFilter');
  const parts = filter.split('/');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p.includes('#') && (p !== '#' || i !== parts.length - 1)) return t('messages:topic.hashLast');
    if (p.includes('+') && p !== '+') return t('messages:topic.plusLevel');
  }
  return undefined;
}

/** Topic name syntax for publishing: no wildcards (MQTT 5.0 §4.7.1). */
export function topicNameError(topic: string): string | undefined {
  if (!topic) return t('messages:topic.enterTopic');
  if (/[+#]/.test(topic)) return t('messages:topic.noWildcards');
  return undefined;
}

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
  if (!filter) return 'Enter a topic filter';
  const parts = filter.split('/');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p.includes('#') && (p !== '#' || i !== parts.length - 1)) return '“#” must be the last level, alone';
    if (p.includes('+') && p !== '+') return '“+” must fill a whole level';
  }
  return undefined;
}

/** Topic name syntax for publishing: no wildcards (MQTT 5.0 §4.7.1). */
export function topicNameError(topic: string): string | undefined {
  if (!topic) return 'Enter a topic';
  if (/[+#]/.test(topic)) return 'No wildcards when publishing';
  return undefined;
}

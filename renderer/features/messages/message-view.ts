/**
 * The filtered message list, kept up to date incrementally: each store update looks only at the
 * messages that arrived since the last one (and drops those the ring buffer let go), so a flood
 * costs the filter per new message, not per message kept. Only a change of query, a paused
 * snapshot or a replaced buffer reads the whole log again.
 */
import type { MqttMessage } from '../../../shared/ipc/contract';
import type { RingBuffer } from '../../store/ring-buffer';
import { searchableText } from './payload';
import { topicFilterAccepts } from './topic-match';

export type Direction = 'all' | 'in' | 'out';

/** What the user filters the list by: topic (text or MQTT wildcards), direction and payload text. */
export interface MessageQuery {
  topic: string;
  direction: Direction;
  search: string;
}

export const NO_QUERY: MessageQuery = { topic: '', direction: 'all', search: '' };

/** The test a message must pass, or null when the query lets everything through. */
export function queryMatcher(q: MessageQuery): ((m: MqttMessage) => boolean) | null {
  const topic = q.topic.trim();
  const search = q.search.trim().toLowerCase();
  if (!topic && q.direction === 'all' && !search) return null;
  return (m) =>
    (q.direction === 'all' || m.direction === q.direction) &&
    (!topic || topicFilterAccepts(topic, m.topic)) &&
    (!search || searchableText(m).toLowerCase().includes(search));
}

const sameQuery = (a: MessageQuery, b: MessageQuery) => a.topic === b.topic && a.direction === b.direction && a.search === b.search;

/** Where the list's messages come from: the live buffer, or the snapshot taken at pause. */
export type ViewSource = { kind: 'live'; buffer: RingBuffer<MqttMessage> } | { kind: 'frozen'; messages: readonly MqttMessage[] };

export interface MessageView {
  /** Matching messages, oldest first. Replaced (never mutated) when it changes, so React sees it. */
  items: readonly MqttMessage[];
  /** Matching messages appended over the view's life: the difference between two reads is what is new. */
  added: number;
  /** Seq of the newest message looked at. */
  lastSeq: number;
  query: MessageQuery;
  /** The buffer or snapshot the view was built from (a different one means a full rebuild). */
  from: unknown;
}

function rebuild(source: ViewSource, query: MessageQuery, added: number): MessageView {
  const all = source.kind === 'live' ? source.buffer.toArray() : source.messages;
  const match = queryMatcher(query);
  const items = match ? all.filter(match) : [...all];
  const lastSeq = all.length ? (all[all.length - 1] as MqttMessage).seq : -1;
  return { items, added, lastSeq, query, from: source.kind === 'live' ? source.buffer : source.messages };
}

/** The view after the source changed: incremental for a live buffer that only grew or dropped its oldest. */
export function updateView(prev: MessageView | null, source: ViewSource, query: MessageQuery): MessageView {
  const from = source.kind === 'live' ? source.buffer : source.messages;
  if (!prev || prev.from !== from || !sameQuery(prev.query, query)) return rebuild(source, query, prev?.added ?? 0);
  // A snapshot never changes; a live buffer only gains new messages and loses its oldest.
  if (source.kind === 'frozen') return prev;
  const buffer = source.buffer;
  // New messages sit at the end, with a seq above the last one seen.
  let first = buffer.size;
  while (first > 0 && (buffer.at(first - 1) as MqttMessage).seq > prev.lastSeq) first--;
  const match = queryMatcher(query);
  const fresh: MqttMessage[] = [];
  for (let i = first; i < buffer.size; i++) {
    const m = buffer.at(i) as MqttMessage;
    if (!match || match(m)) fresh.push(m);
  }
  // Messages the ring buffer let go (or a clear removed) leave the view too.
  const oldest = buffer.size ? (buffer.at(0) as MqttMessage).seq : Infinity;
  let gone = 0;
  while (gone < prev.items.length && (prev.items[gone] as MqttMessage).seq < oldest) gone++;
  if (fresh.length === 0 && gone === 0) return prev;
  const items = gone ? prev.items.slice(gone) : prev.items.slice();
  for (const m of fresh) (items as MqttMessage[]).push(m);
  const lastSeq = buffer.size ? (buffer.at(buffer.size - 1) as MqttMessage).seq : prev.lastSeq;
  return { items, added: prev.added + fresh.length, lastSeq: Math.max(lastSeq, prev.lastSeq), query, from };
}

import type { EventPayload, MqttMessage } from '../../shared/ipc/contract';
import type { SliceFactory } from './app-store';
import { RingBuffer } from './ring-buffer';

/**
 * One connection's message history. The buffer is mutated in place; `version` changes with every
 * change so selectors and memos can tell. `frozen` is the snapshot the list shows while paused.
 */
export interface MessageLog {
  buffer: RingBuffer<MqttMessage>;
  version: number;
  frozen: readonly MqttMessage[] | null;
  /** `buffer.totalPushed` when the list was paused, to count what arrived since. */
  frozenPushed: number;
  /** Messages the host dropped because the UI could not keep up. */
  droppedByHost: number;
  /** `buffer.totalPushed` at the last clear: what was pushed since, less what is kept, fell off the limit. */
  clearedPushed: number;
}

/** Messages the history limit pushed out of a log since it was last cleared. */
export const droppedByLimit = (log: MessageLog | undefined): number =>
  log ? log.buffer.totalPushed - log.clearedPushed - log.buffer.size : 0;

/** The list's direction and payload-text filters (the topic filter is `messageFilter`). */
export interface MessageRefine {
  direction: 'all' | 'in' | 'out';
  search: string;
}

export interface MessagesSlice {
  messageLogs: Record<string, MessageLog>;
  historyLimit: number;
  messageRefine: Record<string, MessageRefine>;

  /** Event from the host: a batch of messages for any number of connections. */
  appendMessages(batch: EventPayload<'messages:batch'>): void;
  /** Loads the host's kept history for a profile (after a reload), merged with what arrived since. */
  loadHistory(profileId: string): Promise<void>;
  clearMessages(profileId: string): Promise<void>;
  setPaused(profileId: string, paused: boolean): void;
  setHistoryLimit(limit: number): void;
  setMessageRefine(profileId: string, patch: Partial<MessageRefine>): void;
  /** Offers a message export (text) or a payload (bytes) as a file download. */
  saveMessageFile(fileName: string, data: string | Uint8Array, mime: string): void;
}

export const createMessagesSlice: SliceFactory<MessagesSlice> = (api, options) => (set, get) => {
  const logOf = (logs: Record<string, MessageLog>, id: string, limit: number): MessageLog =>
    logs[id] ?? {
      buffer: new RingBuffer<MqttMessage>(limit),
      version: 0,
      frozen: null,
      frozenPushed: 0,
      droppedByHost: 0,
      clearedPushed: 0,
    };

  return {
    messageLogs: {},
    historyLimit: options.historyLimit,
    messageRefine: {},

    appendMessages({ messages, dropped }) {
      if (messages.length === 0 && Object.keys(dropped).length === 0) return;
      const byProfile = new Map<string, MqttMessage[]>();
      for (const m of messages) {
        const list = byProfile.get(m.profileId);
        if (list) list.push(m);
        else byProfile.set(m.profileId, [m]);
      }
      set((s) => {
        const logs = { ...s.messageLogs };
        for (const id of new Set([...byProfile.keys(), ...Object.keys(dropped)])) {
          const log = logOf(logs, id, s.historyLimit);
          log.buffer.pushAll(byProfile.get(id) ?? []);
          logs[id] = { ...log, version: log.version + 1, droppedByHost: log.droppedByHost + (dropped[id] ?? 0) };
        }
        return { messageLogs: logs };
      });
    },

    async loadHistory(profileId) {
      const r = await api.messages.history({ profileId, limit: Math.min(get().historyLimit, 10_000) });
      if (!r.ok) return;
      set((s) => {
        const log = logOf(s.messageLogs, profileId, s.historyLimit);
        const last = r.value.reduce((max, m) => Math.max(max, m.seq), -Infinity);
        // Messages that arrived by event while the history was on its way are newer than its last one.
        const since = log.buffer.toArray().filter((m) => m.seq > last);
        const buffer = new RingBuffer<MqttMessage>(s.historyLimit);
        buffer.pushAll(r.value);
        buffer.pushAll(since);
        return { messageLogs: { ...s.messageLogs, [profileId]: { ...log, buffer, version: log.version + 1, clearedPushed: 0 } } };
      });
    },

    async clearMessages(profileId) {
      await api.messages.clear({ profileId });
      set((s) => {
        const log = s.messageLogs[profileId];
        if (!log) return {};
        log.buffer.clear();
        return {
          messageLogs: {
            ...s.messageLogs,
            [profileId]: {
              ...log,
              version: log.version + 1,
              frozen: log.frozen ? [] : null,
              frozenPushed: log.buffer.totalPushed,
              droppedByHost: 0,
              clearedPushed: log.buffer.totalPushed,
            },
          },
        };
      });
    },

    setPaused(profileId, paused) {
      set((s) => {
        const log = logOf(s.messageLogs, profileId, s.historyLimit);
        return {
          messageLogs: {
            ...s.messageLogs,
            [profileId]: {
              ...log,
              version: log.version + 1,
              frozen: paused ? log.buffer.toArray() : null,
              frozenPushed: log.buffer.totalPushed,
            },
          },
        };
      });
    },

    setHistoryLimit(limit) {
      set((s) => {
        const logs: Record<string, MessageLog> = {};
        for (const [id, log] of Object.entries(s.messageLogs)) {
          log.buffer.resize(limit);
          logs[id] = { ...log, version: log.version + 1 };
        }
        return { historyLimit: limit, messageLogs: logs };
      });
    },

    saveMessageFile(fileName, data, mime) {
      if (typeof data === 'string') options.download(fileName, data, mime);
      else options.downloadBytes(fileName, data, mime);
    },

    setMessageRefine(profileId, patch) {
      set((s) => ({
        messageRefine: { ...s.messageRefine, [profileId]: { direction: 'all', search: '', ...s.messageRefine[profileId], ...patch } },
      }));
    },
  };
};

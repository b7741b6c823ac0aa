/**
 * Collects incoming and outgoing messages and hands them on in batches, so a broker sending
 * thousands of messages a second costs the UI one update per interval, not one per message.
 */
import type { MqttMessage } from '../../../shared/ipc/contract';

export interface BatcherOptions {
  /** Longest a message waits before its batch goes out. */
  intervalMs: number;
  /** A batch goes out at once when it holds this many messages. */
  maxMessages: number;
  flush: (messages: MqttMessage[]) => void;
}

export interface MessageBatcher {
  push(message: MqttMessage): void;
  /** Sends what is pending now (before a state change that must follow the messages). */
  flush(): void;
  dispose(): void;
}

/** One batcher per host; batches mix connections (each message names its profile). */
export function createMessageBatcher(options: BatcherOptions): MessageBatcher {
  let pending: MqttMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    options.flush(batch);
  };
  return {
    push(message) {
      pending.push(message);
      if (pending.length >= options.maxMessages) flush();
      else timer ??= setTimeout(flush, options.intervalMs);
    },
    flush,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}

/** Display limit of one payload: larger payloads are cut (the message says `truncated`). */
export const MAX_DISPLAY_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A payload as the UI shows it: UTF-8 text when it decodes as such, base64 otherwise. A cut
 * may split a multi-byte character, so up to three trailing bytes are given back before
 * deciding the payload is binary.
 */
export function displayPayload(
  bytes: Uint8Array,
  limit = MAX_DISPLAY_BYTES,
): Pick<MqttMessage, 'payload' | 'encoding' | 'size' | 'truncated'> {
  const truncated = bytes.byteLength > limit;
  const slice = truncated ? bytes.subarray(0, limit) : bytes;
  for (let back = 0; back <= (truncated ? 3 : 0); back++) {
    try {
      return { payload: utf8.decode(slice.subarray(0, slice.byteLength - back)), encoding: 'utf8', size: bytes.byteLength, truncated };
    } catch {
      // not text (yet): try a shorter cut, then fall back to base64
    }
  }
  return {
    payload: Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('base64'),
    encoding: 'base64',
    size: bytes.byteLength,
    truncated,
  };
}

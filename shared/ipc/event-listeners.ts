import type { EventName } from './contract';

/** The event side of a `window.keyhole` transport: who listens to which event. */
export interface EventListeners {
  /** Registers a listener; each registration needs its own unsubscribe, even for the same function. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Calls the event's listeners with the payload only (never a transport object). */
  emit(event: EventName, payload: unknown): void;
}

/** Listener bookkeeping shared by the preload bridge and the WebSocket client. */
export function createEventListeners(): EventListeners {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = (payload: unknown) => listener(payload);
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    emit(event, payload) {
      // A copy: a listener may unsubscribe itself while the event is delivered.
      for (const l of [...(listeners.get(event) ?? [])]) l(payload);
    },
  };
}

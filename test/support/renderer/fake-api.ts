// A fake host at our own boundary: the real contract's `buildKeyholeApi` over a transport whose
// handlers the test writes, with every request, response and event validated against the
// contract's schemas (so a slice that sends a malformed request fails here as it would against
// the real host, and a test cannot feed the UI a shape the host never sends).
import {
  buildKeyholeApi,
  contract,
  events,
  type ApiResult,
  type Channel,
  type EventName,
  type EventPayload,
  type KeyholeApi,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../../shared/ipc/contract';

type Handler<C extends Channel> = (request: ParsedRequestOf<C>) => ApiResult<ResponseOf<C>> | Promise<ApiResult<ResponseOf<C>>>;
export type Handlers = { [C in Channel]?: Handler<C> };

export interface FakeHost {
  api: KeyholeApi;
  /** Every request, in order, as the host received it. */
  calls: { channel: Channel; request: unknown }[];
  handle<C extends Channel>(channel: C, handler: Handler<C>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
  /** Sets what `pathForFile` answers (the desktop app's drag-and-drop). */
  setPathForFile(fn: (file: { name: string }) => string | null): void;
}

export function fakeHost(handlers: Handlers = {}): FakeHost {
  const table: Handlers = { ...handlers };
  const calls: FakeHost['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let pathForFile: (file: { name: string }) => string | null = () => null;
  const api = buildKeyholeApi({
    async invoke(channel, request) {
      const parsed = contract[channel].request.safeParse(request);
      if (!parsed.success) throw new Error(`${channel}: request does not match the contract: ${parsed.error.message}`);
      calls.push({ channel, request: parsed.data });
      const handler = table[channel] as Handler<typeof channel> | undefined;
      if (!handler) return { ok: false, error: { code: 'internal', message: `no fake handler for ${channel}` } };
      const result = await handler(parsed.data as never);
      if (result.ok) {
        const checked = contract[channel].response.safeParse(result.value);
        if (!checked.success) throw new Error(`${channel}: the fake's response does not match the contract: ${checked.error.message}`);
      }
      return result;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    pathForFile: (file) => pathForFile(file),
  });
  return {
    api,
    calls,
    handle(channel, handler) {
      (table as Record<string, unknown>)[channel] = handler;
    },
    emit(event, payload) {
      const checked = events[event].safeParse(payload);
      if (!checked.success) throw new Error(`${event}: the event does not match the contract: ${checked.error.message}`);
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    setPathForFile(fn) {
      pathForFile = fn;
    },
  };
}

export const okValue = <T>(value: T): ApiResult<T> => ({ ok: true, value });

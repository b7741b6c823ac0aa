// Walks the contract: every channel has exactly one handler in createApi and one bridge method
// in both `window.keyhole` implementations (preload over IPC, client over the WebSocket), and
// every request and event schema refuses malformed input.
import { describe, expect, it } from 'vitest';
import {
  buildKeyholeApi,
  CHANNELS,
  contract,
  EVENT_CHANNEL,
  EVENT_NAMES,
  events,
  splitChannel,
  type EventEnvelope,
  type KeyholeApi,
} from '../../../../shared/ipc/contract';
import { createWsKeyhole, webSocketUrl, type WebSocketLike } from '../../../../shared/ipc/ws-client';
import { createApi } from '../../../../electron/core/host/api';
import { createConnectionManager } from '../../../../electron/core/host/connection-manager';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../../electron/core/store/store-data';
import { createPreloadApi } from '../../../../electron/preload/bridge';
import { VALID } from '../../../support/contract-examples';

/** A JSON value of another type than `value`. */
const wrongType = (value: unknown): unknown => (typeof value === 'string' ? 12345 : value === null ? 12345 : 'not-the-right-type');

/** Records which channels a bridge invoked, with a Result-shaped answer. */
function recordingTransport() {
  const invoked: string[] = [];
  return {
    invoked,
    invoke: async (channel: string) => {
      invoked.push(channel);
      return { ok: true, value: null };
    },
  };
}

function methodNames(api: KeyholeApi): string[] {
  const names: string[] = [];
  for (const [domain, group] of Object.entries(api)) {
    if (typeof group === 'function') continue;
    for (const [verb, fn] of Object.entries(group as Record<string, unknown>)) {
      expect(typeof fn, `${domain}.${verb}`).toBe('function');
      names.push(`${domain}:${verb}`);
    }
  }
  return names.sort();
}

async function callEveryChannel(api: KeyholeApi): Promise<void> {
  for (const channel of CHANNELS) {
    const [domain, verb] = splitChannel(channel);
    const group = (api as unknown as Record<string, Record<string, (r: unknown) => Promise<unknown>>>)[domain]!;
    await group[verb]!(VALID[channel]);
  }
}

class FakeSocket implements WebSocketLike {
  readyState = 1;
  sent: string[] = [];
  private listeners = new Map<string, ((event: { data: unknown }) => void)[]>();
  send(data: string) {
    this.sent.push(data);
    const frame = JSON.parse(data) as { id: number };
    queueMicrotask(() =>
      this.fire('message', { data: JSON.stringify({ type: 'response', id: frame.id, result: { ok: true, value: null } }) }),
    );
  }
  close() {
    this.readyState = 3;
    this.fire('close', { data: undefined });
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: { data: unknown }) {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

describe('the contract', () => {
  it('names every channel domain:verb, once', () => {
    for (const channel of CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    for (const name of EVENT_NAMES) expect(name).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
  });

  it('has exactly one handler per channel in createApi', async () => {
    const store = createMemoryStore();
    const profiles = await openProfileService({ store });
    const connections = createConnectionManager({
      probe: async () => Promise.reject(new Error('no probe here')),
      resolve: (id) => profiles.resolve(id),
      emit: () => undefined,
    });
    const api = createApi({
      profiles,
      connections,
      info: () => ({
        name: 'Keyhole',
        version: '0',
        host: 'web',
        platform: 'linux',
        versions: {},
        capabilities: { nativeFilePicker: false, pathImport: false },
        dataDir: '/tmp',
      }),
      allowPathImport: false,
    });
    expect(Object.keys(api.handlers).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof api.handlers[channel], channel).toBe('function');
  });

  it('gives the preload one bridge method per channel, each invoking its own channel', async () => {
    const transport = recordingTransport();
    const api = createPreloadApi({ invoke: transport.invoke, on: () => undefined } as never, { getPathForFile: () => '' });
    expect(methodNames(api)).toEqual([...CHANNELS].sort());
    expect(
      Object.keys(api)
        .filter((k) => typeof (api as unknown as Record<string, unknown>)[k] === 'function')
        .sort(),
    ).toEqual(['on', 'pathForFile']);
    await callEveryChannel(api);
    expect(transport.invoked).toEqual([...CHANNELS]);
  });

  it('gives the WebSocket client the same methods, each sending its own channel', async () => {
    const socket = new FakeSocket();
    const client = createWsKeyhole({ url: 'ws://127.0.0.1:1/ws', connect: () => socket });
    expect(methodNames(client.api)).toEqual([...CHANNELS].sort());
    await callEveryChannel(client.api);
    expect(socket.sent.map((s) => (JSON.parse(s) as { channel: string }).channel)).toEqual([...CHANNELS]);
  });

  it('fills in an omitted empty request with {}', async () => {
    const sent: unknown[] = [];
    const api = buildKeyholeApi({
      invoke: async (_c, r) => (sent.push(r), { ok: true, value: [] }),
      on: () => () => undefined,
      pathForFile: () => null,
    });
    await api.profiles.list();
    expect(sent).toEqual([{}]);
  });

  describe.each(CHANNELS)('%s request schema', (channel) => {
    const schema = contract[channel].request;
    const valid = VALID[channel] as Record<string, unknown>;

    it('accepts the example request', () => {
      expect(schema.safeParse(valid).success).toBe(true);
    });

    it('refuses what is not an object', () => {
      for (const bad of [null, undefined, 42, 'x', [], true]) expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    });

    it('refuses each field with the wrong type', () => {
      for (const key of Object.keys(valid)) {
        expect(schema.safeParse({ ...valid, [key]: wrongType(valid[key]) }).success, key).toBe(false);
      }
    });

    it('refuses a missing required field by its name, and an unknown one', () => {
      const shape = (schema as unknown as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
      expect(shape, 'request schemas are objects').toBeDefined();
      for (const key of Object.keys(valid)) {
        // Deleting the key (not setting it to undefined) is what a caller that forgets a field sends.
        const { [key]: _dropped, ...rest } = valid;
        const parsed = schema.safeParse(rest);
        if (shape![key]!.safeParse(undefined).success) {
          // An optional field may still be needed with another (a passphrase with secrets): then it is named.
          if (!parsed.success)
            expect(
              parsed.error.issues.map((i) => i.path[0]),
              key,
            ).toContain(key);
          continue;
        }
        expect(parsed.success, `${key} is required`).toBe(false);
        expect(
          parsed.error?.issues.map((i) => i.path[0]),
          key,
        ).toContain(key);
      }
      // Drafts ignore unknown keys (they hold forms' state); every other request is strict.
      if (channel !== 'profiles:save') expect(schema.safeParse({ ...valid, unexpected: 1 }).success).toBe(false);
    });
  });

  it('refuses a user property named __proto__ in a publish, where a plain record would drop it', () => {
    // JSON.parse makes `__proto__` an own key, as the web host's frames and IPC payloads arrive.
    const properties = JSON.parse('{"userProperties": {"__proto__": {"x": 1}, "site": "a"}}') as unknown;
    const parsed = contract['mqtt:publish'].request.safeParse({ ...VALID['mqtt:publish'], properties });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/__proto__/);
  });

  it('refuses malformed event payloads', () => {
    for (const name of EVENT_NAMES) {
      for (const bad of [null, 42, 'x', [], { profileId: 7 }])
        expect(events[name].safeParse(bad).success, `${name} ${JSON.stringify(bad)}`).toBe(false);
    }
  });
});

describe('the preload bridge', () => {
  it('hands listeners the payload only, never the IPC event, and unsubscribes', () => {
    let ipcListener: ((event: unknown, envelope: EventEnvelope) => void) | null = null;
    const api = createPreloadApi(
      {
        invoke: async () => null,
        on: ((channel: string, listener: (event: unknown, envelope: EventEnvelope) => void) => {
          expect(channel).toBe(EVENT_CHANNEL);
          ipcListener = listener;
        }) as never,
      },
      { getPathForFile: () => '/home/user/client.pem' },
    );
    const calls: unknown[][] = [];
    const off = api.on('messages:batch', (...args: unknown[]) => calls.push(args));
    const payload = { messages: [], dropped: {} };
    const fakeEvent = { sender: { send: () => undefined }, ports: [] };
    ipcListener!(fakeEvent, { event: 'messages:batch', payload });
    ipcListener!(fakeEvent, { event: 'profiles:changed', payload: { profiles: [], groups: [] } });
    expect(calls).toEqual([[payload]]);
    off();
    ipcListener!(fakeEvent, { event: 'messages:batch', payload });
    expect(calls).toHaveLength(1);
    expect(api.pathForFile({ name: 'client.pem', size: 1 })).toBe('/home/user/client.pem');
  });

  it('turns a rejected invoke into an internal error value', async () => {
    const api = createPreloadApi({ invoke: async () => Promise.reject(new Error('No handler registered')), on: () => undefined } as never, {
      getPathForFile: () => '',
    });
    await expect(api.profiles.list()).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'profiles:list: No handler registered' },
    });
  });
});

describe('the WebSocket client', () => {
  it('derives the socket URL from the page URL, keeping the token', () => {
    expect(webSocketUrl('http://127.0.0.1:4000/?token=a%2Bb')).toBe('ws://127.0.0.1:4000/ws?token=a%2Bb');
    expect(webSocketUrl('http://localhost:4000/profiles/x')).toBe('ws://localhost:4000/ws');
    expect(webSocketUrl('https://host.example/?x=1&token=t#frag')).toBe('wss://host.example/ws?token=t');
  });

  it('queues requests until the socket opens and fails them as values when it closes', async () => {
    const socket = new FakeSocket();
    socket.readyState = 0;
    const client = createWsKeyhole({ url: 'ws://x/ws', connect: () => socket });
    const first = client.api.profiles.list();
    expect(socket.sent).toHaveLength(0);
    socket.readyState = 1;
    socket.fire('open', { data: undefined });
    await expect(first).resolves.toEqual({ ok: true, value: null });
    // A request in flight when the host goes away resolves to an error, never hangs.
    socket.send = (data: string) => void socket.sent.push(data);
    const second = client.api.profiles.list();
    socket.close();
    await expect(second).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(client.status()).toBe('closed');
    await expect(client.api.app.info()).resolves.toMatchObject({ ok: false });
  });

  it('delivers events to their listeners only, until unsubscribed', () => {
    const socket = new FakeSocket();
    const client = createWsKeyhole({ url: 'ws://x/ws', connect: () => socket });
    const got: unknown[] = [];
    const off = client.api.on('connection:state', (p) => got.push(p));
    const state = { profileId: 'p1', state: { status: 'idle' }, subscriptions: [] };
    socket.fire('message', { data: JSON.stringify({ type: 'event', event: 'connection:state', payload: state }) });
    socket.fire('message', { data: JSON.stringify({ type: 'event', event: 'messages:batch', payload: { messages: [], dropped: {} } }) });
    socket.fire('message', { data: 'not json' });
    off();
    socket.fire('message', { data: JSON.stringify({ type: 'event', event: 'connection:state', payload: state }) });
    expect(got).toEqual([state]);
    expect(client.api.pathForFile({ name: 'a', size: 1 })).toBeNull();
  });
});

// The web host as an attacker on this machine meets it: raw HTTP requests and WebSocket
// upgrades with a wrong or missing token, a foreign Origin (a page on another site in the same
// browser) or a foreign Host (DNS rebinding), request targets that try to leave the renderer's
// folder, an oversized frame, and thousands of malformed frames. Every one is refused, the
// headers forbid framing and sniffing, and the host keeps serving its own page afterwards.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../electron/web/host';
import { TOKEN_COOKIE, WS_PATH } from '../../../shared/ipc/ws-protocol';

const TOKEN = 'a'.repeat(43);
const CANARY = 'canary-outside-the-renderer-folder';

let dir = '';
let host: WebHost;
let origin = '';

/** One raw HTTP/1.1 exchange, so that no client library tidies the request target. */
function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(host.port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      // A switched protocol never closes by itself: its head is the whole answer.
      if (answer.startsWith('HTTP/1.1 101') && answer.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(request);
  });
}

const get = (target: string, headers: Record<string, string> = {}) =>
  raw(
    `GET ${target} HTTP/1.1\r\n${Object.entries({ Host: `127.0.0.1:${host.port}`, Connection: 'close', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );

const upgrade = (headers: Record<string, string>, target = `${WS_PATH}?token=${TOKEN}`) =>
  get(target, {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...headers,
  });

function openSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}?token=${TOKEN}`, { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one request frame and waits for its response. */
function ask(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<{ ok: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean } };
      if (frame.type === 'response' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-surface-'));
  const renderer = join(dir, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Keyhole</title>');
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'canary.txt'), CANARY);
  await mkdir(join(dir, 'data'));
  host = await startWebHost({
    port: 0,
    dataDir: join(dir, 'data'),
    rendererDir: renderer,
    version: 'test',
    token: TOKEN,
    log: () => undefined,
  });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the web host over HTTP', () => {
  it('serves its page with headers that forbid framing, sniffing and referrers', async () => {
    const page = await get(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    // The cookie is named for this port: cookies ignore ports, so another listener's is another name.
    expect(page.headers['set-cookie']).toMatch(new RegExp(`^${TOKEN_COOKIE}_${host.port}=`));
    expect(page.headers['set-cookie']).toMatch(/HttpOnly/);
    expect(page.headers['set-cookie']).toMatch(/SameSite=Strict/);
    const refused = await get('/');
    expect(refused.status).toBe(401);
    expect(refused.headers['x-frame-options']).toBe('DENY');
    expect(refused.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('refuses a missing, wrong, shorter, longer or other-port token', async () => {
    const tokens = ['', 'b'.repeat(43), TOKEN.slice(1), `${TOKEN}a`, TOKEN.toUpperCase().replace(/A/g, 'B')];
    for (const token of tokens) expect((await get(`/?token=${encodeURIComponent(token)}`)).status, token).toBe(401);
    expect((await get('/', { Cookie: `${TOKEN_COOKIE}_1=${TOKEN}` })).status).toBe(401);
    expect((await get('/', { Cookie: `${TOKEN_COOKIE}=${TOKEN}` })).status).toBe(401);
    expect((await get('/', { Cookie: `${TOKEN_COOKIE}_${host.port}=${TOKEN}` })).status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `localhost.evil.example:${host.port}`, ''])
      expect((await get(`/?token=${TOKEN}`, { Host: h })).status, h).toBe(421);
    for (const o of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`])
      expect((await get(`/?token=${TOKEN}`, { Origin: o })).status, o).toBe(403);
    expect((await get(`/?token=${TOKEN}`, { Origin: origin })).status).toBe(200);
  });

  it('never serves a file outside the renderer folder, however the path is written', async () => {
    const targets = [
      '/../canary.txt',
      '/assets/../../canary.txt',
      '/%2e%2e/canary.txt',
      '/%2E%2E%2Fcanary.txt',
      '/assets/%2e%2e/%2e%2e/canary.txt',
      '/..%5ccanary.txt',
      '/assets/..%5c..%5ccanary.txt',
      '/%252e%252e/canary.txt',
      '/index.html%00/../../canary.txt',
      '//canary.txt',
      `/${join(dir, 'canary.txt')}`,
      `/%2F${encodeURIComponent(join(dir, 'canary.txt').slice(1))}`,
      '/..;/canary.txt',
      '/assets/app.js/../../../canary.txt',
    ];
    for (const target of targets) {
      const answer = await get(`${target}${target.includes('?') ? '&' : '?'}token=${TOKEN}`);
      expect(answer.body, target).not.toContain(CANARY);
      expect([200, 400, 404], `${target} → ${answer.status}`).toContain(answer.status);
      // A 200 may only be a file of the renderer (the URL parser may fold `..` back inside it).
      if (answer.status === 200) expect(answer.body, target).toMatch(/Keyhole|console\.log/);
    }
    expect((await get(`/assets/app.js?token=${TOKEN}`)).body).toBe('console.log(1)');
  });

  it('refuses other methods', async () => {
    const answer = await raw(
      `POST /?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(405);
  });
});

describe('the web host WebSocket', () => {
  it('refuses upgrades without the token, from another Origin, without Origin, or for another Host', async () => {
    expect((await upgrade({ Origin: origin }, WS_PATH)).status).toBe(401);
    expect((await upgrade({ Origin: origin }, `${WS_PATH}?token=${'c'.repeat(43)}`)).status).toBe(401);
    expect((await upgrade({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await upgrade({})).status).toBe(403);
    expect((await upgrade({ Origin: origin, Host: 'evil.example' })).status).toBe(421);
    expect((await upgrade({ Origin: origin })).status).toBe(101);
  });

  it('closes a socket that sends an oversized frame, and keeps serving others', async () => {
    const ws = await openSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await openSocket();
    expect((await ask(again, 1, 'app:info', {})).ok).toBe(true);
    again.close();
  });

  it('answers 20,000 malformed frames with refusals and stays usable', async () => {
    const ws = await openSocket();
    let refusals = 0;
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string; result?: { ok: boolean; error?: { code: string } } };
        if (frame.type === 'response' && frame.result?.ok === false && frame.result.error?.code === 'invalid-request') refusals += 1;
        if (refusals === 20_000) resolve();
      });
    });
    const shapes = [
      (i: number) => ({ type: 'request', id: i, channel: 'profiles:save', payload: { name: 7 } }),
      (i: number) => ({ type: 'request', id: i, channel: 'no:such', payload: {} }),
      (i: number) => ({
        type: 'request',
        id: i,
        channel: 'profiles:get',
        payload: JSON.parse('{"__proto__": {"polluted": 1}}') as unknown,
      }),
      (i: number) => ({ type: 'request', id: i, channel: 'x'.repeat(101), payload: {} }),
      (i: number) => ({ type: 'reply', id: i }),
    ];
    for (let i = 0; i < 20_000; i += 1) ws.send(JSON.stringify(shapes[i % shapes.length]!(i)));
    await done;
    expect(refusals).toBe(20_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await ask(ws, 99_999, 'profiles:list', {})).ok).toBe(true);
    // A frame that is not even JSON with an id ends that socket only (policy violation).
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
    const again = await openSocket();
    expect((await ask(again, 1, 'app:info', {})).ok).toBe(true);
    again.close();
  });
});

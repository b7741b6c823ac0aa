// The message list end to end: a flood from a real publisher through mosquitto (mutual TLS) to
// a session shown in the web host, follow mode and its "Jump to latest", pause, the direction
// and payload filters, payload views (CBOR, MessagePack, …) with a per-subscription default,
// and exports. Screenshots 150–153 in both themes, narrow and wide.
import { readFile } from 'node:fs/promises';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cbor2';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Broker } from '../support/mosquitto';
import type { TestPki } from '../support/pki';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';
import { connectAndWait, createProfile, visible, shots } from '../support/e2e/keyhole-page';

let pki: TestPki;
let broker: Broker;
let browser: Browser;
let page: Page;
let lab: E2eLab | undefined;
let opened: E2ePage | undefined;
let publisher: MqttClient | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-messages-e2e-');
  ({ pki, broker, browser } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

beforeEach(async () => {
  opened = await openE2ePage(browser, { acceptDownloads: true });
  ({ page } = opened);
});

afterEach(async (ctx) => {
  await publisher?.endAsync(true);
  publisher = undefined;
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

/** A second client on the same broker, publishing as the test's own device would. */
async function startPublisher(): Promise<MqttClient> {
  const [ca, cert, key] = await Promise.all([readFile(pki.ca.cert), readFile(pki.clientGood.cert), readFile(pki.clientGood.key)]);
  publisher = await mqtt.connectAsync({
    protocol: 'mqtts',
    host: '127.0.0.1',
    port: broker.port,
    ca,
    cert,
    key,
    clientId: `e2e-publisher-${process.pid}-${Date.now()}`,
    reconnectPeriod: 0,
  });
  return publisher;
}

/** Publishes `n` QoS 0 messages `topic` / `i` and waits until they are written. */
async function flood(client: MqttClient, n: number, topicOf: (i: number) => string): Promise<void> {
  for (let i = 0; i < n; i++) {
    client.publish(topicOf(i), `{"n":${i},"pad":"${'x'.repeat(60)}"}`, { qos: 0 });
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  // A QoS 1 message after the flood: its PUBACK means the broker has taken in all before it.
  await client.publishAsync('flood/end', 'end', { qos: 1 });
}

async function openMessages(name: string): Promise<void> {
  await createProfile(page, {
    name,
    host: '127.0.0.1',
    port: broker.port,
    ca: [pki.ca.cert],
    cert: pki.clientGood.cert,
    key: pki.clientGood.key,
  });
  expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
  await page.getByRole('tab', { name: 'Messages' }).click();
}

async function subscribe(topic: string, view?: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Subscribe' });
  await form.getByRole('textbox', { name: 'Topic filter' }).fill(topic);
  if (view) await form.getByRole('combobox', { name: 'Show payloads as' }).selectOption(view);
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await visible(page.getByTestId('subscriptions').getByText(topic, { exact: true }));
}

const list = () => page.getByTestId('message-list');
const rows = () => page.getByTestId('message-row');
const count = async (attr: 'data-shown' | 'data-kept') => Number(await page.getByTestId('message-count').getAttribute(attr));
const dropped = async () => {
  const badge = page.getByTestId('dropped-by-limit');
  return (await badge.count()) ? Number((await badge.textContent())?.replace(/\D/g, '')) : 0;
};

/** Whether a row is inside the list's visible area (not only in the DOM). */
async function onScreen(row: Locator): Promise<boolean> {
  if ((await row.count()) === 0) return false;
  const [r, l] = await Promise.all([row.first().boundingBox(), list().boundingBox()]);
  return !!r && !!l && r.y >= l.y - 1 && r.y + Math.min(r.height, 40) <= l.y + l.height + 1;
}

describe('message list', () => {
  it('counts every message of a 20,000 message flood and shows the newest while following', async () => {
    await openMessages('Flood');
    await subscribe('flood/#');
    const client = await startPublisher();
    const N = 20_000;
    await flood(client, N, (i) => (i === N - 1 ? 'flood/last' : `flood/${i % 10}`));

    // Kept plus dropped by the history limit is every message (and the host skipped none).
    await expect.poll(async () => (await count('data-kept')) + (await dropped()), { timeout: 60_000 }).toBe(N + 1);
    expect(await page.getByTestId('dropped-by-host').count()).toBe(0);
    expect(await count('data-kept')).toBe(10_000);
    expect(await list().getAttribute('data-following')).toBe('true');
    await expect.poll(() => onScreen(page.locator('[data-testid="message-row"][data-topic="flood/end"]'))).toBe(true);
    expect(await onScreen(page.locator('[data-testid="message-row"][data-topic="flood/last"]'))).toBe(true);
  });

  it('stays put when scrolled up, offers "Jump to latest (N new)", and follows again from it or End', async () => {
    await openMessages('Follow');
    await subscribe('follow/#');
    const client = await startPublisher();
    for (let i = 0; i < 60; i++) await client.publishAsync(`follow/${i}`, `message ${i}`, { qos: 1 });
    await expect.poll(() => count('data-kept')).toBe(60);
    await expect.poll(() => onScreen(page.locator('[data-topic="follow/59"]'))).toBe(true);

    // The user scrolls up: following stops, and new messages do not move the list.
    await list().hover();
    await page.mouse.wheel(0, -600);
    await expect.poll(() => list().getAttribute('data-following')).toBe('false');
    const top = await list().evaluate((el) => el.scrollTop);
    for (let i = 60; i < 75; i++) await client.publishAsync(`follow/${i}`, `message ${i}`, { qos: 1 });
    const jump = page.getByTestId('jump-to-latest');
    await expect.poll(() => jump.textContent()).toBe('Jump to latest (15 new)');
    expect(Math.abs((await list().evaluate((el) => el.scrollTop)) - top)).toBeLessThan(2);
    expect(await onScreen(page.locator('[data-topic="follow/74"]'))).toBe(false);
    await shots(page, '150-messages-jump-to-latest');

    await jump.click();
    await expect.poll(() => onScreen(page.locator('[data-topic="follow/74"]'))).toBe(true);
    expect(await jump.count()).toBe(0);
    await client.publishAsync('follow/75', 'message 75', { qos: 1 });
    await expect.poll(() => onScreen(page.locator('[data-topic="follow/75"]'))).toBe(true);

    // The keyboard: Home leaves the end, End comes back.
    await list().focus();
    await page.keyboard.press('Home');
    await expect.poll(() => list().getAttribute('data-following')).toBe('false');
    await client.publishAsync('follow/76', 'message 76', { qos: 1 });
    await expect.poll(() => jump.textContent()).toBe('Jump to latest (1 new)');
    await page.keyboard.press('End');
    await expect.poll(() => onScreen(page.locator('[data-topic="follow/76"]'))).toBe(true);

    // A filter set and cleared while following: the newest is still the one in view.
    const topic = page.getByRole('textbox', { name: 'Filter messages by topic' });
    await topic.fill('follow/1');
    await expect.poll(() => count('data-shown')).toBe(11);
    await client.publishAsync('follow/77', 'message 77', { qos: 1 });
    await topic.fill('');
    await expect.poll(() => onScreen(page.locator('[data-topic="follow/77"]'))).toBe(true);

    // Pause is explicit: the list holds still and says how many arrived meanwhile.
    await page.getByTestId('pause').click();
    for (let i = 78; i < 81; i++) await client.publishAsync(`follow/${i}`, `message ${i}`, { qos: 1 });
    await expect.poll(() => page.getByTestId('pause').textContent()).toBe('Paused · resume (3 new)');
    expect(await page.locator('[data-topic="follow/80"]').count()).toBe(0);
    await page.getByTestId('pause').click();
    await expect.poll(() => onScreen(page.locator('[data-topic="follow/80"]'))).toBe(true);
  });

  it('filters by direction and payload text, from the keyboard too', async () => {
    await openMessages('Directions');
    await subscribe('dir/#');
    const publish = page.getByRole('form', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill('dir/a');
    await publish.getByRole('textbox', { name: 'Payload' }).fill('a needle here');
    await publish.getByRole('button', { name: 'Publish' }).click();
    const client = await startPublisher();
    await client.publishAsync('dir/b', 'only hay', { qos: 1 });
    await client.publishAsync('dir/c', Buffer.from([0xff, ...Buffer.from('binary needle')]), { qos: 1 });
    // One published by us, echoed back as received, plus two received.
    await expect.poll(() => count('data-kept')).toBe(4);

    const topic = page.getByRole('textbox', { name: 'Filter messages by topic' });
    await topic.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type('NEEDLE');
    await expect.poll(() => count('data-shown')).toBe(3);
    await page.keyboard.press('Tab');
    // The direction control's radios: arrows move the choice, as in any radio group.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => count('data-shown')).toBe(2);
    expect(await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')))).toEqual(['in', 'in']);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => count('data-shown')).toBe(1);
    expect(await rows().getAttribute('data-direction')).toBe('out');
    await page.getByRole('textbox', { name: 'Search message payloads' }).fill('');
    await page.getByTestId('direction-filter').getByText('Received', { exact: true }).click();
    await expect.poll(() => count('data-shown')).toBe(3);
    await page.getByRole('textbox', { name: 'Search message payloads' }).fill('needle');
    await expect.poll(() => count('data-shown')).toBe(2);
    await shots(page, '151-messages-filters');
  });

  it('decodes CBOR and MessagePack, with a per-subscription default and a per-message switch', async () => {
    await openMessages('Formats');
    await subscribe('fmt/cbor/#', 'cbor');
    await subscribe('fmt/other/#');
    const client = await startPublisher();
    await client.publishAsync('fmt/cbor/1', Buffer.from(cborEncode({ temp: 21.5, raw: new Uint8Array([1, 2]) })), { qos: 1 });
    await client.publishAsync('fmt/other/mp', Buffer.from(msgpackEncode({ id: 7, on: true })), { qos: 1 });
    await client.publishAsync('fmt/other/junk', Buffer.from([0xc1, 0x00]), { qos: 1 });
    await expect.poll(() => count('data-kept')).toBe(3);

    const cborRow = page.locator('[data-testid="message-row"][data-topic="fmt/cbor/1"]');
    await expect.poll(() => cborRow.getByTestId('message-payload').textContent()).toBe('{\n  "temp": 21.5,\n  "raw": h\'0102\'\n}');
    await expect.poll(() => page.getByTestId('subscriptions').getByText('CBOR', { exact: true }).count()).toBe(1);

    // The list's view is for everything else; each row can pick its own.
    await page.getByRole('combobox', { name: 'Payload view' }).selectOption('msgpack');
    const mpRow = page.locator('[data-testid="message-row"][data-topic="fmt/other/mp"]');
    await expect.poll(() => mpRow.getByTestId('message-payload').textContent()).toBe('{\n  "id": 7,\n  "on": true\n}');
    const junk = page.locator('[data-testid="message-row"][data-topic="fmt/other/junk"]');
    await expect.poll(() => junk.getByTestId('payload-error').textContent()).toMatch(/^Not MessagePack: /);
    expect(await junk.getByTestId('message-payload').textContent()).toBe('c1 00');
    await cborRow.getByRole('combobox', { name: /^View of message / }).selectOption('hex');
    await expect.poll(() => cborRow.getByTestId('message-payload').textContent()).toMatch(/^a2 64 74 65 6d 70/);
    await mpRow.getByRole('combobox', { name: /^View of message / }).selectOption('base64');
    await expect
      .poll(() => mpRow.getByTestId('message-payload').textContent())
      .toBe(Buffer.from(msgpackEncode({ id: 7, on: true })).toString('base64'));
    await shots(page, '152-messages-payload-views');
  });

  it('opens a long payload in full and closes it again, the rows below moving with it', async () => {
    await openMessages('Long');
    await subscribe('long/#');
    const client = await startPublisher();
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    await client.publishAsync('long/a', lines, { qos: 1 });
    await client.publishAsync('long/b', 'short', { qos: 1 });
    await expect.poll(() => count('data-kept')).toBe(2);
    const below = page.locator('[data-testid="message-row"][data-topic="long/b"]');
    const top = async () => (await below.boundingBox())?.y ?? NaN;
    const closed = await top();

    await page.getByRole('button', { name: /^Expand message / }).click();
    await expect.poll(() => page.locator('[data-topic="long/a"] [data-testid="message-payload"]').textContent()).toContain('line 29');
    await expect.poll(async () => (await top()) - closed).toBeGreaterThan(200);
    await page.getByRole('button', { name: /^Collapse message / }).click();
    await expect.poll(async () => Math.abs((await top()) - closed)).toBeLessThan(2);
  });

  it('exports what the list shows as JSON and CSV, and one payload as a file', async () => {
    await openMessages('Export');
    await subscribe('exp/#');
    const client = await startPublisher();
    await client.publishAsync('exp/text', 'hello, "world"', { qos: 1, retain: false });
    await client.publishAsync('exp/bin', Buffer.from([0x00, 0xff, 0x10]), { qos: 1 });
    await client.publishAsync('other', 'not subscribed', { qos: 1 });
    await expect.poll(() => count('data-kept')).toBe(2);
    await page.getByRole('textbox', { name: 'Filter messages by topic' }).fill('exp/text');
    await expect.poll(() => count('data-shown')).toBe(1);

    const exportAs = async (label: string) => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: label }).click()]);
      return { name: download.suggestedFilename(), text: await readFile((await download.path()) as string, 'utf8') };
    };
    const json = await exportAs('As JSON');
    expect(json.name).toMatch(/^keyhole-messages-Export-.*\.json$/);
    const exported = JSON.parse(json.text) as Record<string, unknown>[];
    expect(exported).toEqual([
      expect.objectContaining({
        direction: 'received',
        topic: 'exp/text',
        // Delivered at the subscription's QoS 0 (MQTT 5.0 §3.8.4: the lower of the two).
        qos: 0,
        retain: false,
        payload_text: 'hello, "world"',
        payload_base64: Buffer.from('hello, "world"').toString('base64'),
      }),
    ]);

    await page.getByRole('textbox', { name: 'Filter messages by topic' }).fill('');
    await expect.poll(() => count('data-shown')).toBe(2);
    const csv = await exportAs('As CSV');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,direction,topic,qos,retain,size,truncated,payload_text,payload_base64');
    expect(lines[1]).toMatch(/^[^,]+,received,exp\/text,0,false,14,false,"hello, ""world""",aGVsbG8sICJ3b3JsZCI=$/);
    expect(lines[2]).toMatch(/^[^,]+,received,exp\/bin,0,false,3,false,,AP8Q$/);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await visible(page.getByRole('menuitem', { name: 'As CSV' }));
    await shots(page, '153-messages-export-menu');
    await page.keyboard.press('Escape');

    const bin = page.locator('[data-testid="message-row"][data-topic="exp/bin"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      bin.getByRole('button', { name: /^Save payload of message / }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bin-\d+\.bin$/);
    expect([...(await readFile((await download.path()) as string))]).toEqual([0x00, 0xff, 0x10]);
  });
});

// What MQTT X users look for, in the browser against the web host's real core and a real
// mosquitto over mutual TLS: publish history kept across a reload and sent again in one click,
// timed publishing that sends its count and stops, subscription options (alias, MQTT 5 no-local,
// disable and enable), and automatic reconnect with its countdown and Cancel. Screenshots 170–189
// in both themes, narrow (800×600) and wide (1600×1000).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type Broker } from '../support/mosquitto';
import type { TestPki } from '../support/pki';
import { connectAndWait, createProfile, shots, subscribe, visible, WIDE } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';

let lab: E2eLab | undefined;
let pki: TestPki;
let browser: Browser;
let broker: Broker;
let opened: E2ePage | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-mqttx-');
  ({ pki, browser, broker } = lab);
});
afterAll(async () => {
  await lab?.stop();
});
afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

const device = (name: string, port = broker.port) => ({
  name,
  host: '127.0.0.1',
  port,
  ca: [pki.ca.cert],
  cert: pki.clientGood.cert,
  key: pki.clientGood.key,
});

const rows = (page: Page, direction: 'in' | 'out', topic: string) =>
  page.locator(`[data-testid="message-row"][data-direction="${direction}"][data-topic="${topic}"]`);

async function fillPublish(page: Page, topic: string, payload: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Publish' });
  await form.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
  await form.getByRole('textbox', { name: 'Payload' }).fill(payload);
}

describe('MQTT X features', () => {
  it('keeps the publish history across a reload, sends again from it, and publishes five times at 200 ms', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page } = opened;
    await createProfile(page, device('History device'));
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await subscribe(page, 'mx/#');
    await fillPublish(page, 'mx/hello', '{"n": 1}');
    await page.getByRole('form', { name: 'Publish' }).getByRole('button', { name: 'Publish', exact: true }).click();
    await visible(rows(page, 'in', 'mx/hello').first());

    await page.reload();
    await page
      .locator('[data-testid="profile-item"][data-profile-name="History device"]')
      .getByRole('button', { name: 'Open History device' })
      .click();
    await page.getByRole('tab', { name: 'Messages' }).click();
    const historyButton = page.getByTestId('publish-history-button');
    await expect.poll(() => historyButton.textContent()).toBe('History (1)');
    const before = await rows(page, 'in', 'mx/hello').count();
    // Keyboard: focus History, open it with Enter; the first entry's "Send again" is a Tab away.
    await historyButton.focus();
    await page.keyboard.press('Enter');
    const entry = await visible(page.getByTestId('publish-history-entry').first());
    expect(await entry.getByTestId('publish-history-topic').textContent()).toBe('mx/hello');
    await shots(page, '170-publish-history');
    await entry.getByRole('button', { name: 'Send again to mx/hello' }).click();
    await expect.poll(() => rows(page, 'in', 'mx/hello').count()).toBe(before + 1);
    // Sent again, the same publish is counted, not listed twice.
    await expect.poll(() => entry.textContent()).toContain('×2');
    await page.keyboard.press('Escape');

    // Timed: five at 200 ms arrive five times, then it stops by itself.
    await fillPublish(page, 'mx/timed', 'tick');
    await page.getByTestId('timed-publish-button').click();
    const timed = page.getByRole('form', { name: 'Timed publishing' });
    await timed.getByRole('textbox', { name: 'Every (ms)' }).fill('200');
    await timed.getByRole('textbox', { name: 'Times' }).fill('5');
    await timed.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('timed-publish-ended').textContent(), { timeout: 10_000 }).toContain('5 sent, done');
    await expect.poll(() => rows(page, 'in', 'mx/timed').count()).toBe(5);
    await new Promise((r) => setTimeout(r, 600));
    expect(await rows(page, 'in', 'mx/timed').count()).toBe(5);
    expect(await rows(page, 'out', 'mx/timed').count()).toBe(5);

    // Until stopped: shown as running with a Stop, and stopped by it.
    await fillPublish(page, 'mx/forever', 'again');
    await page.getByTestId('timed-publish-button').click();
    await timed.getByRole('textbox', { name: 'Every (ms)' }).fill('1000');
    await timed.getByRole('textbox', { name: 'Times' }).fill('');
    await timed.getByRole('button', { name: 'Start' }).click();
    const running = await visible(page.getByTestId('timed-publish-running'));
    await shots(page, '171-timed-publish-running');
    await running.getByRole('button', { name: 'Stop publishing to mx/forever' }).click();
    await expect.poll(() => page.getByTestId('timed-publish-ended').textContent()).toContain('stopped by you');
    const sent = await rows(page, 'out', 'mx/forever').count();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await rows(page, 'out', 'mx/forever').count()).toBe(sent);
  });

  it('subscribes with an alias and no-local, shows the options, and disables and enables without deleting', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page } = opened;
    await createProfile(page, device('Options device'));
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    const form = page.getByRole('form', { name: 'Subscribe' });
    await subscribe(page, 'opts/mine', async () => {
      await form.getByRole('textbox', { name: 'Alias' }).fill('My own');
      await form.getByRole('button', { name: /MQTT 5 options/ }).click();
      await form.getByRole('switch', { name: 'No local' }).check();
    });
    const sub = page.locator('[data-testid="subscription"]').first();
    expect(await sub.getByTestId('subscription-topic').textContent()).toBe('My own');
    expect(await sub.getByTestId('subscription-filter').textContent()).toBe('opts/mine');
    await visible(sub.getByText('no local'));
    // No local: our own publish does not come back.
    await fillPublish(page, 'opts/mine', 'mine');
    await page.getByRole('form', { name: 'Publish' }).getByRole('button', { name: 'Publish', exact: true }).click();
    await visible(rows(page, 'out', 'opts/mine').first());
    await new Promise((r) => setTimeout(r, 500));
    expect(await rows(page, 'in', 'opts/mine').count()).toBe(0);
    await shots(page, '172-subscription-options');

    await subscribe(page, 'opts/other');
    const other = page.locator('[data-testid="subscription"]').filter({ hasText: 'opts/other' });
    // Keyboard: the switch takes Space.
    await other.getByRole('switch', { name: 'Disable opts/other' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => other.getAttribute('data-disabled')).toBe('true');
    await fillPublish(page, 'opts/other', 'while disabled');
    await page.getByRole('form', { name: 'Publish' }).getByRole('button', { name: 'Publish', exact: true }).click();
    await new Promise((r) => setTimeout(r, 500));
    expect(await rows(page, 'in', 'opts/other').count()).toBe(0);
    await shots(page, '173-subscription-disabled');
    await other.getByRole('switch', { name: 'Enable opts/other' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => other.getAttribute('data-disabled')).toBe(null);
    await page.getByRole('form', { name: 'Publish' }).getByRole('button', { name: 'Publish', exact: true }).click();
    await visible(rows(page, 'in', 'opts/other').first());
    expect(await page.locator('[data-testid="subscription"]').count()).toBe(2);
  });

  it('reconnects after the broker goes away, counting down with a Cancel', async () => {
    const own = await startMosquitto({
      tls: {
        cafile: pki.ca.cert,
        certfile: pki.server.cert,
        keyfile: pki.server.key,
        requireCertificate: true,
        useIdentityAsUsername: true,
      },
    });
    try {
      opened = await openE2ePage(browser, { viewport: WIDE });
      const { page } = opened;
      await createProfile(page, device('Reconnecting device', own.port), async () => {
        await page.getByRole('tab', { name: /Advanced/ }).click();
        await page.getByRole('switch', { name: /Reconnect after a lost connection/ }).check();
        await page.getByRole('textbox', { name: 'First delay (ms)' }).fill('2000');
        await page.getByRole('textbox', { name: 'Longest delay (ms)' }).fill('8000');
        await visible(page.getByTestId('reconnect-summary'));
        await shots(page, '174-editor-reconnect', () => page.getByTestId('reconnect-fields').scrollIntoViewIfNeeded());
      });
      expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
      await own.stop();
      const banner = await visible(page.getByTestId('reconnect-banner'), 15_000);
      await expect.poll(() => banner.getByTestId('reconnect-text').textContent()).toMatch(/Reconnecting in \d+ s \(attempt 1\)/);
      await shots(page, '175-reconnect-countdown');
      // The next attempt, refused at TCP, schedules attempt 2 at a longer delay.
      await expect.poll(() => banner.getByTestId('reconnect-text').textContent(), { timeout: 15_000 }).toMatch(/\(attempt 2\)/);
      await page.getByRole('button', { name: 'Cancel reconnect' }).click();
      await expect.poll(() => page.getByTestId('reconnect-banner').count()).toBe(0);
      await page.getByRole('tab', { name: /Attempts/ }).click();
      await expect.poll(() => page.getByTestId('attempt-row').count()).toBe(2);
      await new Promise((r) => setTimeout(r, 4500));
      expect(await page.getByTestId('attempt-row').count()).toBe(2);
    } finally {
      await own.stop();
    }
  });
});

// Small things a tester meets all day, through the web host in Debian's Chromium against the lab
// broker it starts: sidebar rows that tell ten device profiles on one broker apart (by the
// certificate's CN) and show a cut-off name in full on hover; a subscription's colour that
// survives a reload; Esc that leaves the new-connection form, and "New connection" that shows
// the form already open instead of doing nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { join } from 'node:path';
import { connectAndWait, screenshot, SCREENSHOTS, visible } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, type E2ePage } from '../support/e2e/lab';

let browser: Browser;
let page: Page;
let opened: E2ePage | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

const row = (name: RegExp) => page.getByTestId('profile-item').filter({ has: page.getByRole('button', { name }) });

async function openLabProfile(identity: string): Promise<void> {
  await page
    .getByRole('button', { name: new RegExp(`^Open ${identity} — `) })
    .first()
    .click();
  await visible(page.getByTestId('connection-pane'));
}

describe('everyday details', () => {
  it('tells profiles on one broker apart by their CN, and shows a cut-off name in full on hover', async () => {
    opened = await openE2ePage(browser, {}, { labPort: 0 });
    ({ page } = opened);
    await page.getByTestId('start-lab').click();
    await expect.poll(() => page.getByTestId('profile-item').count(), { timeout: 30_000 }).toBe(13);
    const wheres = await page.getByTestId('profile-where').allTextContents();
    expect(new Set(wheres).size).toBeGreaterThanOrEqual(8);
    expect(
      await row(/^Open device-001 — /)
        .getByTestId('profile-where')
        .textContent(),
    ).toMatch(/^CN device-001 · mqtts:\/\/localhost:\d+/);
    expect(
      await row(/^Open uuid-device — /)
        .getByTestId('profile-where')
        .textContent(),
    ).toContain('CN 346a004d-1dab-4016-bb38-03cca7094415');

    // The longest name is cut off in a 290 px sidebar: hovering shows it whole.
    const long = row(/^Open wrong-password-device — /);
    const name = (await long.getAttribute('data-profile-name')) ?? '';
    expect(await long.getByTestId('profile-name').evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await expect.poll(() => long.getByTestId('profile-open').getAttribute('data-cut')).toBe('true');
    await long.getByTestId('profile-name').hover();
    const tip = await visible(page.getByRole('tooltip').filter({ hasText: name }));
    expect(await tip.textContent()).toContain('CN ');
    await page.screenshot({ path: join(SCREENSHOTS, '128-sidebar-full-name-tooltip.png') });
  });

  it('keeps a subscription’s colour after a reload', async () => {
    opened = await openE2ePage(browser, {}, { labPort: 0 });
    ({ page } = opened);
    await page.getByTestId('start-lab').click();
    await openLabProfile('device-001');
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    const form = page.getByRole('form', { name: 'Subscribe' });
    await form.getByRole('textbox', { name: 'Topic filter' }).fill('devices/device-001/#');
    const colour = form.getByRole('textbox', { name: 'Subscription colour' });
    await colour.fill('#e8590c');
    await colour.press('Tab');
    await expect.poll(() => page.locator('.mantine-ColorInput-dropdown').count()).toBe(0);
    await form.getByRole('button', { name: 'Subscribe' }).click();
    const item = page.getByTestId('subscriptions').getByRole('listitem');
    const border = () => item.first().evaluate((e) => getComputedStyle(e).borderLeftColor);
    await expect.poll(border).toBe('rgb(232, 89, 12)');

    await page.reload();
    await openLabProfile('device-001');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await visible(item);
    expect(await page.getByTestId('subscription-topic').textContent()).toBe('devices/device-001/#');
    await expect.poll(border).toBe('rgb(232, 89, 12)');
  });

  it('leaves the new-connection form on Esc; "New connection" again shows the form already open', async () => {
    opened = await openE2ePage(browser);
    ({ page } = opened);
    const editor = page.getByTestId('profile-editor');
    await page.getByTestId('new-connection').click();
    await visible(editor);
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);

    // A draft with a name: "New connection" brings the focus back to it and says so, keeping what was typed.
    await page.getByTestId('new-connection').click();
    const nameField = page.getByRole('textbox', { name: 'Name', exact: true });
    await nameField.fill('Gateway draft');
    await page.getByRole('tab', { name: 'TLS' }).click();
    await page.getByTestId('new-connection').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('name');
    expect(await nameField.inputValue()).toBe('Gateway draft');
    expect(await (await visible(page.getByTestId('notice'))).textContent()).toContain('This new connection is still open');
    await screenshot(page, '129-new-connection-already-open');

    // Esc with unsaved changes asks first; keeping them stays, discarding leaves.
    await nameField.focus();
    await page.keyboard.press('Escape');
    const ask = await visible(page.getByRole('dialog', { name: 'Discard unsaved changes?' }));
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await nameField.inputValue()).toBe('Gateway draft');
    await nameField.focus();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Discard unsaved changes?' }).getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => editor.count()).toBe(0);
  });
});

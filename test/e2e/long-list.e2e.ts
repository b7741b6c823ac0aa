// A long connection list, in Debian's Chromium against the web host: 1,000 saved profiles (five
// on their own, five in a group "Depot", the rest in a group "Field"). Only the rows in view are in
// the page; the list scrolls, a search finds a profile far below the fold, the profile found opens,
// the arrow keys, Home and End walk the list and bring the row they reach into view, and a profile
// dragged onto a group joins it. Screenshots 214–217 in both themes, narrow (800×600) and wide
// (1600×1000).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/connect/settings';
import { openProfileService } from '../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../electron/core/store/json-store';
import { launchChromium } from '../support/e2e/browser';
import { shots, visible, WIDE } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, type E2ePage } from '../support/e2e/lab';

const COUNT = 1000;
const name = (i: number) => `Device ${String(i).padStart(4, '0')}`;
const groupOf = (i: number) => (i < 5 ? null : i < 10 ? 'Depot' : 'Field');

let dir: string;
let dataDir: string;
let browser: Browser;
let opened: E2ePage | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-e2e-long-list-'));
  dataDir = join(dir, 'data');
  // Saved through the core's profile service, as the app saves an import: one change for all.
  const store = createJsonFileStore(dataDir);
  const profiles = await openProfileService({ store });
  const entries = Array.from({ length: COUNT }, (_, i) => ({
    key: String(i),
    choice: 'keep-both' as const,
    replaceId: null,
    name: name(i),
    groupName: groupOf(i),
    settings: defaultSettings({ host: `broker-${i % 17}.example.net`, port: 8883, clientId: `device-${i}` }),
    files: [],
    secrets: {},
  }));
  const imported = await profiles.applyImport(entries);
  if (!imported.ok) throw new Error(imported.error.message);
  await profiles.flush();
  // The host takes the folder's lock next.
  store.close?.();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

const row = (page: Page, profile: string) => page.locator(`[data-testid="profile-item"][data-profile-name="${profile}"]`);
const header = (page: Page, group: string) => page.locator(`[data-testid="group-header"][data-group-name="${group}"]`);
const search = (page: Page) => page.getByRole('textbox', { name: 'Search connections' });
/** The list's scrolling box (the sidebar's scroll area viewport). */
const scroller = (page: Page) => page.getByTestId('profile-scroll');
/** The name of the profile whose open button has the keyboard. */
const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid="profile-item"]')?.getAttribute('data-profile-name') ?? null);

/** Whether `locator` lies wholly inside the list's scrolling box. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const port = await scroller(page).boundingBox();
  return !!box && !!port && box.y >= port.y - 1 && box.y + box.height <= port.y + port.height + 1;
}

const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

describe('a list of 1,000 profiles', () => {
  it('scrolls, finds and opens a profile far down, and walks by keyboard, with only the rows in view in the page', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE }, { dataDir });
    const { page } = opened;
    await visible(row(page, name(0)));
    // Only what is in view (and a few rows around it) is in the page.
    const inPage = await page.getByTestId('profile-item').count();
    expect(inPage).toBeGreaterThan(5);
    expect(inPage).toBeLessThan(80);
    await expect.poll(() => row(page, name(742)).count()).toBe(0);

    // Scrolling halfway down brings rows from the middle of the list into the page.
    await scroller(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await expect.poll(() => row(page, name(0)).count()).toBe(0);
    const middle = page.getByTestId('profile-item').first();
    await expect.poll(async () => Number((await middle.getAttribute('data-profile-name'))?.slice(7))).toBeGreaterThan(300);
    await shots(page, '214-long-list-scrolled', async () => {
      await scroller(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
      await frames(page);
    });

    // A search finds a profile far below what was shown; it opens.
    await scroller(page).evaluate((el) => el.scrollTo({ top: 0 }));
    await search(page).fill('Device 0742');
    await visible(row(page, name(742)));
    await expect.poll(() => page.getByTestId('profile-item').count()).toBe(1);
    await row(page, name(742)).getByTestId('profile-open').click();
    await expect.poll(() => row(page, name(742)).getAttribute('data-selected')).toBe('true');
    await visible(page.getByTestId('connect-button'));
    await expect.poll(() => page.getByTestId('connection-status').count()).toBe(1);
    await shots(page, '215-long-list-search');

    // The keyboard: Down and Up move row by row, End reaches the last row (brought into the page
    // and into view), Home the first, Enter opens the row reached.
    await search(page).fill('');
    await visible(row(page, name(0)));
    await row(page, name(0)).getByTestId('profile-open').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedName(page)).toBe(name(3));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedName(page)).toBe(name(2));
    await page.keyboard.press('End');
    await expect.poll(() => focusedName(page)).toBe(name(COUNT - 1));
    await expect.poll(() => inView(page, row(page, name(COUNT - 1)))).toBe(true);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedName(page)).toBe(name(COUNT - 2));
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, name(COUNT - 2)).getAttribute('data-selected')).toBe('true');
    await shots(page, '216-long-list-keyboard-end', async () => {
      await row(page, name(COUNT - 2))
        .getByTestId('profile-open')
        .focus();
      await page.keyboard.press('End');
      await expect.poll(() => inView(page, row(page, name(COUNT - 1)))).toBe(true);
    });
    await page.keyboard.press('Home');
    await expect.poll(() => focusedName(page)).toBe(name(0));
    await expect.poll(() => inView(page, row(page, name(0)))).toBe(true);
    // Down from a profile reaches the group header below it; the walk goes on past it.
    await row(page, name(4)).getByTestId('profile-open').focus();
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="group-header"]')?.getAttribute('data-group-name')))
      .toBe('Depot');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedName(page)).toBe(name(5));
  });

  it('drags a profile onto a group in the long list, and the group keeps it after a reload', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE }, { dataDir });
    const { page } = opened;
    const from = row(page, name(1));
    const to = header(page, 'Depot');
    await visible(from);
    await visible(to);
    await frames(page);
    const a = (await from.getByTestId('profile-name').boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    // Past the few pixels a drag needs to start, so a click stays a click.
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2 + 12, { steps: 4 });
    await frames(page);
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
    await frames(page);
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + 1);
    await frames(page);
    await page.mouse.up();
    // Depot had five; now six, the dropped profile among them.
    await expect.poll(() => header(page, 'Depot').textContent()).toMatch(/Depot\s*6/);
    await page.reload();
    await expect.poll(() => header(page, 'Depot').textContent(), { timeout: 20_000 }).toMatch(/Depot\s*6/);
    await expect.poll(() => row(page, name(0)).count()).toBe(1);
    const order = await page
      .getByTestId('profile-item')
      .evaluateAll((els) => els.slice(0, 10).map((e) => e.getAttribute('data-profile-name')));
    expect(order.slice(0, 4)).toEqual([name(0), name(2), name(3), name(4)]);
    expect(order.slice(4, 10)).toContain(name(1));
    await shots(page, '217-long-list-dragged-into-group');
  });
});

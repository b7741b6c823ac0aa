// What a person does in the Keyhole UI, spelled once for the browser tests: roles, labels and
// test ids only, waiting on what the page shows.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'e2e', 'screenshots');

/** Waits until a locator matches, or fails with what was expected. */
export async function visible(locator: Locator, timeout = 20_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

export interface ProfileInput {
  name: string;
  host: string;
  port: number;
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
}

/** Loads a file into a slot of the editor's TLS tab and waits for its card. */
export async function loadFile(page: Page, slot: 'ca' | 'cert' | 'key' | 'pfx', path: string): Promise<Locator> {
  const cards = page.getByTestId(`material-${slot}`);
  const before = await cards.count();
  await page.getByTestId(`file-input-${slot}`).setInputFiles(path);
  await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(slot === 'ca' ? before : 0);
  return cards.last();
}

/** Fills the General tab. */
export async function fillGeneral(page: Page, p: Pick<ProfileInput, 'name' | 'host' | 'port'>): Promise<void> {
  await page.getByRole('tab', { name: 'General' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(p.name);
  await page.getByRole('textbox', { name: 'Host', exact: true }).fill(p.host);
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(p.port));
}

/** Replaces the client certificate and key on the TLS tab (removing loaded ones first). */
export async function setIdentity(page: Page, cert: string, key: string, passphrase?: string): Promise<void> {
  await page.getByRole('tab', { name: 'TLS' }).click();
  for (const slot of ['cert', 'key'] as const) {
    const card = page.getByTestId(`material-${slot}`);
    if ((await card.count()) > 0) {
      await card.getByRole('button', { name: /^Remove / }).click();
      await expect.poll(() => card.count()).toBe(0);
    }
  }
  await loadFile(page, 'cert', cert);
  await loadFile(page, 'key', key);
  if (passphrase !== undefined) await page.getByLabel('Key passphrase', { exact: true }).fill(passphrase);
}

/** New connection → fill the form → load the files → Save; ends on the connection's pane. */
export async function createProfile(page: Page, p: ProfileInput, beforeSave?: () => Promise<void>): Promise<void> {
  await page.getByTestId('new-connection').click();
  await visible(page.getByTestId('profile-editor'));
  await fillGeneral(page, p);
  await page.getByRole('tab', { name: 'TLS' }).click();
  for (const ca of p.ca ?? []) await loadFile(page, 'ca', ca);
  if (p.cert && p.key) await setIdentity(page, p.cert, p.key, p.passphrase);
  if (beforeSave) await beforeSave();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await visible(page.getByTestId('connection-pane'));
  await expect.poll(() => page.getByRole('heading', { level: 2, name: p.name }).count()).toBe(1);
}

/** Connect (by the button, or by `trigger`), then wait for the new attempt's verdict banner; returns it. */
export async function connectAndWait(page: Page, trigger?: () => Promise<void>): Promise<Locator> {
  const banner = page.getByTestId('verdict-banner');
  const oldId = (await banner.count()) > 0 ? await page.getByTestId('report-view').getAttribute('data-report-id') : null;
  if (trigger) await trigger();
  else await page.getByTestId('connect-button').click();
  await expect
    .poll(async () => ((await banner.count()) > 0 ? await page.getByTestId('report-view').getAttribute('data-report-id') : null), {
      timeout: 60_000,
    })
    .not.toBe(oldId);
  await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status'), { timeout: 30_000 }).not.toBe('connecting');
  return banner;
}

/** Saves a full-page screenshot for the README under test/e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Tooltips and the corner notice are transient; the shot shows the screen itself.
  await page.mouse.move(1, 1);
  const notice = page.getByTestId('notice');
  if ((await notice.count()) > 0) {
    // Its one button speaks the page's language, and the notice may close itself (after 3.5 s)
    // before the click lands: either way it goes.
    await notice
      .getByRole('button')
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await notice.waitFor({ state: 'detached' });
  }
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

export const WIDE = { width: 1600, height: 1000 };
export const NARROW = { width: 800, height: 600 };

/**
 * The four screenshots of one screen: light and dark, narrow and wide; `before` runs before each
 * (to bring something into view). The page is left at the size and in the light scheme it had.
 */
export async function shots(page: Page, name: string, before?: () => Promise<void>): Promise<void> {
  const was = page.viewportSize() ?? WIDE;
  for (const scheme of ['light', 'dark'] as const) {
    for (const [label, size] of [
      ['narrow', NARROW],
      ['wide', WIDE],
    ] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(scheme);
      if (before) await before();
      await screenshot(page, `${name}-${scheme}-${label}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(was);
}

/** Subscribes through the Messages tab's form (`extra` fills more of it first) and waits for the list to show one. */
export async function subscribe(page: Page, topic: string, extra?: () => Promise<void>): Promise<void> {
  const form = page.getByRole('form', { name: 'Subscribe' });
  await form.getByRole('textbox', { name: 'Topic filter' }).fill(topic);
  if (extra) await extra();
  await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await visible(page.getByTestId('subscriptions').locator(`[data-testid="subscription"]`).first());
}

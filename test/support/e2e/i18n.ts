// The interface in another language, for the e2e tests: a page opened in a browser language, the
// English phrases of the catalogues that would betray an untranslated string, and the four
// screenshots (both themes, narrow and wide) each screen gets.
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { resources } from '../../../renderer/i18n/resources';
import { screenshot, visible } from './keyhole-page';
import type { E2ePage } from './lab';
import { startWebHost, type WebHostOptions } from './web-host';

/** A web host and a page in a browser whose language is `locale`; waits for the rail (whatever language it speaks). */
export async function openInLanguage(browser: Browser, locale: string, hostOptions: WebHostOptions = {}): Promise<E2ePage> {
  const host = await startWebHost(hostOptions);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await visible(page.getByTestId('section-rail'));
  return { host, context, page, errors };
}

type Tree = { [key: string]: string | Tree };
type Namespace = keyof typeof resources.en;
const leaves = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));

/**
 * English phrases of the translated namespaces that would betray an untranslated string: the
 * fixed parts between variables and tags, with words in them (not "CA", "·" or a lone "Lab").
 * A phrase the Chinese catalogue itself writes (a term kept as it is, such as "Broker") is not one.
 */
export function englishPhrases(namespaces: readonly Namespace[]): string[] {
  const texts = namespaces.flatMap((ns) => leaves(resources.en[ns] as unknown as Tree));
  const chinese = namespaces.flatMap((ns) => leaves(resources['zh-CN'][ns] as unknown as Tree));
  // What sits between <0>…</0> is data (a profile's name) or code, shown as it is in every language.
  const parts = texts.flatMap((t) => t.replace(/<(\d+)>.*?<\/\1>/g, '|').split(/\{\{[^}]*\}\}|\||<\d+\/>/));
  return [
    ...new Set(
      parts
        .map((p) => p.trim())
        // A lone lowercase word ("password") is as likely a piece of data (wrong-password-device) as a label.
        .filter((p) => /[a-z]{3,}/.test(p) && p.length >= 6 && (/\s/.test(p) || /^[A-Z]/.test(p)))
        .filter((p) => !chinese.some((zh) => zh.includes(p))),
    ),
  ];
}

/** Fails with the English phrases found in the region's text. */
export async function assertNoEnglish(region: Locator, phrases: readonly string[]): Promise<void> {
  const text = await region.innerText();
  expect(phrases.filter((p) => text.includes(p))).toEqual([]);
}

/** Four shots: light and dark, ~800×600 and ~1600×1000; the page is left light at 1440×900. */
export async function languageShots(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['wide', { width: 1600, height: 1000 }],
    ['narrow', { width: 800, height: 600 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `${name}-${scheme}-${size}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Opens Settings with its shortcut; returns the dialog. */
export async function openSettings(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+,');
  const dialog = page.getByRole('dialog');
  await visible(dialog);
  return dialog;
}

/** Chooses 简体中文 in Settings (it applies at once and is kept) and closes the dialog. */
export async function switchToChinese(page: Page): Promise<void> {
  const settings = await openSettings(page);
  await settings.getByText('简体中文', { exact: true }).click();
  await expect.poll(() => settings.getByRole('heading').first().textContent()).toBe('设置');
  await settings.getByRole('button', { name: '取消' }).click();
  await settings.waitFor({ state: 'hidden' });
}

/** The same four shots, by the name the workspace tests use. */
export const shots = languageShots;

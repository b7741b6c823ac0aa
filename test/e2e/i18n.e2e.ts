// The interface in 简体中文, through the web host in Debian's Chromium: the language is chosen in
// Settings and switches live, is kept with the settings across a reload, follows the browser's
// language until one is chosen, and switches back to English. On the translated screens (the
// rail, the empty connections screen, Settings) Chinese shows and no English text of the
// catalogues is left. Screenshots in Chinese in both themes, narrow and wide.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { assertNoEnglish, englishPhrases, openInLanguage, openSettings, shots } from '../support/e2e/i18n';
import { visible } from '../support/e2e/keyhole-page';
import { closeE2ePage, type E2ePage } from '../support/e2e/lab';

let browser: Browser;
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

/** A web host and a page in a browser whose language is `locale`; waits for the rail. */
async function open(locale: string): Promise<Page> {
  opened = await openInLanguage(browser, locale);
  return opened.page;
}

describe('the interface in Chinese', () => {
  it('switches to 简体中文 in Settings, live, keeps it across a reload, and switches back', async () => {
    const page = await open('en-US');
    const rail = page.getByTestId('section-rail');
    // English by default for an English browser.
    await visible(rail.getByRole('button', { name: 'Certificates' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    let settings = await openSettings(page);
    await expect.poll(() => settings.getByRole('heading').first().textContent()).toBe('Settings');
    await settings.getByText('简体中文', { exact: true }).click();

    // Live: the open dialog, the rail and the empty screen change without a reload.
    await expect.poll(() => settings.getByRole('heading').first().textContent()).toBe('设置');
    for (const label of ['主题', '语言', '每个连接保留的消息数', '证书到期前多少天发出警告', '存储'])
      await visible(settings.getByText(label, { exact: true }));
    await visible(settings.getByRole('button', { name: '保存' }));
    await visible(rail.getByRole('button', { name: '证书' }));
    await visible(rail.getByRole('button', { name: '实验室' }));
    await visible(page.getByRole('heading', { name: '这个身份能连上吗？' }));
    await visible(page.getByRole('button', { name: '启动实验室' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    const phrases = englishPhrases(['settings', 'rail']);
    expect(phrases.length).toBeGreaterThan(15);
    await assertNoEnglish(settings, phrases);
    await shots(page, '190-i18n-settings-zh');

    await settings.getByRole('button', { name: '取消' }).click();
    await settings.waitFor({ state: 'hidden' });
    await assertNoEnglish(rail, phrases);
    await assertNoEnglish(page.locator('main'), englishPhrases(['rail', 'lab']));
    // The rail's tooltip is translated too (hover over the Matrix button).
    await rail.getByRole('button', { name: '矩阵' }).hover();
    await visible(page.getByRole('tooltip', { name: '矩阵（Alt+4）' }));
    await shots(page, '191-i18n-empty-zh');

    // Kept with the settings: a reload (new page state, same host) comes back in Chinese.
    await page.reload();
    await visible(page.getByTestId('section-rail').getByRole('button', { name: '连接' }));

    // And back to English, live.
    settings = await openSettings(page);
    await settings.getByText('English', { exact: true }).click();
    await expect.poll(() => settings.getByRole('heading').first().textContent()).toBe('Settings');
    await visible(rail.getByRole('button', { name: 'Certificates' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await settings.getByRole('button', { name: 'Cancel' }).click();
  });

  it('follows the browser’s language until one is chosen', async () => {
    const page = await open('zh-CN');
    await visible(page.getByTestId('section-rail').getByRole('button', { name: '连接' }));
    await visible(page.getByRole('heading', { name: '这个身份能连上吗？' }));
    const settings = await openSettings(page);
    await expect.poll(() => settings.getByRole('heading').first().textContent()).toBe('设置');
    // The control shows the language in use, though none was stored.
    await expect.poll(() => settings.getByRole('radio', { name: '简体中文' }).isChecked()).toBe(true);
  });
});

// The tool screens in 简体中文, through the web host in Debian's Chromium: the language switched
// live in Settings while Certificates is open; then a CA issued and kept (Certificates), the lab
// started with its identities and auth source (Lab), a matrix of the lab's identities run
// (Matrix), and the export and import dialogs with an MQTT X file whose certificate files are
// not there. Each screen shows its Chinese and no English phrase of its catalogue. Screenshots
// 200–209 in Chinese, both themes, narrow and wide.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { assertNoEnglish, englishPhrases, languageShots, openInLanguage } from '../support/e2e/i18n';
import { visible } from '../support/e2e/keyhole-page';
import { closeE2ePage, type E2ePage } from '../support/e2e/lab';

let browser: Browser;
let page: Page;
let opened: E2ePage | undefined;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), 'keyhole-i18n-tools-'));
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

/** The sidebar's "more" menu (⋮), item by position: the menu's words belong to another screen. */
async function moreMenu(item: 'import' | 'export'): Promise<void> {
  // The sidebar is the Connections section's (Alt+1).
  await page.keyboard.press('Alt+1');
  // The first ⋮ is the header's; each group and profile has one of its own below it.
  await page.getByRole('navigation').getByRole('button').filter({ hasText: '⋮' }).first().click();
  await page
    .getByRole('menuitem')
    .nth(item === 'import' ? 0 : 1)
    .click();
}

/** Live, in Settings: the screen open behind the dialog changes language at once. */
async function switchToChinese(): Promise<void> {
  await page.keyboard.press('Control+,');
  const settings = page.getByRole('dialog');
  await visible(settings);
  await settings.getByText('简体中文', { exact: true }).click();
  // The choice is kept as it is made; Cancel leaves the other settings as they were.
  await settings.getByRole('button', { name: '取消' }).click();
  await settings.waitFor({ state: 'hidden' });
}

describe('the tool screens in Chinese', () => {
  it('shows Certificates, Lab, Matrix and the import and export dialogs in Chinese', async () => {
    opened = await openInLanguage(browser, 'en-US', { labPort: 0 });
    ({ page } = opened);

    // Certificates, first in English, then switched live.
    await page.keyboard.press('Alt+2');
    const certs = await visible(page.getByTestId('certificates-section'));
    await visible(certs.getByRole('tab', { name: 'Saved CAs' }));
    await switchToChinese();
    await visible(certs.getByRole('heading', { name: '证书' }));
    for (const tab of ['检查', '校验', '签发', '已保存的 CA']) await visible(certs.getByRole('tab', { name: tab }));
    const certPhrases = englishPhrases(['certificates']);
    expect(certPhrases.length).toBeGreaterThan(100);
    await assertNoEnglish(certs, certPhrases);

    // A root CA issued and kept.
    await certs.getByRole('tab', { name: '签发' }).click();
    await visible(certs.getByText('根 CA', { exact: true }));
    await certs.getByRole('textbox', { name: 'CA 名称（CN）' }).fill('测试根 CA');
    await certs.getByTestId('create-ca-submit').click();
    const made = await visible(certs.getByTestId('create-ca-result'));
    expect(await made.textContent()).toContain('CA“测试根 CA”已创建并保存');
    await visible(made.getByRole('table', { name: '生成的文件' }));
    await assertNoEnglish(certs, certPhrases);
    await languageShots(page, '200-i18n-certificates-issue-zh');

    await certs.getByRole('tab', { name: '已保存的 CA' }).click();
    const ca = await visible(certs.getByTestId('saved-ca'));
    await visible(ca.getByRole('button', { name: '签发 CRL' }));
    expect(await ca.textContent()).toContain('根 CA');
    expect(await ca.textContent()).toContain('已签发 0 个');
    await assertNoEnglish(certs, certPhrases);
    await languageShots(page, '201-i18n-certificates-saved-zh');

    // The lab: started, its identities, then its auth source.
    await page.keyboard.press('Alt+3');
    const lab = await visible(page.getByTestId('lab-section'));
    await visible(lab.getByRole('heading', { name: '实验室' }));
    await lab.getByTestId('lab-start').click();
    await expect.poll(() => page.getByTestId('lab-state').textContent(), { timeout: 60_000 }).toBe('运行中');
    await visible(lab.getByRole('table', { name: '实验室身份' }));
    await visible(lab.getByRole('columnheader', { name: '身份及其演示内容' }));
    expect(await lab.locator('[data-testid="identity-row"][data-name="device-001"]').getByTestId('identity-status').textContent()).toBe(
      '允许',
    );
    await lab.getByTestId('lab-make-profiles').click();
    await expect.poll(() => page.getByTestId('lab-profiles').textContent(), { timeout: 30_000 }).toMatch(/\d+ 个就绪的连接配置/);
    const labPhrases = englishPhrases(['lab']);
    // The broker card and the table's headings and badges (each identity's story comes from the core, in English).
    await assertNoEnglish(page.getByTestId('lab-broker'), labPhrases);
    await assertNoEnglish(lab.getByRole('table', { name: '实验室身份' }).locator('thead'), labPhrases);
    await languageShots(page, '202-i18n-lab-identities-zh');

    await lab.getByRole('tab', { name: '认证来源' }).click();
    await visible(lab.getByTestId('lab-auth'));
    await visible(lab.getByRole('button', { name: '添加 CN…' }));
    await assertNoEnglish(lab.getByTestId('lab-auth'), labPhrases);
    await assertNoEnglish(lab.getByTestId('lab-test-query'), labPhrases);
    await languageShots(page, '203-i18n-lab-auth-zh');

    // A matrix of the lab's identities, run.
    await page.keyboard.press('Alt+4');
    const matrix = await visible(page.getByTestId('matrix-section'));
    await visible(matrix.getByRole('heading', { name: 'Broker 是否恰好只放行该放行的身份？' }));
    await matrix.getByTestId('matrix-new').click();
    await page.getByTestId('matrix-new-name').fill('实验室设备');
    expect(await page.getByTestId('matrix-new-target').inputValue()).toMatch(/^实验室（端口 \d+）$/);
    await page.getByTestId('matrix-new-create').click();
    await expect.poll(() => page.getByTestId('matrix-title').textContent()).toBe('实验室设备');
    await matrix.getByTestId('matrix-add-rows').click();
    await page.getByTestId('matrix-add-lab').click();
    await expect.poll(() => matrix.getByTestId('matrix-row').count()).toBe(13);
    expect(await matrix.getByTestId('matrix-rows-panel').textContent()).toContain('全选');
    const matrixPhrases = englishPhrases(['matrix']);
    await assertNoEnglish(matrix, matrixPhrases);
    await languageShots(page, '204-i18n-matrix-rows-zh');

    await matrix.getByTestId('matrix-tab-results').click();
    await matrix.getByTestId('matrix-run').click();
    await expect.poll(() => matrix.getByTestId('matrix-summary').getAttribute('data-state'), { timeout: 90_000 }).toBe('finished');
    const summary = (await matrix.getByTestId('matrix-summary').textContent()) ?? '';
    expect(summary).toMatch(/\d+ 通过/);
    expect(summary).toContain('已完成，用时');
    expect(await matrix.getByTestId('matrix-result').first().getAttribute('aria-label')).toMatch(/：(通过|失败)，/);
    await assertNoEnglish(matrix.getByTestId('matrix-results-panel').locator('> div').first(), matrixPhrases);
    await languageShots(page, '205-i18n-matrix-results-zh');

    // Export: every Lab profile, with secrets sealed by a passphrase.
    await moreMenu('export');
    const exporting = await visible(page.getByRole('dialog', { name: '导出连接配置' }));
    await exporting.getByRole('switch', { name: '包含机密信息' }).check();
    await exporting.getByLabel('口令', { exact: true }).fill('short');
    await visible(exporting.getByText('强度：太短。请至少使用 8 个字符。'));
    await visible(exporting.getByRole('button', { name: /^导出 \d+ 个连接配置$/ }));
    const transferPhrases = englishPhrases(['transfer']);
    await assertNoEnglish(exporting, transferPhrases);
    await languageShots(page, '206-i18n-export-zh');
    await exporting.getByRole('button', { name: '取消' }).click();
    await exporting.waitFor({ state: 'hidden' });

    // Import: the file step, then an MQTT X export whose certificate files are not on this machine.
    await moreMenu('import');
    const importing = await visible(page.getByRole('dialog', { name: '导入连接配置' }));
    await visible(importing.getByText('选择或拖放文件'));
    await assertNoEnglish(importing, transferPhrases);
    await languageShots(page, '207-i18n-import-pick-zh');

    const mqttx = join(dir, 'mqttx-export.json');
    await writeFile(
      mqttx,
      JSON.stringify([
        {
          id: 'z1',
          name: '车间传感器',
          clientId: 'sensor-z1',
          host: 'broker.example',
          port: 8883,
          protocol: 'mqtts',
          ssl: true,
          certType: 'self',
          ca: '/gone/ca.crt',
          cert: '/gone/device.crt',
          key: '/gone/device.key',
          username: 'sensor',
          password: 'sensor-pass',
          mqttVersion: '5.0',
        },
      ]),
    );
    await importing.getByTestId('import-file-input').setInputFiles(mqttx);
    const preview = await visible(importing.getByTestId('import-preview'));
    expect(await preview.textContent()).toContain('MQTT X 导出文件');
    expect(await importing.getByTestId('import-apply').textContent()).toBe('导入 1 个连接配置');
    expect(await preview.getByTestId('import-files').textContent()).toContain('无法读取');
    expect(await preview.getByTestId('import-effect').textContent()).toBe('将添加为“车间传感器”。');
    // The core's notes and reasons stay English; what the dialog itself says is Chinese.
    await assertNoEnglish(preview.getByTestId('import-effect'), transferPhrases);
    await assertNoEnglish(importing.getByTestId('import-apply'), transferPhrases);
    await languageShots(page, '208-i18n-import-preview-zh');
  });
});

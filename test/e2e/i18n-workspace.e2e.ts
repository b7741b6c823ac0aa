// The workspace in 简体中文, through the web host in Debian's Chromium against a real mosquitto
// with a PKI made for the run: the sidebar, the connection pane and the handshake report of a
// refused identity, the attempts list, the profile editor, and the messages pane (subscribing and
// publishing through the Chinese labels). No English text of their catalogues is left where only
// the interface speaks. Screenshots in Chinese in both themes, narrow and wide.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestPki } from '../support/pki';
import type { Broker } from '../support/mosquitto';
import { assertNoEnglish, englishPhrases, shots, switchToChinese } from '../support/e2e/i18n';
import { connectAndWait, createProfile, visible } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';

let pki: TestPki;
let broker: Broker;
let browser: Browser;
let page: Page;
let lab: E2eLab | undefined;
let opened: E2ePage | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-i18n-ws-');
  ({ pki, broker, browser } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

beforeEach(async () => {
  opened = await openE2ePage(browser);
  ({ page } = opened);
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

describe('the workspace in Chinese', () => {
  it('shows the sidebar, a refused connection’s report, its attempts and the editor in Chinese', async () => {
    await createProfile(page, {
      name: 'Foreign device',
      host: '127.0.0.1',
      port: broker.port,
      ca: [pki.ca.cert],
      cert: pki.clientForeign.cert,
      key: pki.clientForeign.key,
    });
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-cause')).toBe('client-cert-unknown-ca');

    await switchToChinese(page);

    // The sidebar.
    const nav = page.getByRole('navigation', { name: '连接' });
    await visible(nav.getByRole('button', { name: '新建连接' }));
    await visible(nav.getByRole('textbox', { name: '搜索连接' }));
    await visible(nav.getByRole('button', { name: 'Foreign device 的操作' }));
    await assertNoEnglish(nav, englishPhrases(['sidebar']));

    // The connection pane and the report: the verdict, the header's state, tabs and panels.
    const pane = page.getByTestId('connection-pane');
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('被拒绝');
    await expect.poll(() => banner.getByText('被拒绝', { exact: true }).count()).toBe(1);
    await visible(pane.getByRole('button', { name: '重新连接' }));
    await visible(pane.getByRole('button', { name: '复制为命令' }));
    for (const tab of ['握手报告', '消息', '尝试记录']) await visible(pane.getByRole('tab', { name: new RegExp(`^${tab}`) }));
    for (const panel of ['我方发送的内容', 'MQTT CONNACK', '原始证据'])
      await visible(pane.getByRole('button', { name: panel, exact: true }));
    await visible(pane.getByRole('heading', { name: '时间线' }));
    await visible(pane.getByRole('button', { name: '复制报告的 Markdown' }));
    await assertNoEnglish(pane.getByRole('tablist'), englishPhrases(['connection']));
    await assertNoEnglish(page.getByTestId('phase-progress'), englishPhrases(['report']));
    await shots(page, '210-i18n-report-refused-zh');

    // The attempts list.
    await pane.getByRole('tab', { name: /^尝试记录/ }).click();
    const attempts = page.getByRole('table', { name: '最近的尝试' });
    await visible(attempts.getByRole('columnheader', { name: '结论' }));
    await visible(attempts.getByRole('button', { name: /^打开 .+ 的报告$/ }));
    await assertNoEnglish(attempts, englishPhrases(['connection']));

    // The editor beside the sidebar.
    await pane.getByRole('button', { name: '编辑', exact: true }).click();
    const editor = page.getByTestId('profile-editor');
    await visible(editor);
    await visible(editor.getByRole('tab', { name: '常规' }));
    await visible(editor.getByRole('button', { name: '保存', exact: true }));
    await assertNoEnglish(editor, englishPhrases(['profileEditor']));
    await shots(page, '211-i18n-sidebar-editor-zh');
    // The TLS tab: trust, the client identity and its files (their findings come from the core, in English).
    await editor.getByRole('tab', { name: 'TLS' }).click();
    for (const label of ['Broker 证书验证', 'CA 证书', '客户端证书', '私钥', '私钥口令', 'TLS 参数'])
      await visible(editor.getByText(label, { exact: true }));
    expect(await editor.getByRole('radio', { name: '证书 + 私钥' }).isChecked()).toBe(true);
    await visible(editor.getByTestId('key-match').getByText('私钥与证书匹配 ✓'));
    await shots(page, '213-i18n-editor-tls-zh');
  });

  it('subscribes, publishes and lists messages through the Chinese labels', async () => {
    await createProfile(page, {
      name: 'Good device',
      host: '127.0.0.1',
      port: broker.port,
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await switchToChinese(page);
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('已连接');
    await page.getByRole('tab', { name: /^消息/ }).click();

    const subscribe = page.getByRole('form', { name: '订阅' });
    await subscribe.getByRole('textbox', { name: '主题过滤器' }).fill('greenhouse/#');
    await subscribe.getByRole('button', { name: '订阅' }).click();
    await visible(page.getByRole('list', { name: '订阅' }).getByText('greenhouse/#', { exact: true }));

    const publish = page.getByRole('form', { name: '发布' });
    await publish.getByRole('textbox', { name: '发布主题' }).fill('greenhouse/1/temperature');
    await publish.getByRole('textbox', { name: '载荷' }).fill('{"温度": 21.5}');
    await publish.getByRole('button', { name: '发布', exact: true }).click();
    // Ours, and the broker's echo of it.
    const rows = page.getByTestId('message-row');
    await expect.poll(() => rows.count()).toBe(2);
    await visible(rows.getByText('已发送', { exact: true }));
    await visible(rows.getByText('已接收', { exact: true }));

    const toolbar = page.getByTestId('message-toolbar');
    await visible(toolbar.getByRole('textbox', { name: '按主题筛选消息' }));
    await visible(toolbar.getByRole('button', { name: '暂停' }));
    await toolbar.getByText('已接收', { exact: true }).click();
    await expect.poll(() => page.getByTestId('message-count').getAttribute('data-shown')).toBe('1');
    await toolbar.getByText('全部', { exact: true }).click();
    await expect.poll(() => page.getByTestId('message-count').getAttribute('data-shown')).toBe('2');

    // Everything the pane says comes from the catalogue (topics and payloads are data).
    await assertNoEnglish(page.getByTestId('messages-panel'), englishPhrases(['messages']));
    await shots(page, '212-i18n-messages-zh');
  });
});

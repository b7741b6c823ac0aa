// "New from config or command line" in the browser, against the web host's real core and a real
// mosquitto that requires client certificates: a NanoMQ bridge configuration with an encrypted
// key is pasted (first malformed, refused at its line), read into a profile whose files the web
// host may not read by path, given those files, created with Ctrl+Enter, connected: accepted.
// Then the profile as command lines, secrets only as environment variables. Screenshots in both
// themes, narrow (800×600) and wide (1600×1000).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Broker } from '../support/mosquitto';
import { GOOD_CLIENT_CN, KEY_PASSPHRASE, type TestPki } from '../support/pki';
import { connectAndWait, screenshot, shots, visible } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';

let lab: E2eLab | undefined;
let pki: TestPki;
let broker: Broker;
let browser: Browser;
let opened: E2ePage | undefined;

const WIDE = { width: 1600, height: 1000 };
const NARROW = { width: 800, height: 600 };
const BRIDGE_PASSWORD = 'e2e-bridge-password-4c1';

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-config-');
  ({ pki, broker, browser } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

/** NanoMQ 0.19+ bridge to the test broker, naming the PKI's files by their absolute paths. */
const nanomq = (server: string) => `# nanomq.conf on the edge gateway
bridges.mqtt.cloud {
  server = ${server}
  proto_ver = 5
  clientid = "${GOOD_CLIENT_CN}"
  username = "edge-gw"
  password = "${BRIDGE_PASSWORD}"
  keepalive = 60s
  ssl {
    key_password = "${KEY_PASSPHRASE}"
    keyfile = "${pki.clientGoodFormats.keyPkcs8Encrypted}"
    certfile = "${pki.clientGood.cert}"
    cacertfile = "${pki.ca.cert}"
  }
  forwards = [{ remote_topic = "fwd/telemetry", local_topic = "telemetry/#", qos = 1 }]
  max_parallel_processes = 2
}
`;

/** Gives the previewed bridge its key, certificate and CA by the file inputs of the dialog (the web host reads no paths). */
async function giveFiles(page: Page): Promise<void> {
  const item = page.getByTestId('config-item');
  const files = item.getByTestId('config-file');
  for (const [index, path] of [pki.clientGoodFormats.keyPkcs8Encrypted, pki.clientGood.cert, pki.ca.cert].entries()) {
    await item.getByTestId(`config-attach-input-${index}`).setInputFiles(path);
    await expect.poll(() => files.nth(index).getAttribute('data-status')).toBe('included');
  }
}

async function shot(page: Page, name: string, size: { width: number; height: number }, scheme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: scheme });
  await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(scheme);
  await screenshot(page, name);
}

describe('New from config or command line', () => {
  it('reads a pasted NanoMQ bridge, takes its files, creates the profile with Ctrl+Enter, and the broker accepts it', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page } = opened;
    await page.getByRole('button', { name: 'New from config or command line' }).click();
    const dialog = await visible(page.getByTestId('config-import-dialog').getByRole('dialog'));
    const text = dialog.getByTestId('config-text');

    // A server URL left unquoted is refused at its line, and the line is shown with a caret.
    await text.fill(nanomq(`tls+mqtt-tcp://127.0.0.1:${broker.port}`));
    await text.press('Control+Enter');
    const error = await visible(dialog.getByTestId('config-error'));
    expect(await error.textContent()).toContain('Line 3, column 12: A URL must be in double quotes');
    expect(await dialog.getByTestId('config-error-line').textContent()).toContain(`3 |   server = tls+mqtt-tcp://127.0.0.1:${broker.port}`);
    await error.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '26-config-error-narrow-dark', NARROW, 'dark');

    await text.fill(nanomq(`"tls+mqtt-tcp://127.0.0.1:${broker.port}"`));
    await dialog.getByTestId('config-read').click();
    const preview = await visible(dialog.getByTestId('config-preview'));
    expect(await preview.getByTestId('config-read-line').textContent()).toBe('Read as NanoMQ bridge (HOCON): 1 bridge.');
    const item = preview.getByTestId('config-item');
    expect(await item.getByTestId('config-item-target').textContent()).toBe(`mqtts://127.0.0.1:${broker.port}`);
    expect(await item.getByTestId('config-item-name').inputValue()).toBe('NanoMQ bridge cloud');
    expect(await item.getByTestId('config-secrets-included').textContent()).toContain('MQTT password and key passphrase');
    // The web host reads no path a page names: each file waits for the user.
    const files = item.getByTestId('config-file');
    expect(await files.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-slot')}:${e.getAttribute('data-status')}`))).toEqual([
      'key:unreadable',
      'cert:unreadable',
      'ca:unreadable',
    ]);
    expect(await files.first().textContent()).toContain('this host does not read files a configuration names');
    const mapped = item.getByTestId('config-mapped');
    expect(await mapped.textContent()).toContain('ssl.key_password');
    expect(await mapped.textContent()).toContain('key passphrase (secret: stored sealed with the profile, not shown)');
    // No secret reaches the page.
    const html = await page.content();
    expect(html).not.toContain(BRIDGE_PASSWORD);
    expect(html).not.toContain(KEY_PASSPHRASE);
    await item.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '27-config-preview-wide-light', WIDE, 'light');
    await item.getByRole('button', { name: /^Left out/ }).click();
    expect(await (await visible(item.getByTestId('config-ignored'))).textContent()).toContain('forwards');

    await giveFiles(page);
    expect(await item.getByTestId('config-secrets-missing').count()).toBe(0);
    await item.getByTestId('config-item-name').fill('Edge gateway (from NanoMQ)');
    await item.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '28-config-files-given-narrow-light', NARROW, 'light');
    await page.setViewportSize(WIDE);

    await page.keyboard.press('Control+Enter');
    await visible(page.getByTestId('connection-pane'));
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Edge gateway (from NanoMQ)' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('config-import-dialog').getByRole('dialog').count()).toBe(0);

    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted');
    await visible(page.getByText(`we sent: ${GOOD_CLIENT_CN}`, { exact: true }));
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
  });

  it('keeps the files it could not read as missing slots: the sidebar says incomplete, a connect stops in preflight naming them', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page } = opened;
    await page.getByRole('button', { name: 'New from config or command line' }).click();
    const dialog = await visible(page.getByTestId('config-import-dialog').getByRole('dialog'));
    await dialog.getByTestId('config-text').fill(nanomq(`"tls+mqtt-tcp://127.0.0.1:${broker.port}"`));
    await dialog.getByTestId('config-read').click();
    const item = (await visible(dialog.getByTestId('config-preview'))).getByTestId('config-item');
    await item.getByTestId('config-item-name').fill('Edge without files');
    // Created without choosing the files the web host may not read.
    await page.keyboard.press('Control+Enter');
    await visible(page.getByTestId('connection-pane'));
    const entry = await visible(page.locator('[data-testid="profile-item"][data-profile-name="Edge without files"]'));
    expect(await entry.getByTestId('profile-incomplete').textContent()).toBe('incomplete');

    // Not a misleading "broker certificate not trusted": preflight names each missing file.
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-cause')).toBe('material-missing');
    expect(await page.getByTestId('phase-preflight').getAttribute('data-state')).toBe('failed');
    const explanation = await page.getByTestId('report-explanation').textContent();
    const file = (path: string) => path.split('/').pop()!;
    expect(explanation).toContain(`"${file(pki.clientGood.cert)}" (was ${pki.clientGood.cert}`);
    expect(explanation).toContain(`"${file(pki.ca.cert)}"`);
    await shots(page, '85-config-missing-files-report');

    // The editor keeps the bridge's identity mode, each slot marked missing with its path.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await visible(page.getByTestId('profile-editor'));
    await page.getByRole('tab', { name: 'TLS' }).click();
    expect(await page.getByRole('radiogroup', { name: 'Client identity' }).locator('input[value="pem"]').isChecked()).toBe(true);
    for (const [slot, path] of [
      ['ca', pki.ca.cert],
      ['cert', pki.clientGood.cert],
      ['key', pki.clientGoodFormats.keyPkcs8Encrypted],
    ] as const) {
      const row = await visible(page.getByTestId(`missing-${slot}`));
      expect(await row.textContent()).toContain(`missing: ${file(path)}`);
      expect(await row.textContent()).toContain(`was ${path}`);
    }
    await page.getByTestId('missing-cert').scrollIntoViewIfNeeded();
    await shots(page, '86-config-missing-files-editor');
  });

  it('shows the profile as keyhole, mosquitto_sub and openssl lines, secrets as variables; Esc closes', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE, colorScheme: 'dark' });
    const { page } = opened;
    await page.getByTestId('new-from-config').click();
    const dialog = await visible(page.getByTestId('config-import-dialog').getByRole('dialog'));
    await dialog.getByTestId('config-text').fill(nanomq(`"tls+mqtt-tcp://127.0.0.1:${broker.port}"`));
    await dialog.getByTestId('config-read').click();
    await visible(dialog.getByTestId('config-preview'));
    await giveFiles(page);
    await dialog.getByTestId('config-create').click();
    await visible(page.getByTestId('connection-pane'));

    await page.getByTestId('copy-command').click();
    await page.getByTestId('show-commands').click();
    const commands = await visible(page.getByTestId('commands-dialog').getByRole('dialog'));
    const cards = commands.getByTestId('command-card');
    await expect.poll(() => cards.count()).toBe(3);
    const byKind = async (kind: string) =>
      (await commands.locator(`[data-kind="${kind}"]`).getByTestId('command-text').textContent()) ?? '';
    expect(await byKind('keyhole')).toContain(`keyhole connect mqtts://127.0.0.1:${broker.port}`);
    expect(await byKind('keyhole')).toContain('--password-env MQTT_PASSWORD');
    expect(await byKind('mosquitto_sub')).toContain('-P "$MQTT_PASSWORD"');
    expect(await byKind('openssl')).toContain('-pass env:KEY_PASS');
    expect(await commands.locator('[data-kind="openssl"]').getByTestId('command-env').textContent()).toContain('KEY_PASS');
    expect(await page.content()).not.toContain(BRIDGE_PASSWORD);
    await shot(page, '29-commands-wide-dark', WIDE, 'dark');
    await shot(page, '30-commands-narrow-light', NARROW, 'light');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('commands-dialog').getByRole('dialog').count()).toBe(0);
    // The menu beside Edit, in a narrow window.
    await page.getByTestId('copy-command').click();
    await visible(page.getByRole('menuitem', { name: 'mosquitto_sub' }));
    await shot(page, '31-copy-as-command-menu-narrow-dark', NARROW, 'dark');
  });
});

// The profile editor's transports, trust and key log in the browser, against the web host's real
// core and a real mosquitto whose WebSocket listener runs TLS and requires client certificates:
// a wss:// profile with a WebSocket path, the system trust store option, a TLS key log the web
// host writes into its own data folder (the report warns about it, and the file holds the NSS
// lines), and a cloud preset filling in AWS IoT Core's ports and ALPN. Screenshots in both
// themes, narrow (800×600) and wide (1600×1000).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type Broker } from '../support/mosquitto';
import type { TestPki } from '../support/pki';
import { connectAndWait, fillGeneral, setIdentity, loadFile, visible, shots, WIDE } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';

let lab: E2eLab | undefined;
let pki: TestPki;
let browser: Browser;
let wss: Broker | undefined;
let opened: E2ePage | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-transports-');
  ({ pki, browser } = lab);
  wss = await startMosquitto({
    websockets: true,
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
  });
});

afterAll(async () => {
  await wss?.stop();
  await lab?.stop();
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

describe('transports, trust and key log in the profile editor', () => {
  it('connects over wss:// with a client certificate, writes the key log into the data folder and warns about it', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page, host } = opened;
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    await fillGeneral(page, { name: 'Gateway over wss', host: '127.0.0.1', port: 8883 });
    // wss:// follows its own well-known port (443) unless one was typed: 8883 was, so set ours.
    await page.getByRole('radiogroup', { name: 'Protocol' }).getByText('wss://').click();
    const path = page.getByRole('textbox', { name: 'WebSocket path' });
    await expect.poll(() => path.inputValue()).toBe('/mqtt');
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(wss!.port));
    await shots(page, '80-editor-wss-path', () => page.getByRole('textbox', { name: 'WebSocket path' }).scrollIntoViewIfNeeded());

    await page.getByRole('tab', { name: 'TLS' }).click();
    await loadFile(page, 'ca', pki.ca.cert);
    await setIdentity(page, pki.clientGood.cert, pki.clientGood.key);
    const systemStore = page.getByRole('switch', { name: "Also trust the system's CA store" });
    await systemStore.check();
    await visible(page.getByText("The operating system's trust store", { exact: false }));
    await shots(page, '84-editor-system-trust-store', () => systemStore.scrollIntoViewIfNeeded());
    // Off again: this broker's CA is loaded, and the system store would only add to it.
    await systemStore.uncheck();
    await page.getByRole('switch', { name: 'Write a TLS key log (NSS format, for Wireshark)' }).check();
    const warning = await visible(page.getByTestId('key-log-field').getByText('The key log decrypts the session'));
    // The web host names its own folder: it writes no path a page names.
    await expect.poll(() => page.getByTestId('key-log-folder').textContent()).toContain(join(host.dataDir, 'keylogs'));
    await shots(page, '81-editor-trust-and-key-log', () => warning.scrollIntoViewIfNeeded());

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByTestId('connection-pane'));
    const banner = await connectAndWait(page);
    // The key log is a warning: accepted, with it.
    await expect.poll(() => banner.getAttribute('data-verdict')).toBe('accepted-with-warnings');
    await visible(page.getByText(`wss://127.0.0.1:${wss!.port}/mqtt`).first());
    await visible(page.getByText('The TLS secrets of this attempt were written to', { exact: false }).first());
    await expect.poll(() => page.getByTestId('phase-websocket').getAttribute('data-state')).toBe('passed');
    await shots(page, '82-report-wss-key-log-warning');

    // The file the report names: NSS key log lines of the TLS 1.3 handshake, private to its owner.
    const folder = join(host.dataDir, 'keylogs');
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(folder);
    expect(files).toHaveLength(1);
    const file = join(folder, files[0]!);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/m);
    expect(text).toMatch(/^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} [0-9a-f]+$/m);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('fills in AWS IoT Core with a preset, and its 443 transport offers ALPN x-amzn-mqtt-ca', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page } = opened;
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    await fillGeneral(page, { name: 'Thing 42', host: 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com', port: 1883 });
    await page.getByLabel('Cloud preset', { exact: true }).first().click();
    await page.getByRole('option', { name: 'AWS IoT Core' }).click();
    await visible(page.getByTestId('preset-summary'));
    const port = page.getByRole('textbox', { name: 'Port', exact: true });
    await expect.poll(() => port.inputValue()).toBe('8883');
    await visible(page.getByTestId('preset-notes').getByText('X.509 client certificate', { exact: false }));
    await page.getByRole('button', { name: 'mqtts:// 443 (ALPN x-amzn-mqtt-ca)' }).click();
    await expect.poll(() => port.inputValue()).toBe('443');
    await shots(page, '83-editor-preset-aws', () => page.getByTestId('preset-field').scrollIntoViewIfNeeded());
    await page.getByRole('tab', { name: 'TLS' }).click();
    await visible(page.getByText('x-amzn-mqtt-ca').first());
  });
});

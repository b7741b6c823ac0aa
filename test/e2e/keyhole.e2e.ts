// The UI end to end: the web host (its real core) in Debian's Chromium, against a real
// mosquitto that requires client certificates, with a PKI made for this run. Every test starts
// a host with a fresh data directory and fills the forms the way a person would.
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Broker } from '../support/mosquitto';
import { CA_CN, GOOD_CLIENT_CN, KEY_PASSPHRASE, type TestPki } from '../support/pki';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';
import { connectAndWait, createProfile, loadFile, screenshot, setIdentity, visible } from '../support/e2e/keyhole-page';

let pki: TestPki;
let broker: Broker;
let browser: Browser;
let page: Page;

let lab: E2eLab | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-');
  ({ pki, broker, browser } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

let opened: E2ePage | undefined;

beforeEach(async () => {
  opened = await openE2ePage(browser, { acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  ({ page } = opened);
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

const brokerTarget = () => ({ host: '127.0.0.1', port: broker.port });

/** mosquitto logs one "New connection from" per TCP connection it accepts. */
const connectionsSeen = () => (broker.log().match(/New connection from/g) ?? []).length;

describe('Keyhole in the browser', () => {
  it('creates a profile from the form and files, and the broker accepts it', async () => {
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Device 346a');
    await page.getByRole('textbox', { name: 'Host', exact: true }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(broker.port));

    // Field-level validation: an empty host is named under the field.
    await page.getByRole('textbox', { name: 'Host', exact: true }).fill('');
    await page.getByRole('textbox', { name: 'Name', exact: true }).click();
    await visible(page.getByText('Enter the broker host name or IP address'));
    await page.getByRole('textbox', { name: 'Host', exact: true }).fill('127.0.0.1');

    await page.getByRole('tab', { name: 'TLS' }).click();
    const ca = await loadFile(page, 'ca', pki.ca.cert);
    expect(await ca.getByTestId('material-cn').textContent()).toBe(CA_CN);
    const cert = await loadFile(page, 'cert', pki.clientGood.cert);
    expect(await cert.getByTestId('material-cn').textContent()).toBe(GOOD_CLIENT_CN);
    // A key that belongs to another certificate is caught before anything is saved.
    const wrongKey = await loadFile(page, 'key', pki.broken.mismatchedKey);
    expect(await wrongKey.getByTestId('key-match').getAttribute('data-match')).toBe('false');
    await visible(page.getByText('This key does not belong to the certificate'));
    await wrongKey.getByRole('button', { name: /^Remove / }).click();
    const key = await loadFile(page, 'key', pki.clientGood.key);
    expect(await key.getByTestId('key-match').getAttribute('data-match')).toBe('true');
    await expect.poll(() => page.getByTestId('unsaved-badge').count()).toBe(1);
    await screenshot(page, '01-profile-editor-tls');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByTestId('connection-pane'));
    await visible(page.locator('[data-testid="profile-item"][data-profile-name="Device 346a"]'));
    await visible(page.getByTestId('report-empty'));

    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted');
    expect(await page.getByTestId('report-broker-cn').textContent()).toContain(pki.server.commonName);
    expect(await page.getByTestId('report-tls-version').textContent()).toMatch(/^TLSv1\.[23]$/);
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
    // Every phase up to CONNACK lit up green.
    for (const phase of ['preflight', 'resolve', 'tcp', 'tls', 'client-auth', 'connack']) {
      expect(await page.getByTestId(`phase-${phase}`).getAttribute('data-state'), phase).toBe('passed');
    }
    await screenshot(page, '02-report-accepted');

    // "Save…" → Markdown downloads the report as a file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Save report' }).click();
        await page.getByRole('menuitem', { name: 'Markdown (.md)' }).click();
      })(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^keyhole-report-127\.0\.0\.1-accepted-.*\.md$/);
    const saved = await readFile(await download.path(), 'utf8');
    expect(saved.split('\n')[0]).toBe('# Keyhole connection report: Accepted');
    expect(saved).toContain(GOOD_CLIENT_CN);

    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '07-report-accepted-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('closed');
  });

  it('shows the broker rejecting a foreign-CA identity, then accepts the fixed profile', async () => {
    await createProfile(page, {
      name: 'Foreign device',
      ...brokerTarget(),
      ca: [pki.ca.cert],
      cert: pki.clientForeign.cert,
      key: pki.clientForeign.key,
    });

    const rejected = await connectAndWait(page);
    expect(await rejected.getAttribute('data-verdict')).toBe('rejected');
    expect(await rejected.getAttribute('data-cause')).toBe('client-cert-unknown-ca');
    expect(await page.getByTestId('report-explanation').textContent()).not.toBe('');
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('failed');
    await screenshot(page, '03-report-rejected-unknown-ca');

    await page.getByRole('button', { name: 'Copy Markdown of the report' }).click();
    await visible(page.getByRole('button', { name: 'Copy Markdown of the report' }).getByText('Copied ✓'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('(`client-cert-unknown-ca`, phase `client-auth`)');

    // Fix it: the identity the broker's CA issued.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await visible(page.getByTestId('profile-editor'));
    await setIdentity(page, pki.clientGood.cert, pki.clientGood.key);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByTestId('connection-pane'));

    // Ctrl+Enter connects the shown connection.
    const accepted = await connectAndWait(page, () => page.keyboard.press('Control+Enter'));
    expect(await accepted.getAttribute('data-verdict')).toBe('accepted');

    // Both attempts are listed to compare, newest first.
    await page.getByRole('tab', { name: /Attempts/ }).click();
    const rows = page.getByTestId('attempt-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-verdict')).toBe('accepted');
    expect(await rows.nth(1).getAttribute('data-verdict')).toBe('rejected');
    await screenshot(page, '06-attempt-history');
  });

  it('subscribes, publishes and shows the message both ways', async () => {
    await createProfile(page, {
      name: 'Pub/sub device',
      ...brokerTarget(),
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');

    await page.getByRole('tab', { name: 'Messages' }).click();
    const subscribe = page.getByRole('form', { name: 'Subscribe' });
    await subscribe.getByRole('textbox', { name: 'Topic filter' }).fill('e2e/#');
    await subscribe.getByRole('button', { name: 'Subscribe' }).click();
    const sub = await visible(page.getByTestId('subscriptions').getByRole('listitem'));
    expect(await sub.getByTestId('subscription-topic').textContent()).toBe('e2e/#');

    const publish = page.getByRole('form', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill('e2e/hello');
    await publish.getByRole('textbox', { name: 'Payload' }).fill('{"temperature": 21.5, "unit": "C"}');
    await publish.getByRole('button', { name: 'Publish' }).click();

    const received = await visible(page.locator('[data-testid="message-row"][data-direction="in"][data-topic="e2e/hello"]'));
    expect(await received.getByTestId('message-payload').textContent()).toContain('"temperature": 21.5');
    await visible(page.locator('[data-testid="message-row"][data-direction="out"][data-topic="e2e/hello"]'));

    await page.getByRole('combobox', { name: 'Payload view' }).selectOption('json');
    await expect.poll(() => received.getByTestId('message-payload').textContent()).toContain('"temperature": 21.5,\n');
    await screenshot(page, '04-messages');

    // The topic filter hides what does not match.
    await page.getByRole('textbox', { name: 'Filter messages by topic' }).fill('other/+');
    await expect.poll(() => page.getByTestId('message-row').count()).toBe(0);
  });

  it('reports a wrong key passphrase before any network traffic', async () => {
    await createProfile(page, {
      name: 'Encrypted key',
      ...brokerTarget(),
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGoodFormats.keyPkcs8Encrypted,
      passphrase: 'not the passphrase',
    });
    const before = connectionsSeen();

    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('failed');
    expect(await banner.getAttribute('data-cause')).toBe('key-passphrase-wrong');
    await visible(page.getByTestId('report-no-network'));
    expect(await page.getByTestId('phase-preflight').getAttribute('data-state')).toBe('failed');
    expect(await page.getByTestId('phase-tcp').getAttribute('data-state')).toBe('not-reached');
    expect(connectionsSeen()).toBe(before);
    await screenshot(page, '05-report-preflight-wrong-passphrase');

    // Try once with the right passphrase (not stored): the same profile gets in.
    const retry = await visible(page.getByTestId('retry-with-secret'));
    await retry.getByLabel('Key passphrase').fill(KEY_PASSPHRASE);
    const accepted = await connectAndWait(page, () => retry.getByRole('button', { name: 'Connect with it' }).click());
    expect(await accepted.getAttribute('data-verdict')).toBe('accepted');
    expect(connectionsSeen()).toBe(before + 1);
  });

  it('shows an unexpected disconnect with its reason', async () => {
    const doomed = await startMosquitto({
      tls: {
        cafile: pki.ca.cert,
        certfile: pki.server.cert,
        keyfile: pki.server.key,
        requireCertificate: true,
        useIdentityAsUsername: true,
      },
    });
    try {
      await createProfile(page, {
        name: 'Doomed broker',
        host: '127.0.0.1',
        port: doomed.port,
        ca: [pki.ca.cert],
        cert: pki.clientGood.cert,
        key: pki.clientGood.key,
      });
      expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
      await doomed.stop();
      const alert = await visible(page.getByTestId('close-reason'));
      expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('closed');
      expect(['connection-lost', 'server-disconnect']).toContain(await alert.getAttribute('data-kind'));
      await screenshot(page, '08-connection-lost');
    } finally {
      await doomed.stop();
    }
  });

  it('lights the phases up live, and cancels a handshake that hangs', async () => {
    // A TCP listener that accepts and never says a word: the TLS phase waits on it.
    const held = new Set<Socket>();
    const silent = createServer((socket) => {
      held.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      await createProfile(page, {
        name: 'Silent port',
        host: '127.0.0.1',
        port,
        ca: [pki.ca.cert],
        cert: pki.clientGood.cert,
        key: pki.clientGood.key,
      });
      await page.getByTestId('connect-button').click();
      await expect.poll(() => page.getByTestId('phase-tls').getAttribute('data-state'), { timeout: 10_000 }).toBe('started');
      expect(await page.getByTestId('phase-tcp').getAttribute('data-state')).toBe('passed');
      expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('connecting');
      await screenshot(page, '09-connecting-live');

      await page.getByRole('button', { name: 'Cancel' }).click();
      const banner = await visible(page.getByTestId('verdict-banner'));
      expect(await banner.getAttribute('data-cause')).toBe('aborted');
      expect(await page.getByTestId('phase-tls').getAttribute('data-state')).toBe('failed');
    } finally {
      for (const s of held) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('organises profiles: duplicate, group, reorder, search', async () => {
    await createProfile(page, {
      name: 'Gateway A',
      ...brokerTarget(),
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    const items = page.getByTestId('profile-item');
    const order = () => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-profile-name')));

    await page.getByRole('button', { name: 'Actions for Gateway A', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect.poll(() => items.count()).toBe(2);
    const copyName = (await order())[1] as string;
    expect(copyName).not.toBe('Gateway A');

    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByRole('textbox', { name: 'Group name' }).fill('Field devices');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await visible(page.locator('[data-testid="group-header"][data-group-name="Field devices"]'));

    await page.getByRole('button', { name: `Actions for ${copyName}`, exact: true }).click();
    await page.getByRole('menuitem', { name: 'Field devices' }).click();
    // Top-level profiles come first, then each group's.
    await expect.poll(order).toEqual(['Gateway A', copyName]);
    await page.getByRole('button', { name: 'Actions for Gateway A', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Field devices' }).click();
    await expect.poll(() => page.locator('[data-testid="group-header"]').getByText('2', { exact: true }).count()).toBe(1);
    await expect.poll(order).toEqual(['Gateway A', copyName]);
    await page.getByRole('button', { name: 'Actions for Gateway A', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Move down' }).click();
    await expect.poll(order).toEqual([copyName, 'Gateway A']);
    await screenshot(page, '10-sidebar-groups');

    await page.getByRole('textbox', { name: 'Search connections' }).fill('copy');
    await expect.poll(order).toEqual([copyName]);

    // The order survives a reload: the host owns it.
    await page.getByRole('textbox', { name: 'Search connections' }).fill('');
    await page.reload();
    await expect.poll(order).toEqual([copyName, 'Gateway A']);
  });
});

// Profiles that last: export with sealed secrets and import on another host, a host restart
// that keeps profiles and attempt history, a damaged store that is set aside and reported, an
// MQTT X export with paths that do not come along. Real web hosts (their real stores on disk),
// Debian's Chromium, a real mosquitto that requires client certificates, a PKI made for this run.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Broker } from '../support/mosquitto';
import { GOOD_CLIENT_CN, KEY_PASSPHRASE, type TestPki } from '../support/pki';
import { startE2eLab, type E2eLab } from '../support/e2e/lab';
import { connectAndWait, createProfile, screenshot, setIdentity, visible } from '../support/e2e/keyhole-page';
import { startWebHost, type RunningHost } from '../support/e2e/web-host';

let dir: string;
let pki: TestPki;
let broker: Broker;
let browser: Browser;
const FAILURES = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');

/** Hosts, browser contexts and pages a test opened; closed after it, newest first. */
const opened: { host: RunningHost; context: BrowserContext; page: Page; errors: string[] }[] = [];

let lab: E2eLab | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-persist-');
  ({ dir, pki, broker, browser } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(async (ctx) => {
  const failed = ctx.task.result?.state === 'fail';
  const errors: string[] = [];
  for (const [i, o] of opened.reverse().entries()) {
    if (failed) {
      const name = `${ctx.task.name.replace(/[^a-z0-9]+/gi, '-')}-${i}`;
      await o.page.screenshot({ path: join(FAILURES, `${name}.png`) }).catch(() => undefined);
      console.error(`web host output:\n${o.host.output()}`);
    }
    errors.push(...o.errors);
    await o.context.close().catch(() => undefined);
    await o.host.stop();
  }
  opened.length = 0;
  // An exception thrown in a page is a bug even when the screen looked right.
  expect(errors).toEqual([]);
});

/** Starts a web host (on `dataDir`, or a fresh one) and opens it in a new browser context. */
async function openHost(dataDir?: string): Promise<{ host: RunningHost; page: Page }> {
  const host = await startWebHost(dataDir ? { dataDir } : {});
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  opened.push({ host, context, page, errors });
  await page.goto(host.url);
  await visible(page.getByRole('navigation', { name: 'Connections' }));
  return { host, page };
}

/** Stops a host that `openHost` started (its data directory stays when the test owns it). */
async function closeHost(host: RunningHost): Promise<void> {
  const i = opened.findIndex((o) => o.host === host);
  const [o] = opened.splice(i, 1);
  if (!o) return;
  expect(o.errors).toEqual([]);
  await o.context.close();
  await o.host.stop();
}

async function appMenu(page: Page, item: 'Import profiles…' | 'Export profiles…' | 'Settings…'): Promise<void> {
  await page.getByRole('button', { name: 'More: import, export, settings' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

const profileItem = (page: Page, name: string) => page.locator(`[data-testid="profile-item"][data-profile-name="${name}"]`);
const brokerTarget = () => ({ host: '127.0.0.1', port: broker.port });

/** Opens the import dialog and gives it a file; returns the dialog. */
async function importFile(page: Page, path: string) {
  await appMenu(page, 'Import profiles…');
  const dialog = page.getByRole('dialog', { name: 'Import profiles' });
  await visible(dialog);
  await dialog.getByTestId('import-file-input').setInputFiles(path);
  return dialog;
}

describe('Profiles that last', () => {
  it('exports a profile with its sealed secrets, and another host imports it and gets in', async () => {
    const a = await openHost();
    await createProfile(
      a.page,
      {
        name: 'Device 346a',
        ...brokerTarget(),
        ca: [pki.ca.cert],
        cert: pki.clientGood.cert,
        key: pki.clientGoodFormats.keyPkcs8Encrypted,
        passphrase: KEY_PASSPHRASE,
      },
      async () => {
        await a.page.getByRole('tab', { name: 'General' }).click();
        // mosquitto with use_identity_as_username takes the certificate's CN as the user and ignores these.
        await a.page.getByRole('textbox', { name: 'Username', exact: true }).fill('device-346a');
        await a.page.getByLabel('Password', { exact: true }).fill('device-password');
      },
    );
    expect(await (await connectAndWait(a.page)).getAttribute('data-verdict')).toBe('accepted');

    await appMenu(a.page, 'Export profiles…');
    const exportDialog = a.page.getByRole('dialog', { name: 'Export profiles' });
    await visible(exportDialog);
    // Without secrets the dialog names what stays out of the file.
    const missing = await visible(exportDialog.getByTestId('export-missing-secrets'));
    expect(await missing.textContent()).toContain('Device 346a: private key, key passphrase and MQTT password');

    await exportDialog.getByRole('switch', { name: 'Include secrets' }).check();
    await expect.poll(() => exportDialog.getByTestId('export-missing-secrets').count()).toBe(0);
    const passphrase = 'lantern orbit 71 velvet';
    await exportDialog.getByLabel('Passphrase', { exact: true }).fill('short');
    await visible(exportDialog.getByText('Strength: Too short'));
    await exportDialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await exportDialog.getByLabel('Confirm passphrase').fill('lantern orbit 71 velvex');
    await visible(exportDialog.getByText('The two passphrases differ.'));
    await exportDialog.getByLabel('Confirm passphrase').fill(passphrase);
    await expect.poll(() => exportDialog.getByText('The two passphrases differ.').count()).toBe(0);
    expect(Number(await exportDialog.getByTestId('passphrase-strength').getAttribute('data-score'))).toBeGreaterThanOrEqual(3);
    await screenshot(a.page, '11-export-dialog');

    const [download] = await Promise.all([a.page.waitForEvent('download'), exportDialog.getByTestId('export-submit').click()]);
    expect(download.suggestedFilename()).toMatch(/\.keyhole\.json$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    await expect.poll(() => a.page.getByRole('dialog', { name: 'Export profiles' }).count()).toBe(0);
    const text = await readFile(file, 'utf8');
    const exported = JSON.parse(text) as {
      format: string;
      profiles: { name: string; secrets: { included: string[] } }[];
      encryptedSecrets?: unknown;
    };
    expect(exported.format).toBe('keyhole-profiles');
    expect(exported.profiles.map((p) => p.name)).toEqual(['Device 346a']);
    expect(exported.profiles[0]?.secrets.included.sort()).toEqual(['key-passphrase', 'mqtt-password', 'private-key']);
    expect(exported.encryptedSecrets).toBeDefined();
    // Sealed means sealed: neither the password, the key passphrase nor the key is readable in the file.
    const keyPem = await readFile(pki.clientGoodFormats.keyPkcs8Encrypted, 'utf8');
    expect(text).not.toContain('device-password');
    expect(text).not.toContain(KEY_PASSPHRASE);
    expect(text).not.toContain(keyPem.split('\n')[1] as string);

    // Another host, another data folder: nothing there yet.
    const b = await openHost();
    await visible(b.page.getByText('No connections yet.'));
    const importDialog = await importFile(b.page, file);
    const passphraseField = importDialog.getByLabel('Export passphrase');
    await passphraseField.fill('not the passphrase');
    await importDialog.getByRole('button', { name: 'Open', exact: true }).click();
    await visible(importDialog.getByText('This passphrase does not open the file’s secrets. Nothing was imported; try again.'));
    expect(await b.page.getByTestId('profile-item').count()).toBe(0);

    await passphraseField.fill(passphrase);
    await importDialog.getByRole('button', { name: 'Open', exact: true }).click();
    const item = await visible(importDialog.getByTestId('import-item'));
    expect(await item.getAttribute('data-name')).toBe('Device 346a');
    expect(await item.getAttribute('data-conflict')).toBe('none');
    const included = (await item.getByTestId('import-secrets-included').textContent()) ?? '';
    for (const kind of ['private key', 'key passphrase', 'MQTT password']) expect(included).toContain(kind);
    await screenshot(b.page, '12-import-preview');

    await importDialog.getByTestId('import-apply').click();
    const result = await visible(importDialog.getByTestId('import-result'));
    expect(await result.textContent()).toContain('1 added.');
    await result.getByRole('button', { name: 'Open Device 346a' }).click();
    await visible(profileItem(b.page, 'Device 346a'));
    await expect.poll(() => b.page.getByRole('heading', { level: 2, name: 'Device 346a' }).count()).toBe(1);

    // The imported key, its passphrase and the CA get this identity in, against the real broker.
    const banner = await connectAndWait(b.page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted');
    expect(await b.page.getByTestId('report-view').textContent()).toContain(GOOD_CLIENT_CN);
  });

  it('keeps profiles and their attempt history across a host restart, and compares two attempts', async () => {
    const dataDir = await mkdtemp(join(dir, 'data-restart-'));
    const first = await openHost(dataDir);
    await createProfile(first.page, {
      name: 'Gateway 7',
      ...brokerTarget(),
      ca: [pki.ca.cert],
      cert: pki.clientForeign.cert,
      key: pki.clientForeign.key,
    });
    const rejected = await connectAndWait(first.page);
    expect(await rejected.getAttribute('data-cause')).toBe('client-cert-unknown-ca');
    await first.page.getByRole('button', { name: 'Edit', exact: true }).click();
    await setIdentity(first.page, pki.clientGood.cert, pki.clientGood.key);
    await first.page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(first.page.getByTestId('connection-pane'));
    expect(await (await connectAndWait(first.page)).getAttribute('data-verdict')).toBe('accepted');
    await first.page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => first.page.getByTestId('connection-status').getAttribute('data-status')).toBe('closed');
    // Settings live with the profiles too: a dark theme and a smaller message history.
    await appMenu(first.page, 'Settings…');
    const settings = first.page.getByRole('dialog', { name: 'Settings' });
    await settings.getByText('Dark', { exact: true }).click();
    await expect.poll(() => first.page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await settings.getByRole('textbox', { name: 'Messages kept per connection' }).fill('500');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.count()).toBe(0);
    await closeHost(first.host);

    // A new browser context: nothing in the page's own storage, so what comes back came from the host.
    const second = await openHost(dataDir);
    const page = second.page;
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await appMenu(page, 'Settings…');
    const settingsAgain = page.getByRole('dialog', { name: 'Settings' });
    expect(await settingsAgain.getByRole('textbox', { name: 'Messages kept per connection' }).inputValue()).toBe('500');
    await settingsAgain.getByText('Light', { exact: true }).click();
    await settingsAgain.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
    await profileItem(page, 'Gateway 7').getByRole('button', { name: 'Open Gateway 7' }).click();
    // The last attempt is there to read at once, said to be from before.
    const note = await visible(page.getByTestId('past-report-note'));
    expect(await note.textContent()).toContain('The last attempt');
    expect(await page.getByTestId('verdict-banner').getAttribute('data-verdict')).toBe('accepted');

    await page.getByRole('tab', { name: /Attempts/ }).click();
    const rows = page.getByTestId('attempt-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-verdict')).toBe('accepted');
    expect(await rows.nth(1).getAttribute('data-verdict')).toBe('rejected');
    expect(await rows.nth(1).textContent()).toContain('client-cert-unknown-ca');
    expect(await rows.nth(1).textContent()).toContain('Client cert');
    await screenshot(page, '14-attempt-history-persisted');

    // An old report opens in the report view.
    await rows
      .nth(1)
      .getByRole('button', { name: /^Open the report of / })
      .click();
    await expect.poll(() => page.getByTestId('verdict-banner').getAttribute('data-cause')).toBe('client-cert-unknown-ca');
    expect(await page.getByTestId('past-report-note').textContent()).toContain('An earlier attempt');

    // Two attempts side by side.
    await page.getByRole('tab', { name: /Attempts/ }).click();
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByTestId('compare-attempts').click();
    const compare = await visible(page.getByTestId('attempt-compare'));
    const row = (label: string) => compare.locator(`[data-testid="compare-row"][data-label="${label}"]`);
    expect(await row('Verdict').getAttribute('data-same')).toBe('false');
    expect(await row('Verdict').textContent()).toMatch(/Rejected.*Accepted/);
    expect(await row('Cause').textContent()).toContain('client-cert-unknown-ca');
    expect(await row('Target').getAttribute('data-same')).toBe('true');
    await screenshot(page, '15-attempt-compare');
  });

  it('says so when the store was damaged, names the copy, and remembers the dismissal', async () => {
    const dataDir = await mkdtemp(join(dir, 'data-damaged-'));
    const garbage = '{"schemaVersion": 2, "profiles": [ {"id": "cut off in the middle';
    await writeFile(join(dataDir, 'profiles.json'), garbage);

    const { page } = await openHost(dataDir);
    const notice = await visible(page.getByTestId('store-notice-recovered'));
    expect(await notice.textContent()).toContain('The profile store was damaged and has been recovered');
    const copy = (await notice.getByTestId('store-recovery-copy').textContent()) ?? '';
    expect(copy.startsWith(join(dataDir, 'profiles.corrupt-'))).toBe(true);
    expect(await notice.textContent()).toContain(`${join(dataDir, 'profiles.json')}`);
    // The copy on disk is the damaged file, byte for byte.
    expect(existsSync(copy)).toBe(true);
    expect(await readFile(copy, 'utf8')).toBe(garbage);
    expect((await readdir(dataDir)).filter((f) => f.startsWith('profiles.corrupt-'))).toHaveLength(1);
    await screenshot(page, '13-store-recovered-notice');

    // It stays until dismissed; dismissed, it stays away after a reload.
    await page.reload();
    await visible(page.getByTestId('store-notice-recovered'));
    await page.getByRole('button', { name: 'Dismiss the recovery notice' }).click();
    await expect.poll(() => page.getByTestId('store-notice-recovered').count()).toBe(0);
    await page.reload();
    await visible(page.getByRole('navigation', { name: 'Connections' }));
    await visible(page.getByText('No connections yet.'));
    expect(await page.getByTestId('store-notice-recovered').count()).toBe(0);
  });

  it('imports an MQTT X export: notes for paths it cannot read and for WebSocket, and a choice per conflict', async () => {
    const mqttx = join(dir, 'mqttx-export.json');
    const missingCa = join(dir, 'gone', 'ca.crt');
    await writeFile(
      mqttx,
      JSON.stringify([
        {
          id: 'a1',
          name: 'Sensor hall A',
          clientId: 'mqttx_sensor_a',
          host: '127.0.0.1',
          port: broker.port,
          protocol: 'mqtts',
          ssl: true,
          certType: 'self',
          rejectUnauthorized: true,
          ca: pki.ca.cert,
          cert: pki.clientGood.cert,
          key: pki.clientGood.key,
          username: 'sensor-a',
          password: 'sensor-a-pass',
          mqttVersion: '5.0',
          clean: true,
          keepalive: 60,
          connectTimeout: 10,
          subscriptions: [{ topic: 'sensors/#', qos: 0 }],
        },
        {
          id: 'a2',
          name: 'Sensor hall B',
          clientId: 'mqttx_sensor_b',
          host: '127.0.0.1',
          port: broker.port,
          protocol: 'mqtts',
          ssl: true,
          certType: 'self',
          ca: missingCa,
          mqttVersion: '3.1.1',
        },
        {
          id: 'a3',
          name: 'Dashboard',
          clientId: 'mqttx_dash',
          host: 'broker.example',
          port: 8084,
          protocol: 'wss',
          path: '/mqtt',
          ssl: true,
          mqttVersion: '5.0',
        },
      ]),
    );

    const { page } = await openHost();
    const dialog = await importFile(page, mqttx);
    await visible(dialog.getByTestId('import-preview'));
    const items = dialog.getByTestId('import-item');
    await expect.poll(() => items.count()).toBe(3);
    const item = (name: string) => dialog.locator(`[data-testid="import-item"][data-name="${name}"]`);

    // The missing path is named with its reason; every path says what became of it.
    const hallB = item('Sensor hall B');
    expect(await hallB.getByTestId('import-files').textContent()).toContain(missingCa);
    expect(await hallB.locator('[data-status="unreadable"]').count()).toBe(1);
    expect(await hallB.getByTestId('import-notes').textContent()).toContain('could not be read');
    const hallA = item('Sensor hall A');
    expect(await hallA.getByTestId('import-files').locator('li').count()).toBe(3);
    expect(await hallA.getByTestId('import-secrets-included').textContent()).toContain('MQTT password');
    expect(await hallA.getByTestId('import-notes').textContent()).toContain('saved subscription(s) were not imported');
    // A WebSocket connection stays one, with its path.
    expect(await item('Dashboard').textContent()).toContain('wss://broker.example:8084/mqtt');
    await hallB.scrollIntoViewIfNeeded();
    await screenshot(page, '16-import-mqttx-notes');

    await dialog.getByTestId('import-apply').click();
    expect(await (await visible(dialog.getByTestId('import-result'))).textContent()).toContain('3 added.');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    for (const name of ['Sensor hall A', 'Sensor hall B', 'Dashboard']) await visible(profileItem(page, name));

    // The same file again: three conflicts, keep both by default; one skipped, one replaced.
    const again = await importFile(page, mqttx);
    await visible(again.getByTestId('import-preview'));
    await expect.poll(() => again.locator('[data-testid="import-item"][data-conflict="name"]').count()).toBe(3);
    expect(await again.getByTestId('import-apply').textContent()).toBe('Import 3 profiles');
    await again.locator('[data-testid="import-item"][data-name="Dashboard"]').getByText('Skip', { exact: true }).click();
    await again.locator('[data-testid="import-item"][data-name="Sensor hall B"]').getByText('Replace', { exact: true }).click();
    expect(
      await again.locator('[data-testid="import-item"][data-name="Sensor hall B"]').getByTestId('import-effect').textContent(),
    ).toContain('Replaces “Sensor hall B”');
    expect(await again.getByTestId('import-apply').textContent()).toBe('Import: add 1, replace 1');
    await again.getByTestId('import-apply').click();
    expect(await (await visible(again.getByTestId('import-result'))).textContent()).toContain('1 added, 1 replaced, 1 skipped.');
    await again.getByRole('button', { name: 'Close', exact: true }).click();
    const names = await page.getByTestId('profile-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-profile-name')));
    expect(names.filter((n) => n?.startsWith('Sensor hall A'))).toHaveLength(2);
    expect(names.filter((n) => n?.startsWith('Sensor hall B'))).toHaveLength(1);
    expect(names.filter((n) => n?.startsWith('Dashboard'))).toHaveLength(1);
  });

  it('says which secrets cannot be decrypted when the key is gone, and discards them on request', async () => {
    const dataDir = await mkdtemp(join(dir, 'data-locked-'));
    const first = await openHost(dataDir);
    await createProfile(first.page, {
      name: 'Sealed device',
      ...brokerTarget(),
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGoodFormats.keyPkcs8Encrypted,
      passphrase: KEY_PASSPHRASE,
    });
    await closeHost(first.host);
    // The key file that sealed the secrets is lost (a copied folder, a restored backup without it).
    await rm(join(dataDir, 'secret.key'));

    const { page } = await openHost(dataDir);
    const notice = await visible(page.getByTestId('store-notice-locked'));
    expect(await notice.textContent()).toContain('“Sealed device”');
    await screenshot(page, '17-locked-secrets-notice');
    await notice.getByRole('button', { name: 'Discard them…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Discard the secrets that cannot be decrypted?' });
    await confirm.getByRole('button', { name: /^Discard / }).click();
    await expect.poll(() => page.getByTestId('store-notice-locked').count()).toBe(0);
    await visible(page.getByTestId('notice').getByText(/^Discarded \d+ secrets?; enter them again in the profile editor\.$/));

    // The profile is still there, without the key that was sealed away: connecting says so before any traffic.
    await profileItem(page, 'Sealed device').getByRole('button', { name: 'Open Sealed device' }).click();
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('failed');
    expect(await banner.getAttribute('data-cause')).toBe('config-invalid');
    await visible(page.getByTestId('report-no-network'));

    // Entered again, the key and its passphrase get the identity in.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await visible(page.getByTestId('profile-editor'));
    await setIdentity(page, pki.clientGood.cert, pki.clientGoodFormats.keyPkcs8Encrypted, KEY_PASSPHRASE);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByTestId('connection-pane'));
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
  });
});

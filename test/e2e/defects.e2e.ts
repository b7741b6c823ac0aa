// Rough edges found in use, each shown through the web host in Chromium against real mosquitto:
// a refused publish is labelled refused (and its notice leaves the Publish button free), the
// Preflight chip is amber when preflight warned, a broker we do not trust gets no green badges
// and no "we sent", and the web host answers --help. Screenshots 100–119, both themes, narrow
// and wide.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Broker } from '../support/mosquitto';
import { GOOD_CLIENT_CN, KEY_PASSPHRASE, type TestPki } from '../support/pki';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';
import { connectAndWait, createProfile, fillGeneral, loadFile, visible, shots, WIDE } from '../support/e2e/keyhole-page';

const ROOT = join(import.meta.dirname, '..', '..');

let pki: TestPki;
/** The lab's mTLS mosquitto (CN as username, no ACL). */
let broker: Broker;
/** mTLS, the CN as username, and an ACL that lets the good device write only under allowed/. */
let aclBroker: Broker | undefined;
let browser: Browser;
let page: Page;
let lab: E2eLab | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-defects-');
  ({ pki, broker, browser } = lab);
  aclBroker = await startMosquitto({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
    acl: `user ${GOOD_CLIENT_CN}\ntopic readwrite allowed/#\n`,
  });
});

afterAll(async () => {
  await aclBroker?.stop();
  await lab?.stop();
});

let opened: E2ePage | undefined;

beforeEach(async () => {
  opened = await openE2ePage(browser);
  ({ page } = opened);
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

const NARROW = { width: 800, height: 600 };

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('defects found in use', () => {
  it('labels a publish the broker refuses "refused (0x87 Not authorized)", with a notice that leaves Publish free', async () => {
    await page.setViewportSize(WIDE);
    await createProfile(page, {
      name: 'ACL device',
      host: '127.0.0.1',
      port: aclBroker!.port,
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();

    const publish = page.getByRole('form', { name: 'Publish' });
    const button = publish.getByRole('button', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill('allowed/state');
    await publish.getByRole('radiogroup', { name: 'Publish QoS' }).getByText('1', { exact: true }).click();
    await publish.getByRole('textbox', { name: 'Payload' }).fill('fine');
    await button.click();
    const allowed = await visible(page.locator('[data-testid="message-row"][data-direction="out"][data-topic="allowed/state"]'));
    expect(await allowed.getAttribute('data-refused')).toBeNull();
    expect(await allowed.getByText('sent', { exact: true }).count()).toBe(1);

    for (const viewport of [WIDE, NARROW]) {
      await page.setViewportSize(viewport);
      const topic = `denied/${viewport.width}`;
      await publish.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
      await publish.getByRole('textbox', { name: 'Payload' }).fill('not for you');
      await button.click();
      // MQTT 5: mosquitto's acl_file answers the denied QoS 1 PUBLISH with PUBACK 0x87.
      const row = await visible(page.locator(`[data-testid="message-row"][data-direction="out"][data-topic="${topic}"]`));
      expect(await row.getAttribute('data-refused')).toBe('0x87');
      expect(await row.getByTestId('message-refused').textContent()).toBe('refused (0x87 Not authorized)');
      expect(await row.getByText('sent', { exact: true }).count()).toBe(0);
      const notice = await visible(page.getByTestId('notice'));
      expect(await notice.textContent()).toContain(`refused the message on "${topic}": 0x87 Not authorized`);
      const noticeBox = await notice.boundingBox();
      const buttonBox = await button.boundingBox();
      expect(noticeBox && buttonBox).toBeTruthy();
      expect(intersects(noticeBox!, buttonBox!)).toBe(false);
      if (viewport === WIDE) await page.screenshot({ path: join(ROOT, 'test/e2e/screenshots/101-publish-refused-notice-light-wide.png') });
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await notice.waitFor({ state: 'detached' });
    }
    await shots(page, '100-publish-refused');
  });

  it('turns the Preflight chip amber when preflight raised a warning', async () => {
    await createProfile(
      page,
      {
        name: 'Unverified broker',
        host: '127.0.0.1',
        port: broker.port,
        ca: [pki.ca.cert],
        cert: pki.clientGood.cert,
        key: pki.clientGood.key,
      },
      // Verification off is a warning raised before any traffic.
      () => page.getByRole('radiogroup', { name: 'Verification mode' }).getByText('Off', { exact: true }).click(),
    );
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted-with-warnings');
    const chip = page.getByTestId('phase-preflight');
    expect(await chip.getAttribute('data-state')).toBe('warned');
    expect(await page.getByTestId('phase-preflight-short').textContent()).toBe('1 warning');
    expect(await page.getByTestId('phase-tls').getAttribute('data-state')).toBe('passed');
    await shots(page, '102-preflight-warned');
  });

  it('shows a broker chain we do not trust as untrusted, and no "we sent" when TLS stopped there', async () => {
    await createProfile(page, {
      name: 'Wrong CA',
      host: '127.0.0.1',
      port: broker.port,
      // Trusting another CA: our verdict on the broker stops the attempt in TLS.
      ca: [pki.foreignCa.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-cause')).toBe('server-cert-untrusted');
    const report = page.getByTestId('report-view');
    const chain = await visible(page.getByTestId('peer-chain'));
    expect(await chain.getAttribute('data-trust')).toBe('untrusted');
    await expect.poll(() => chain.getByTestId('peer-cert-trust').first().textContent()).toBe('untrusted');
    expect(await chain.getByText('valid', { exact: true }).count()).toBe(0);
    // A closed panel may not be in the page at all: open it as a reader would.
    const sent = report.getByRole('button', { name: 'What we sent' });
    if ((await sent.getAttribute('aria-expanded')) !== 'true') await sent.click();
    await visible(report.getByText(/not judged: the attempt stopped at TLS .*was ready/));
    expect(await report.getByTestId('report-we-sent').count()).toBe(0);
    expect(await report.getByText(/we sent:/).count()).toBe(0);
    await shots(page, '103-report-untrusted-broker');
  });

  it('imports an MQTT X mutual-TLS connection whose files it cannot read as incomplete, and connects once they are chosen', async () => {
    await page.setViewportSize(WIDE);
    const exportFile = join(lab!.dir, 'mqttx-mtls.json');
    const gone = '/home/someone/old-laptop/certs';
    await writeFile(
      exportFile,
      JSON.stringify([
        {
          id: 'm1',
          name: 'Device 001 (MQTT X)',
          clientId: 'device-001',
          host: '127.0.0.1',
          port: broker.port,
          protocol: 'mqtts',
          ssl: true,
          certType: 'self',
          rejectUnauthorized: true,
          ca: `${gone}/ca.crt`,
          cert: `${gone}/device-001.crt`,
          key: `${gone}/device-001.key`,
          mqttVersion: '5.0',
        },
      ]),
    );
    await page.getByRole('button', { name: 'More: import, export, settings' }).click();
    await page.getByRole('menuitem', { name: 'Import profiles…' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Import profiles' }));
    await dialog.getByTestId('import-file-input').setInputFiles(exportFile);
    await visible(dialog.getByTestId('import-preview'));
    await dialog.getByTestId('import-apply').click();
    await visible(dialog.getByTestId('import-result'));
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    // The sidebar says the profile is incomplete.
    const item = await visible(page.locator('[data-testid="profile-item"][data-profile-name="Device 001 (MQTT X)"]'));
    expect(await item.getByTestId('profile-incomplete').textContent()).toBe('incomplete');
    await item.getByRole('button', { name: 'Open Device 001 (MQTT X)' }).click();

    // Connecting stops in preflight, naming the files: not a misleading "broker certificate not trusted".
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-cause')).toBe('material-missing');
    expect(await page.getByTestId('phase-preflight').getAttribute('data-state')).toBe('failed');
    const explanation = await page.getByTestId('report-explanation').textContent();
    expect(explanation).toContain(`the client certificate "device-001.crt" (was ${gone}/device-001.crt`);
    expect(explanation).toContain('the CA file "ca.crt"');
    await shots(page, '104-import-incomplete-report');

    // The editor keeps the export's identity mode, each slot marked missing with its old path.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await visible(page.getByTestId('profile-editor'));
    await page.getByRole('tab', { name: 'TLS' }).click();
    const identity = page.getByRole('radiogroup', { name: 'Client identity' });
    expect(await identity.locator('input[value="pem"]').isChecked()).toBe(true);
    for (const [slot, file] of [
      ['ca', 'ca.crt'],
      ['cert', 'device-001.crt'],
      ['key', 'device-001.key'],
    ] as const) {
      const row = await visible(page.getByTestId(`missing-${slot}`));
      expect(await row.textContent()).toContain(`missing: ${file}`);
      expect(await row.textContent()).toContain(`was ${gone}/${file}`);
    }
    await page.getByTestId('missing-cert').scrollIntoViewIfNeeded();
    await shots(page, '105-import-incomplete-editor');

    // Choosing each file fills its slot; saved, the profile is complete and gets in.
    await loadFile(page, 'ca', pki.ca.cert);
    await loadFile(page, 'cert', pki.clientGood.cert);
    await loadFile(page, 'key', pki.clientGood.key);
    for (const slot of ['ca', 'cert', 'key']) expect(await page.getByTestId(`missing-${slot}`).count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByTestId('connection-pane'));
    expect(await item.getByTestId('profile-incomplete').count()).toBe(0);
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
  });

  it("shows a PKCS#12 card's certificate (CN, issuer, validity) once its password is known", async () => {
    await page.setViewportSize(WIDE);
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    await fillGeneral(page, { name: 'PKCS#12 device', host: '127.0.0.1', port: broker.port });
    await page.getByRole('tab', { name: 'TLS' }).click();
    await loadFile(page, 'ca', pki.ca.cert);
    await page.getByRole('radiogroup', { name: 'Client identity' }).getByText('PKCS#12', { exact: true }).click();
    const card = await loadFile(page, 'pfx', pki.clientGoodFormats.pfx);
    // Sealed: nothing of the certificate can be read without the password.
    expect(await card.getByTestId('material-cn').count()).toBe(0);
    await page.getByLabel('PKCS#12 password', { exact: true }).fill(pki.pfxPassword);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByTestId('connection-pane'));

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('tab', { name: 'TLS' }).click();
    const opened = await visible(page.getByTestId('material-pfx'));
    expect(await opened.getByTestId('material-cn').textContent()).toBe(GOOD_CLIENT_CN);
    const text = await opened.textContent();
    expect(text).toContain('issued by Keyhole Test CA');
    expect(text).toMatch(/valid \d{4}-\d{2}-\d{2} .* UTC → \d{4}-\d{2}-\d{2} .* UTC/);
    await opened.scrollIntoViewIfNeeded();
    await shots(page, '106-pkcs12-card-opened', () => opened.scrollIntoViewIfNeeded());
    // The password itself never came back to the page.
    expect(await page.content()).not.toContain(pki.pfxPassword);
  });

  it('offers to save a passphrase that worked for one attempt, and the next connect uses it', async () => {
    await page.setViewportSize(WIDE);
    await createProfile(page, {
      name: 'Passphrase device',
      host: '127.0.0.1',
      port: broker.port,
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGoodFormats.keyPkcs8Encrypted,
      passphrase: 'not the passphrase',
    });
    expect(await (await connectAndWait(page)).getAttribute('data-cause')).toBe('key-passphrase-wrong');
    const retry = await visible(page.getByTestId('retry-with-secret'));
    await retry.getByLabel('Key passphrase').fill(KEY_PASSPHRASE);
    const accepted = await connectAndWait(page, () => retry.getByRole('button', { name: 'Connect with it' }).click());
    expect(await accepted.getAttribute('data-verdict')).toBe('accepted');

    const offer = await visible(page.getByTestId('save-secret-offer'));
    expect(await offer.textContent()).toContain('The key passphrase you typed worked');
    await shots(page, '107-save-secret-offer', () => offer.scrollIntoViewIfNeeded());
    await offer.getByRole('button', { name: 'Save it to the profile' }).click();
    // The offer goes only once the host sealed the passphrase (its notice is short-lived: not waited on).
    await expect.poll(() => page.getByTestId('save-secret-offer').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.content()).not.toContain(KEY_PASSPHRASE);

    // Sealed in the profile: a plain connect now gets in without asking.
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('closed');
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    expect(await page.getByTestId('save-secret-offer').count()).toBe(0);
  });

  it('web host: --help prints what it does and its options', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'out/web/host.mjs'), '--help'], { encoding: 'utf8', timeout: 15_000 });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('Unknown option');
    expect(run.stdout).toContain('usage: node out/web/host.mjs');
    for (const option of ['--port N', '--data-dir DIR', '--renderer-dir DIR', '--lab-port N', '--help'])
      expect(run.stdout).toContain(option);
    expect(run.stdout).toContain('127.0.0.1');
  });
});

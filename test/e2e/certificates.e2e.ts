// The certificate workbench as a person uses it, through the web host in Debian's Chromium:
// create a CA and a broker certificate, start a real mosquitto with the TLS block the app wrote
// (and the files it downloaded), issue a device, make a profile from it in one click, connect
// and see it accepted; lint a certificate with a key that is not its own and see the finding;
// inspect a chain and a key. Screenshots of each new screen in both themes, narrow and wide.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Broker } from '../support/mosquitto';
import { GOOD_CLIENT_CN, type TestPki } from '../support/pki';
import { freePort, waitForPort } from '../support/ports';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';
import { connectAndWait, visible, shots } from '../support/e2e/keyhole-page';

let lab: E2eLab | undefined;
let pki: TestPki;
let browser: Browser;
let page: Page;
let opened: E2ePage | undefined;
const brokers: Broker[] = [];

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-certs-');
  ({ pki, browser } = lab);
});

afterAll(async () => {
  await Promise.allSettled(brokers.map((b) => b.stop()));
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

/** Four shots of the screen, with `focus` scrolled into view at each size. */
async function takeShots(name: string, focus?: Locator): Promise<void> {
  await shots(page, name, async () => {
    await focus?.scrollIntoViewIfNeeded();
  });
}

async function openCertificates(): Promise<void> {
  await page.getByTestId('section-certificates').click();
  await visible(page.getByTestId('certificates-section'));
}

async function issueTab(what: 'CA' | 'Broker' | 'Device' | 'Batch' | 'CRL'): Promise<void> {
  await page.getByRole('tab', { name: 'Issue' }).click();
  await page.getByRole('radiogroup', { name: 'What to make' }).getByText(what, { exact: true }).click();
}

/** Picks an option of a Mantine Select by its label. */
async function choose(label: string, option: string): Promise<void> {
  await page
    .getByLabel(new RegExp(`^${label}\\s*\\*?$`))
    .first()
    .click();
  await page.getByRole('option', { name: option }).click();
}

/** Downloads the output shown in `scope` (a zip the host serves) and unpacks it into `dir`. */
async function downloadInto(dir: string): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-output').last().click()]);
  const zip = unzipSync(new Uint8Array(await readFile(await download.path())));
  for (const [path, bytes] of Object.entries(zip)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes, { mode: /key|password|\.p12$/.test(path) ? 0o600 : 0o644 });
  }
  return Object.keys(zip).sort();
}

describe('the Certificates section', () => {
  it('creates a CA, a broker and a device; mosquitto runs with the snippet; a profile made from the device is accepted', async () => {
    await openCertificates();
    await takeShots('32-certificates-inspector-empty');

    // A root CA, kept by the workbench.
    await issueTab('CA');
    await page.getByRole('textbox', { name: 'CA name (CN)' }).fill('E2E Lab CA');
    await page.getByRole('textbox', { name: 'Organization (O)' }).fill('Keyhole E2E');
    await page.getByTestId('create-ca-submit').click();
    const caResult = await visible(page.getByTestId('create-ca-result'));
    expect(await caResult.textContent()).toContain('CA "E2E Lab CA" created and saved');
    await takeShots('33-certificates-ca-created', caResult);

    // A broker certificate for 127.0.0.1, downloaded as the host serves it.
    const dir = join(lab!.dir, 'broker-files');
    await issueTab('Broker');
    await choose('Issuing CA', 'E2E Lab CA');
    await page.getByRole('textbox', { name: 'Host name (CN)' }).fill('localhost');
    await page.getByRole('textbox', { name: 'IP addresses' }).fill('127.0.0.1, ::1');
    await page.getByTestId('issue-server-submit').click();
    await visible(page.getByTestId('issue-result'));
    expect(await downloadInto(dir)).toEqual(['ca.pem', 'crl.pem', 'localhost-key.pem', 'localhost.pem']);
    const port = await freePort();
    await page.getByRole('textbox', { name: 'Folder of the files on the broker' }).fill(dir);
    await page.getByRole('textbox', { name: 'Port' }).fill(String(port));
    const snippet = page.getByTestId('snippet-text');
    await expect.poll(() => snippet.textContent()).toContain(`listener ${port}`);
    const text = (await snippet.textContent())!;
    expect(text).toContain(`certfile ${dir}/localhost.pem`);
    expect(text).toContain(`crlfile ${dir}/crl.pem`);
    await takeShots('34-certificates-broker-snippet', snippet);
    const broker = await startMosquitto({ extra: text.trim().split('\n') });
    brokers.push(broker);
    await waitForPort(port, { deadlineMs: 10_000 });

    // A device with a generated password; a profile from it in one click.
    await issueTab('Device');
    await choose('Issuing CA', 'E2E Lab CA');
    await page.getByRole('textbox', { name: 'Device identity (CN)' }).fill(GOOD_CLIENT_CN);
    await page.getByTestId('issue-client-submit').click();
    const device = await visible(page.getByTestId('issue-result'));
    expect(await device.textContent()).toContain('clientAuth');
    await takeShots('35-certificates-device-issued', device);
    await device.getByRole('button', { name: `Make a profile from ${GOOD_CLIENT_CN}` }).click();
    await page.getByRole('textbox', { name: 'Port' }).last().fill(String(port));
    await page.getByTestId('make-profile-submit').click();

    // Connections now shows the new profile; it connects to the broker started with the snippet.
    await visible(page.getByTestId('connection-pane'));
    await expect.poll(() => page.getByRole('heading', { level: 2, name: GOOD_CLIENT_CN }).count()).toBe(1);
    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted');
    expect(broker.log()).toContain(`as ${GOOD_CLIENT_CN}`);
    await takeShots('36-profile-from-workbench-accepted');

    // The profile's cards show the lint of its files: clean.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('tab', { name: 'TLS' }).click();
    const certCard = await visible(page.getByTestId('material-cert'));
    expect(await certCard.getByTestId('material-lint').textContent()).toContain('no findings');
    await takeShots('40-profile-cards-lint-clean', certCard);

    // The saved CA lists what it issued; revoking the device signs a CRL that names it.
    await page
      .getByRole('button', { name: 'Cancel' })
      .click()
      .catch(() => undefined);
    await openCertificates();
    await page.getByRole('tab', { name: 'Saved CAs' }).click();
    const ca = await visible(page.getByTestId('saved-ca'));
    expect(await ca.getByTestId('issued-row').count()).toBe(2);
    await ca.getByRole('button', { name: `Revoke ${GOOD_CLIENT_CN}` }).click();
    await page.getByRole('menuitem', { name: 'keyCompromise' }).click();
    await visible(page.getByTestId('crl-signed'));
    const row = ca.locator(`[data-testid="issued-row"][data-cn="${GOOD_CLIENT_CN}"]`);
    expect(await row.textContent()).toContain('revoked');
    await takeShots('37-certificates-saved-cas');

    // A batch: one device, one secret; the CA's list grows by the batch.
    await issueTab('Batch');
    await choose('Issuing CA', 'E2E Lab CA');
    await page.getByRole('textbox', { name: 'Devices' }).fill('25');
    await page.getByTestId('batch-submit').click();
    const batch = await visible(page.getByTestId('batch-result'), 60_000);
    expect(await batch.textContent()).toContain('25 devices issued by "E2E Lab CA"');
    const files = await downloadInto(join(lab!.dir, 'batch-files'));
    expect(files).toEqual(expect.arrayContaining(['manifest.csv', 'redis-commands.txt', 'matrix.json', 'certs/device-025.pem']));
    await takeShots('42-certificates-batch', batch);

    // A fresh CRL, revoking nothing more.
    await issueTab('CRL');
    await choose('CA to sign for', 'E2E Lab CA');
    await page.getByTestId('crl-submit').click();
    const crl = await visible(page.getByTestId('crl-result'));
    expect(await crl.textContent()).toContain('CRL #3 of "E2E Lab CA": 1 revoked');
    await takeShots('43-certificates-crl', crl);
  });

  it('lints a certificate with a key that is not its own, and inspects a chain with its key', async () => {
    await openCertificates();
    await page.getByRole('tab', { name: 'Lint' }).click();
    await page.getByTestId('file-input-lint-ca').setInputFiles(pki.ca.cert);
    await page.getByTestId('file-input-lint-cert').setInputFiles(pki.clientGood.cert);
    await page.getByTestId('file-input-lint-key').setInputFiles(pki.clientBlocked.key);
    await page.getByTestId('lint-button').click();
    const report = await visible(page.getByTestId('lint-report'));
    const finding = report.locator('[data-testid="finding"][data-code="key-cert-mismatch"]');
    await finding.waitFor();
    expect(await finding.getAttribute('data-level')).toBe('error');
    expect(await finding.textContent()).toContain(`does not belong to "${GOOD_CLIENT_CN}"`);
    await takeShots('38-certificates-lint-mismatch', report);

    await page.getByRole('tab', { name: 'Inspect' }).click();
    await page.getByTestId('file-input-inspect').setInputFiles([pki.clientIntermediate.chain, pki.clientIntermediate.key, pki.ca.cert]);
    const inputs = page.getByTestId('inspected-input');
    await expect.poll(() => inputs.count()).toBe(3);
    const chain = inputs.first();
    expect(await chain.getAttribute('data-kind')).toBe('chain');
    const links = chain.getByTestId('chain-link');
    expect(await links.first().getAttribute('data-verifies')).toBe('true');
    expect(await inputs.nth(1).getByTestId('inspected-summary').textContent()).toContain('belongs to');
    await takeShots('39-certificates-inspector-chain');

    // The same lint on a profile's certificate card: an expired client certificate says so at once.
    await page.getByTestId('section-connections').click();
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    await page.getByRole('tab', { name: 'TLS' }).click();
    await page.getByTestId('file-input-cert').setInputFiles(pki.clientExpired.cert);
    const card = await visible(page.getByTestId('material-cert'));
    const expired = card.locator('[data-testid="finding"][data-code="cert-expired"]');
    await expired.waitFor();
    expect(await expired.getAttribute('data-level')).toBe('error');
    await takeShots('41-profile-card-lint-expired', card);
  });
});

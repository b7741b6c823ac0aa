// The client identity as a person brings it: a PKCS#12 bundle with its password (modern and
// legacy encryption), and PEM files dropped onto their slots instead of chosen. The web host
// (its real core) in Debian's Chromium, a real mosquitto that requires client certificates, a
// PKI made for this run; every test starts a host with a fresh data directory.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Broker } from '../support/mosquitto';
import { CA_CN, GOOD_CLIENT_CN, type TestPki } from '../support/pki';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';
import { connectAndWait, fillGeneral, loadFile, screenshot, visible } from '../support/e2e/keyhole-page';

let pki: TestPki;
let broker: Broker;
let browser: Browser;
let page: Page;

let lab: E2eLab | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-identity-');
  ({ pki, broker, browser } = lab);
});

afterAll(async () => {
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

/** mosquitto logs one "New connection from" per TCP connection it accepts. */
const connectionsSeen = () => (broker.log().match(/New connection from/g) ?? []).length;

/** Picks the kind of client identity on the TLS tab. */
async function chooseIdentity(page: Page, mode: 'Certificate + key' | 'PKCS#12' | 'No client certificate'): Promise<void> {
  const group = page.getByRole('radiogroup', { name: 'Client identity' });
  await group.getByText(mode, { exact: true }).click();
  await expect.poll(() => group.getByRole('radio', { name: mode, exact: true }).isChecked()).toBe(true);
}

/** New connection → General → TLS: the CA, then a PKCS#12 bundle and its password; stays in the editor. */
async function fillPkcs12Profile(name: string, pfx: string, password: string): Promise<void> {
  await page.getByTestId('new-connection').click();
  await visible(page.getByTestId('profile-editor'));
  await fillGeneral(page, { name, host: '127.0.0.1', port: broker.port });
  await page.getByRole('tab', { name: 'TLS' }).click();
  const ca = await loadFile(page, 'ca', pki.ca.cert);
  expect(await ca.getByTestId('material-cn').textContent()).toBe(CA_CN);
  await chooseIdentity(page, 'PKCS#12');
  // The PEM slots give way to the bundle's.
  expect(await page.getByTestId('drop-cert').count()).toBe(0);
  const bundle = await loadFile(page, 'pfx', pfx);
  expect(await bundle.getAttribute('aria-label')).toBe(`pfx file ${basename(pfx)}`);
  await page.getByLabel('PKCS#12 password', { exact: true }).fill(password);
}

/** Save in the editor; ends on the connection's pane. */
async function save(name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await visible(page.getByTestId('connection-pane'));
  await expect.poll(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
}

/** The client certificate the report says we presented. */
const sentBadge = () => page.getByText(`we sent: ${GOOD_CLIENT_CN}`, { exact: true });

/**
 * Drops a file from disk onto an editor slot the way a file manager does: a `DataTransfer`
 * holding a `File` with the file's bytes, `dragover` (which the slot must accept, or the
 * browser would not deliver the drop) and then `drop`, both real DOM drag events.
 */
async function dropFile(page: Page, slot: 'ca' | 'cert' | 'key' | 'pfx', path: string): Promise<Locator> {
  const zone = page.getByTestId(`drop-${slot}`);
  const cards = page.getByTestId(`material-${slot}`);
  const before = await cards.count();
  const bytes = (await readFile(path)).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ name, b64 }) => {
      const raw = atob(b64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], name));
      return dt;
    },
    { name: basename(path), b64: bytes },
  );
  try {
    const accepted = await zone.evaluate((el, dt) => {
      const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
      el.dispatchEvent(over);
      // A drop target says so by cancelling dragover.
      return over.defaultPrevented;
    }, dataTransfer);
    expect(accepted, `the ${slot} slot takes files dragged over it`).toBe(true);
    await expect.poll(() => zone.getAttribute('data-dragging')).toBe('true');
    await zone.evaluate((el, dt) => {
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dataTransfer);
  } finally {
    await dataTransfer.dispose();
  }
  await expect.poll(() => zone.getAttribute('data-dragging')).toBeNull();
  await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(slot === 'ca' ? before : 0);
  return cards.last();
}

describe('Client identities in the browser', () => {
  it('connects with a PKCS#12 bundle and its password; a wrong password stops before the network', async () => {
    await fillPkcs12Profile('PKCS#12 device', pki.clientGoodFormats.pfx, pki.pfxPassword);
    await expect.poll(() => page.getByTestId('unsaved-badge').count()).toBe(1);
    await screenshot(page, '18-pkcs12-profile');
    await save('PKCS#12 device');

    const accepted = await connectAndWait(page);
    expect(await accepted.getAttribute('data-verdict')).toBe('accepted');
    await visible(sentBadge());
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('closed');

    // A wrong password typed into the editor replaces the stored one.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await visible(page.getByTestId('profile-editor'));
    await page.getByRole('tab', { name: 'TLS' }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'PKCS#12', exact: true }).isChecked()).toBe(true);
    const password = page.getByLabel('PKCS#12 password', { exact: true });
    // The host keeps the password; the page only learns that there is one.
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('placeholder')).toMatch(/stored/);
    await password.fill('not the password');
    await save('PKCS#12 device');

    const before = connectionsSeen();
    const wrong = await connectAndWait(page);
    expect(await wrong.getAttribute('data-verdict')).toBe('failed');
    expect(await wrong.getAttribute('data-cause')).toBe('pkcs12-password-wrong');
    await visible(page.getByTestId('report-no-network'));
    expect(await page.getByTestId('phase-preflight').getAttribute('data-state')).toBe('failed');
    expect(await page.getByTestId('phase-tcp').getAttribute('data-state')).toBe('not-reached');
    expect(connectionsSeen()).toBe(before);

    // The report offers one attempt with another password (not stored): the bundle gets in again.
    const retry = await visible(page.getByTestId('retry-with-secret'));
    await retry.getByLabel('PKCS#12 password').fill(pki.pfxPassword);
    const again = await connectAndWait(page, () => retry.getByRole('button', { name: 'Connect with it' }).click());
    expect(await again.getAttribute('data-verdict')).toBe('accepted');
    await visible(sentBadge());
    await expect.poll(() => connectionsSeen()).toBe(before + 1);
  });

  it('connects with a legacy PKCS#12 bundle and says it was converted', async (ctx) => {
    const legacy = pki.clientGoodFormats.pfxLegacy;
    if (legacy === null) ctx.skip(`no legacy PKCS#12: ${pki.clientGoodFormats.pfxLegacyUnavailable ?? 'unknown reason'}`);
    await fillPkcs12Profile('Legacy PKCS#12 device', legacy as string, pki.pfxPassword);
    await save('Legacy PKCS#12 device');

    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted-with-warnings');
    const warnings = await visible(page.getByTestId('report-warnings'));
    expect(await warnings.textContent()).toContain('pkcs12-legacy-converted');
    expect(await warnings.textContent()).toContain('legacy encryption');
    await visible(sentBadge());
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
  });

  it('takes the CA, certificate and key dropped onto their slots, and the broker accepts them', async () => {
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    await fillGeneral(page, { name: 'Dropped files', host: '127.0.0.1', port: broker.port });
    await page.getByRole('tab', { name: 'TLS' }).click();

    const ca = await dropFile(page, 'ca', pki.ca.cert);
    expect(await ca.getByTestId('material-cn').textContent()).toBe(CA_CN);
    const cert = await dropFile(page, 'cert', pki.clientGood.cert);
    expect(await cert.getByTestId('material-cn').textContent()).toBe(GOOD_CLIENT_CN);
    const key = await dropFile(page, 'key', pki.clientGood.key);
    const match = key.getByTestId('key-match');
    expect(await match.getAttribute('data-match')).toBe('true');
    expect(await match.textContent()).toBe('Key matches certificate ✓');
    await screenshot(page, '19-dropped-files');
    await save('Dropped files');

    const banner = await connectAndWait(page);
    expect(await banner.getAttribute('data-verdict')).toBe('accepted');
    await visible(sentBadge());
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
  });
});

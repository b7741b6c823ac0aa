// What the report says on good connections, through the web host in Chromium against real
// mosquitto: an accepted identity whose access was not checked says so and offers the check in
// one click, which turns a disallowed CN's green report into a rejection at the access phase;
// plain MQTT to a TLS port is named and fixed in one click; a new profile's form shows the
// access check beside Connect. Screenshots of each screen in both themes, narrow and wide.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMosquitto, type Broker } from '../support/mosquitto';
import { BLOCKED_CLIENT_CN, GOOD_CLIENT_CN, type TestPki } from '../support/pki';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';
import { connectAndWait, createProfile, visible, shots, WIDE } from '../support/e2e/keyhole-page';

let pki: TestPki;
/** The lab's mTLS mosquitto. */
let broker: Broker;
/** mTLS, the certificate's CN is the username, and an ACL that gives the blocked CN no rights. */
let aclBroker: Broker | undefined;
let browser: Browser;
let page: Page;
let lab: E2eLab | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-truth-');
  ({ pki, broker, browser } = lab);
  aclBroker = await startMosquitto({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
    acl: `user ${GOOD_CLIENT_CN}\ntopic readwrite keyhole/#\n`,
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

const phaseState = (phase: string) => page.getByTestId(`phase-${phase}`).getAttribute('data-state');

describe('the report on good connections', () => {
  it('offers the access check in one click, and it turns a disallowed CN green → rejected at access', async () => {
    await page.setViewportSize(WIDE);
    await createProfile(page, {
      name: 'Blocked device',
      // A name, so the report notes which address it used (a note: grey, uncounted).
      host: 'localhost',
      port: aclBroker!.port,
      ca: [pki.ca.cert],
      cert: pki.clientBlocked.cert,
      key: pki.clientBlocked.key,
    });

    // The broker lets the disallowed CN in: green, but it says access was not checked.
    const accepted = await connectAndWait(page);
    expect(await accepted.getAttribute('data-verdict')).toBe('accepted');
    expect(await accepted.getAttribute('data-warnings')).toBe('0');
    expect(await page.getByTestId('report-access-not-checked').textContent()).toContain('access not checked');
    expect(await phaseState('access')).toBe('skipped');
    expect(await page.getByTestId('phase-access-short').textContent()).toBe('not checked');
    expect(await page.getByTestId('report-hint').textContent()).toContain('Access was not checked');
    const notes = page.getByTestId('report-notes');
    expect(await notes.locator('[data-finding="address-used"]').textContent()).toContain('"localhost" resolved to');
    expect(await page.getByTestId('report-warnings').count()).toBe(0);
    await visible(page.getByTestId('access-check-offer'));
    await shots(page, '20-report-accepted-access-not-checked');

    // One click: the same identity again, now with the access check on the offered topic.
    const offer = page.getByTestId('access-check-offer');
    expect(await offer.getByRole('textbox', { name: 'Access check topic' }).inputValue()).toBe('keyhole/access-check');
    const rejected = await connectAndWait(page, () => offer.getByTestId('check-access-button').click());
    expect(await rejected.getAttribute('data-verdict')).toBe('rejected');
    // MQTT 5: mosquitto's acl_file answers the denied QoS 1 PUBLISH with PUBACK 0x87.
    expect(await rejected.getAttribute('data-cause')).toBe('access-publish-denied');
    expect(await phaseState('access')).toBe('failed');
    expect(await phaseState('connack')).toBe('passed');
    expect(await page.getByTestId('report-access-not-checked').count()).toBe(0);
    expect(await page.getByTestId('access-check-offer').count()).toBe(0);
    expect(await page.getByTestId('report-explanation').textContent()).toContain('keyhole/access-check');
    expect(await page.getByTestId('report-view').getByText(`we sent: ${BLOCKED_CLIENT_CN}`).count()).toBe(1);
    await shots(page, '21-report-rejected-at-access');

    // The topic was saved in the profile: the form shows it beside Connect.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const field = await visible(page.getByTestId('access-check-field'));
    expect(await field.getByRole('checkbox', { name: 'Check access on topic' }).isChecked()).toBe(true);
    expect(await field.getByRole('textbox', { name: 'Access check topic' }).inputValue()).toBe('keyhole/access-check');
  });

  it('keeps an allowed CN green once its access is checked', async () => {
    await createProfile(page, {
      name: 'Good device',
      host: '127.0.0.1',
      port: aclBroker!.port,
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    await connectAndWait(page);
    expect(await page.getByTestId('report-access-not-checked').count()).toBe(1);
    const checked = await connectAndWait(page, () => page.getByTestId('check-access-button').click());
    expect(await checked.getAttribute('data-verdict')).toBe('accepted');
    expect(await phaseState('access')).toBe('passed');
    expect(await page.getByTestId('report-access-not-checked').count()).toBe(0);
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
  });

  it('names plain MQTT to a TLS port, and "Switch to mqtts:// and connect" fixes it in one click', async () => {
    await page.setViewportSize(WIDE);
    await createProfile(
      page,
      {
        name: 'Wrong transport',
        host: '127.0.0.1',
        port: broker.port,
        ca: [pki.ca.cert],
        cert: pki.clientGood.cert,
        key: pki.clientGood.key,
      },
      async () => {
        await page.getByRole('tab', { name: 'General' }).click();
        await page.getByRole('radiogroup', { name: 'Protocol' }).getByText('mqtt://', { exact: true }).click();
        // The port was typed, not the default: it stays.
        expect(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue()).toBe(String(broker.port));
      },
    );
    const failed = await connectAndWait(page);
    expect(await failed.getAttribute('data-verdict')).toBe('failed');
    expect(await failed.getAttribute('data-cause')).toBe('tls-required');
    const explanation = await page.getByTestId('report-explanation').textContent();
    expect(explanation).toContain(`Port ${broker.port} on 127.0.0.1 speaks TLS`);
    expect(explanation).toContain('were not used');
    expect(await page.getByTestId('report-hint').textContent()).toContain(`mqtts://127.0.0.1:${broker.port}`);
    await visible(page.getByTestId('tls-switch-offer'));
    await shots(page, '22-report-tls-required');

    const accepted = await connectAndWait(page, () => page.getByTestId('switch-to-tls-button').click());
    expect(await accepted.getAttribute('data-verdict')).toBe('accepted');
    expect(await accepted.getAttribute('data-cause')).toBe('ok');
    await visible(page.getByText(`mqtts://127.0.0.1:${broker.port}`, { exact: false }).first());
    expect(await page.getByTestId('tls-switch-offer').count()).toBe(0);
  });

  it("shows the access check beside Connect in a new profile's form", async () => {
    await page.setViewportSize(WIDE);
    await page.getByTestId('new-connection').click();
    await visible(page.getByTestId('profile-editor'));
    // On the General tab, without opening Advanced.
    expect(await page.getByRole('tab', { name: 'General' }).getAttribute('aria-selected')).toBe('true');
    const field = await visible(page.getByTestId('access-check-field'));
    const box = field.getByRole('checkbox', { name: 'Check access on topic' });
    const topic = field.getByRole('textbox', { name: 'Access check topic' });
    expect(await box.isChecked()).toBe(false);
    expect(await topic.isDisabled()).toBe(true);
    await box.click();
    expect(await topic.inputValue()).toBe('keyhole/access-check');
    await topic.fill('devices/#');
    await topic.blur();
    await visible(field.getByText('has a wildcard, but the check publishes to it', { exact: false }));
    await topic.fill('devices/346a/check');
    await page.getByRole('tab', { name: 'Advanced' }).click();
    expect(await page.getByRole('textbox', { name: 'Access check topic' }).count()).toBe(1);
    await page.getByRole('tab', { name: 'General' }).click();
    await shots(page, '23-profile-editor-access-check');
  });

  it('warns about certificates within the chosen days of their end: counted in the banner, apart from the notes', async () => {
    await page.setViewportSize(WIDE);
    await createProfile(page, {
      name: 'Expiring device',
      host: 'localhost',
      port: aclBroker!.port,
      ca: [pki.ca.cert],
      cert: pki.clientGood.cert,
      key: pki.clientGood.key,
    });
    const first = await connectAndWait(page);
    expect(await first.getAttribute('data-verdict')).toBe('accepted');

    // The "Saved" notice would sit behind the dialog's overlay, out of reach of the screenshots' tidy-up.
    const notice = page.getByTestId('notice');
    if ((await notice.count()) > 0) {
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await notice.waitFor({ state: 'detached' });
    }
    await page.getByRole('button', { name: 'More: import, export, settings' }).click();
    await page.getByRole('menuitem', { name: 'Settings…' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const days = settings.getByRole('textbox', { name: 'Warn when a certificate expires within (days)' });
    expect(await days.inputValue()).toBe('30');
    // The test certificates are valid for a year: 400 days reaches both ours and the broker's.
    await days.fill('400');
    await shots(page, '24-settings-expiry-warning');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.count()).toBe(0);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('closed');
    const warned = await connectAndWait(page);
    expect(await warned.getAttribute('data-verdict')).toBe('accepted-with-warnings');
    expect(await warned.getAttribute('data-warnings')).toBe('2');
    expect(await page.getByTestId('report-warning-count').textContent()).toBe('2 warnings');
    const warnings = page.getByTestId('report-warnings');
    expect(await warnings.locator('[data-finding="client-cert-expiring-soon"]').count()).toBe(1);
    expect(await warnings.locator('[data-finding="server-cert-expiring-soon"]').count()).toBe(1);
    expect(await page.getByTestId('report-notes').locator('[data-finding="address-used"]').count()).toBe(1);
    await shots(page, '25-report-accepted-with-warnings');
  });
});

// The lab broker as a new user meets it, through the web host in Debian's Chromium: on first
// launch the empty screen offers "Start the lab", which starts the real lab broker (on a free
// port) and makes the Lab group of ready profiles; an accepted and two refused profiles are
// connected, and beside each report sits the broker's side of the same attempt. Then the Lab
// section: the identities table, the live log filtered by CN, the built-in table edited (rights
// given to quiet-device, rogue-device allowed) with its effect seen on the next connection, the
// test query against the built-in table and a real redis-server, and a template refused at its
// column. Screenshots of each new screen in both themes, narrow and wide.
import { createServer } from 'node:net';
import type { Browser, Locator, Page } from 'playwright-core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { connectAndWait, visible, shots } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, type E2ePage } from '../support/e2e/lab';
import { startRedis, type RedisServer } from '../support/redis';

let browser: Browser;
let page: Page;
let opened: E2ePage | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A web host and its page; the lab's default port is any free one unless a test names one (8883 may be another program's). */
async function open(labPort = 0): Promise<void> {
  opened = await openE2ePage(browser, {}, { labPort });
  ({ page } = opened);
}

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

/**
 * Four shots of the screen, with `focus` brought to the top of its scroll area when it starts low
 * on the screen (the broker's side under a narrow report, a result under a form).
 */
async function takeShots(name: string, focus?: Locator): Promise<void> {
  await shots(page, name, async () => {
    await focus?.evaluate((e) => {
      const top = e.getBoundingClientRect().top;
      if (top >= 0 && top <= window.innerHeight * 0.6) return;
      e.scrollIntoView({ block: 'start' });
      // A little of what comes before (a field's label, a section's title) stays in sight.
      let area = e.parentElement;
      while (area && area.scrollHeight <= area.clientHeight) area = area.parentElement;
      area?.scrollBy(0, -40);
    });
  });
}

/** Opens a Lab profile by its identity's name in the sidebar. */
async function openLabProfile(identity: string): Promise<void> {
  await page
    .getByRole('button', { name: new RegExp(`^Open ${identity} — `) })
    .first()
    .click();
  await visible(page.getByTestId('connection-pane'));
  await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(new RegExp(`^${identity} — `));
}

/** Connects the open profile and waits for the broker's side of that very attempt. */
async function connectWithBrokerSide(): Promise<{ banner: Locator; broker: Locator }> {
  const banner = await connectAndWait(page);
  const broker = page.getByTestId('broker-side');
  await visible(broker.getByTestId('broker-event'));
  return { banner, broker };
}

const kinds = (broker: Locator) => broker.getByTestId('broker-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
const toneOf = (broker: Locator, kind: string) =>
  broker.locator(`[data-testid="broker-event"][data-kind="${kind}"]`).first().getAttribute('data-tone');

async function openLabSection(): Promise<void> {
  await page.getByTestId('section-lab').click();
  await visible(page.getByTestId('lab-section'));
}

describe('the lab', () => {
  it('starts from the empty screen on first launch; accepted and refused profiles show the broker side beside their reports', async () => {
    await open();
    const offer = await visible(page.getByTestId('start-lab-offer'));
    expect(await offer.textContent()).toContain('Start the lab');
    await takeShots('44-lab-first-launch');

    await page.getByTestId('start-lab').click();
    // The lab starts, the Lab group is made, and its first profile is shown, ready to connect.
    await openLabProfile('device-001');
    const group = page.locator('[data-testid="group-header"][data-group-name="Lab"]');
    await visible(group);
    await expect.poll(() => page.getByTestId('profile-item').count()).toBe(13);
    expect(await page.getByRole('button', { name: 'Open rogue-device — refused: CN not allowed' }).count()).toBe(1);

    // Accepted: the lab verified the certificate, found the CN and its password, sent CONNACK 0.
    const accepted = await connectWithBrokerSide();
    expect(await accepted.banner.getAttribute('data-verdict')).toBe('accepted');
    await expect.poll(() => kinds(accepted.broker)).toEqual(expect.arrayContaining(['tls-hello', 'client-cert', 'auth', 'connack']));
    expect(await toneOf(accepted.broker, 'client-cert')).toBe('ok');
    expect(await toneOf(accepted.broker, 'auth')).toBe('ok');
    expect(await accepted.broker.textContent()).toContain('CONNACK 0 Connection Accepted');
    await takeShots('45-lab-report-accepted', page.getByTestId('broker-side'));

    // Refused at CONNACK: a valid certificate, but the CN is not in the auth table.
    await openLabProfile('rogue-device');
    const rogue = await connectWithBrokerSide();
    expect(await rogue.banner.getAttribute('data-cause')).toBe('connack-not-authorized');
    await expect.poll(() => kinds(rogue.broker)).toContain('closed');
    expect(await toneOf(rogue.broker, 'client-cert')).toBe('ok');
    expect(await toneOf(rogue.broker, 'auth')).toBe('bad');
    expect(await rogue.broker.textContent()).toContain('not-found');
    await takeShots('46-lab-report-refused-cn', page.getByTestId('broker-side'));

    // Refused at TLS: the lab does not trust the CA, and says so with alert 48.
    await openLabProfile('foreign-ca-device');
    const foreign = await connectWithBrokerSide();
    expect(await foreign.banner.getAttribute('data-cause')).toBe('client-cert-unknown-ca');
    expect(await toneOf(foreign.broker, 'client-cert')).toBe('bad');
    expect(await foreign.broker.textContent()).toContain('sent alert 48 unknown_ca');
    expect(await kinds(foreign.broker)).not.toContain('auth');
    await takeShots('47-lab-report-refused-tls', page.getByTestId('broker-side'));

    // The Lab section: the identities as the lab treats them, and its log of the three attempts.
    await openLabSection();
    expect(await page.getByTestId('lab-state').textContent()).toBe('Running');
    const row = (name: string) => page.locator(`[data-testid="identity-row"][data-name="${name}"]`);
    expect(await row('device-001').getByTestId('identity-status').getAttribute('data-status')).toBe('allowed');
    expect(await row('rogue-device').getByTestId('identity-status').getAttribute('data-status')).toBe('not-allowed');
    expect(await row('revoked-device').getByTestId('identity-status').getAttribute('data-status')).toBe('revoked');
    // A password only on demand.
    await row('device-001').getByRole('button', { name: 'Show the password of device-001' }).click();
    const shown = await visible(row('device-001').getByTestId('identity-password'));
    const password = (await shown.locator('code').first().textContent()) ?? '';
    expect(password).toHaveLength(16);
    await takeShots('48-lab-identities');
    await row('device-001').getByRole('button', { name: 'Hide the password of device-001' }).click();
    expect(await page.getByTestId('lab-identities').textContent()).not.toContain(password);

    await page.getByRole('tab', { name: /^Log/ }).click();
    const log = page.getByTestId('lab-log');
    await visible(log.getByTestId('lab-log-row'));
    for (const cn of ['device-001', 'rogue-device', 'foreign-ca-device'])
      expect(await log.locator(`[data-cn="${cn}"]`).count()).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Filter the log by CN or text' }).fill('rogue');
    await expect
      .poll(async () => new Set(await log.getByTestId('lab-log-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-cn')))))
      .toEqual(new Set(['rogue-device']));
    await takeShots('49-lab-log-filtered');
  });

  it('edits the built-in table and the next connection shows it; tests the query against the table and Redis', async () => {
    let redis: RedisServer | undefined;
    try {
      redis = await startRedis();
      await open();
      await openLabSection();
      await page.getByTestId('lab-start').click();
      await expect.poll(() => page.getByTestId('lab-state').textContent(), { timeout: 30_000 }).toBe('Running');
      await page.getByTestId('lab-make-profiles').click();
      await expect.poll(() => page.getByTestId('lab-profiles').textContent(), { timeout: 15_000 }).toContain('13 ready profiles');

      // quiet-device may connect and do nothing: give it its own branch.
      await page.getByRole('tab', { name: 'Auth source' }).click();
      const tableRow = page.locator('[data-testid="lab-table-row"][data-cn="quiet-device"]');
      expect(await tableRow.textContent()).toContain('nothing');
      await tableRow.getByRole('button', { name: 'Edit quiet-device' }).click();
      await page.getByRole('menuitem', { name: 'Topic rights…' }).click();
      const modal = await visible(page.getByTestId('lab-entry-modal'));
      for (const field of ['rights-publish', 'rights-subscribe']) {
        const input = modal.getByTestId(field);
        await input.fill('devices/%C/#');
        await input.press('Enter');
      }
      await takeShots('50-lab-entry-rights', modal);
      await modal.getByTestId('lab-entry-save').click();
      await expect.poll(() => tableRow.textContent()).toContain('devices/%C/#');
      await takeShots('51-lab-built-in-table', page.getByTestId('lab-table'));

      // The next connection of quiet-device gets in and may subscribe and publish.
      await page.getByTestId('section-connections').click();
      await openLabProfile('quiet-device');
      const quiet = await connectWithBrokerSide();
      expect(await quiet.banner.getAttribute('data-cause')).toBe('ok');
      await expect.poll(() => kinds(quiet.broker)).toContain('acl');
      expect(await toneOf(quiet.broker, 'acl')).toBe('ok');

      // rogue-device allowed from the identities table, with its own profile's password: now it gets in.
      await openLabSection();
      await page.getByRole('tab', { name: /^Identities/ }).click();
      await page.getByRole('button', { name: 'Allow rogue-device' }).click();
      const rogueStatus = page.locator('[data-testid="identity-row"][data-name="rogue-device"]').getByTestId('identity-status');
      await expect.poll(() => rogueStatus.getAttribute('data-status')).toBe('allowed');
      await page.getByTestId('section-connections').click();
      await openLabProfile('rogue-device');
      const rogue = await connectWithBrokerSide();
      expect(await rogue.banner.getAttribute('data-verdict')).toBe('accepted');
      expect(await toneOf(rogue.broker, 'auth')).toBe('ok');

      // Test query against the built-in table: found, the profile's password passes, the hash only on demand.
      await openLabSection();
      await page.getByRole('tab', { name: 'Auth source' }).click();
      const test = page.getByTestId('lab-test-query');
      await test.getByTestId('lab-test-query-run').click();
      const result = await visible(test.getByTestId('lab-test-query-result'));
      expect(await result.getAttribute('data-answer')).toBe('found');
      expect(await result.getByTestId('lab-test-query-match').textContent()).toContain('passes');
      expect(await result.getByTestId('lab-test-query-revealed').count()).toBe(0);
      await test.getByRole('switch', { name: 'Reveal the stored value' }).check();
      await test.getByTestId('lab-test-query-run').click();
      await expect.poll(() => test.getByTestId('lab-test-query-revealed').textContent()).toMatch(/[0-9a-f]{64}/);
      await takeShots('52-lab-test-query-table', test);

      // Redis: a template with an unknown placeholder is refused at its column, before anything is saved.
      const password = await revealPassword('device-001');
      await page.getByRole('radiogroup', { name: 'Auth source' }).getByText('Redis').click();
      const query = page.getByTestId('lab-query');
      await query.fill('HMGET tls_domain:%X password');
      await expect.poll(() => page.getByTestId('lab-auth').textContent()).toContain('Unknown placeholder "%X" at column 18');
      expect(await page.getByTestId('lab-auth-save').isDisabled()).toBe(true);
      await takeShots('53-lab-redis-template-error', query);

      // The same query against a real redis-server, for device-001 (unsaved settings are what is tested).
      const db = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 0 });
      await db.hset('tls_domain:device-001', 'password', password);
      db.disconnect();
      await page.getByRole('textbox', { name: 'Redis URL' }).fill(`redis://127.0.0.1:${redis.port}`);
      await query.fill('HMGET tls_domain:%C password');
      await test.getByRole('switch', { name: 'Reveal the stored value' }).uncheck();
      await test.getByTestId('lab-test-query-run').click();
      await expect.poll(() => test.getByTestId('lab-test-query-result').textContent()).toContain('HMGET tls_domain:device-001 password');
      expect(await test.getByTestId('lab-test-query-result').getAttribute('data-answer')).toBe('found');
      expect(await test.textContent()).not.toContain(password);
      await takeShots('54-lab-redis-test-query', test.getByTestId('lab-test-query-result'));
    } finally {
      await redis?.stop();
    }
  });

  it('falls back to a free port with a notice, stops, and regenerates as one action; the remade profiles still get in', async () => {
    // Another program holds the lab's default port on 127.0.0.1.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await open(taken);
      await openLabSection();
      expect(await page.getByRole('textbox', { name: 'Lab port' }).getAttribute('placeholder')).toBe(`${taken} (default)`);
      await page.getByTestId('lab-start').click();
      await expect.poll(() => page.getByTestId('lab-state').textContent(), { timeout: 30_000 }).toBe('Running');
      const notice = await visible(page.getByTestId('lab-notice'));
      const fallback = Number(/the lab listens on port (\d+) instead/.exec((await notice.textContent()) ?? '')?.[1]);
      expect(await notice.textContent()).toContain(`Port ${taken} is in use`);
      expect(fallback).toBeGreaterThan(0);
      expect(fallback).not.toBe(taken);
      expect(await page.getByTestId('lab-addresses').textContent()).toContain(`127.0.0.1:${fallback}`);
      await takeShots('55-lab-port-fallback');

      // The same port asked for by name: no fallback, a clear refusal, and the lab stays stopped.
      const port = page.getByRole('textbox', { name: 'Lab port' });
      await port.fill(String(taken));
      await page.getByRole('button', { name: 'Save and restart' }).click();
      const problem = await visible(page.getByTestId('lab-problem'));
      expect(await problem.getAttribute('data-code')).toBe('port-in-use');
      expect(await problem.textContent()).toContain(`Port ${taken} on 127.0.0.1 is in use`);
      expect(await page.getByTestId('lab-state').textContent()).toBe('Stopped');
      await takeShots('56-lab-port-in-use');

      // Back to the default: it starts again (on a free port), and makes its profiles.
      await port.fill('');
      await page.getByRole('button', { name: 'Save port' }).click();
      await expect.poll(() => page.getByTestId('lab-problem').count()).toBe(0);
      await page.getByTestId('lab-start').click();
      await expect.poll(() => page.getByTestId('lab-state').textContent(), { timeout: 30_000 }).toBe('Running');
      await page.getByTestId('lab-make-profiles').click();
      await expect.poll(() => page.getByTestId('lab-profiles').textContent(), { timeout: 15_000 }).toContain('13 ready profiles');
      const before = await revealPassword('device-001');

      // Stop.
      await page.getByTestId('lab-stop').click();
      await expect.poll(() => page.getByTestId('lab-state').textContent()).toBe('Stopped');
      expect(await page.getByTestId('lab-addresses').count()).toBe(0);

      // Regenerate: one action, after saying what it does; new passwords (and CA) for every identity.
      await page.getByRole('button', { name: 'Regenerate…' }).click();
      const dialog = await visible(page.getByRole('dialog', { name: 'Regenerate the lab?' }));
      expect(await dialog.textContent()).toContain('Its 13 Lab profiles are made again with the new files when it next starts');
      await takeShots('57-lab-regenerate', dialog);
      await page.getByTestId('lab-regenerate-confirm').click();
      await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(false);
      const after = await revealPassword('device-001');
      expect(after).toHaveLength(16);
      expect(after).not.toBe(before);

      // Started again, its profiles are made again for the new CA, and device-001 still gets in.
      await page.getByTestId('lab-start').click();
      await expect.poll(() => page.getByTestId('lab-state').textContent(), { timeout: 30_000 }).toBe('Running');
      await expect
        .poll(() => page.getByTestId('lab-notice').allTextContents())
        .toContainEqual(expect.stringContaining('The Lab profiles were made again'));
      await page.getByRole('button', { name: 'Show in Connections' }).click();
      await openLabProfile('device-001');
      const accepted = await connectWithBrokerSide();
      expect(await accepted.banner.getAttribute('data-verdict')).toBe('accepted');
      expect(await toneOf(accepted.broker, 'auth')).toBe('ok');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

/** A demo identity's password, read from the identities table's "Show" (and hidden again). */
async function revealPassword(name: string): Promise<string> {
  await page.getByRole('tab', { name: /^Identities/ }).click();
  const row = page.locator(`[data-testid="identity-row"][data-name="${name}"]`);
  await row.getByRole('button', { name: `Show the password of ${name}` }).click();
  const text = (await (await visible(row.getByTestId('identity-password'))).locator('code').first().textContent()) ?? '';
  await row.getByRole('button', { name: `Hide the password of ${name}` }).click();
  await page.getByRole('tab', { name: 'Auth source' }).click();
  return text;
}

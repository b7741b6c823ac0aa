// The Matrix section through the web host in Debian's Chromium, against the real lab broker the
// host starts: a matrix made on the lab, five of the lab's identities added as rows with the
// outcome the lab gives each, one expectation set wrong on purpose (the revoked device "should
// get in"), run with rows appearing as they finish; PASS and FAIL rows, the failures filter, a
// failing row's full report, and the JUnit download read back. Screenshots 60–79 in both themes,
// narrow and wide.
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { visible, shots } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, type E2ePage } from '../support/e2e/lab';

let browser: Browser;
let page: Page;
let opened: E2ePage | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

const IDENTITIES = ['device-001', 'wrong-password-device', 'foreign-ca-device', 'revoked-device', 'rogue-device'];

const rowNames = () => page.getByTestId('matrix-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
const results = () =>
  page.getByTestId('matrix-result').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-status')}`));

describe('the Matrix section', () => {
  it('builds a matrix from the lab identities, runs it, shows PASS and FAIL, opens a report and exports JUnit', async () => {
    opened = await openE2ePage(browser, { acceptDownloads: true }, { labPort: 0 });
    ({ page } = opened);
    // The lab from the empty screen's offer, then the Matrix section by keyboard (Alt+4).
    await page.getByTestId('start-lab').click();
    await visible(page.getByTestId('connection-pane'));
    await page.keyboard.press('Alt+4');
    await visible(page.getByTestId('matrix-section'));
    await shots(page, '60-matrix-empty');

    await page.getByTestId('matrix-new').click();
    await page.getByTestId('matrix-new-name').fill('Lab devices');
    const labPort = Number(/^The lab \(port (\d+)\)$/.exec(await page.getByTestId('matrix-new-target').inputValue())?.[1]);
    expect(labPort).toBeGreaterThan(0);
    await shots(page, '61-matrix-new');
    await page.getByTestId('matrix-new-create').click();
    await expect.poll(() => page.getByTestId('matrix-title').textContent()).toBe('Lab devices');

    // Every lab identity, then the rows not wanted removed (select all, untick the five kept).
    await page.getByTestId('matrix-add-rows').click();
    await visible(page.getByTestId('matrix-add-lab'));
    await shots(page, '62-matrix-add-rows');
    await page.getByTestId('matrix-add-lab').click();
    await expect.poll(() => page.getByTestId('matrix-row').count()).toBe(13);
    await page.getByTestId('matrix-select-all').click();
    for (const name of IDENTITIES) await page.getByRole('checkbox', { name: `Select ${name}` }).click();
    await page.getByTestId('matrix-remove-rows').click();
    await expect.poll(async () => (await rowNames()).length).toBe(IDENTITIES.length);
    expect(await rowNames()).toEqual(expect.arrayContaining(IDENTITIES));

    // One expectation wrong on purpose, set the bulk way: the revoked device "gets in".
    await page.getByRole('checkbox', { name: 'Select revoked-device' }).click();
    await page.getByTestId('matrix-bulk-expect').click();
    await page.getByRole('option', { name: 'accepted', exact: true }).click();
    await page.getByTestId('matrix-apply-expect').click();
    const revokedExpect = page.locator('[data-testid="matrix-row"][data-name="revoked-device"] [data-testid="matrix-row-expect"]');
    await expect.poll(() => revokedExpect.textContent()).toBe('accepted');
    await shots(page, '63-matrix-rows');

    await page.getByTestId('matrix-tab-results').click();
    await page.getByTestId('matrix-run').click();
    await expect.poll(() => page.getByTestId('matrix-summary').getAttribute('data-state'), { timeout: 60_000 }).toBe('finished');
    await expect.poll(() => page.getByTestId('matrix-result').count()).toBe(IDENTITIES.length);
    const seen = await results();
    expect(seen).toEqual(
      expect.arrayContaining([
        'device-001:pass',
        'wrong-password-device:pass',
        'foreign-ca-device:pass',
        'rogue-device:pass',
        'revoked-device:fail',
      ]),
    );
    expect(await page.getByTestId('matrix-summary').textContent()).toContain('4 passed1 failed');
    await shots(page, '64-matrix-results');

    // Failures only, then the failing row's full report.
    await page.getByTestId('matrix-failures-only').click();
    await expect.poll(results).toEqual(['revoked-device:fail']);
    await shots(page, '65-matrix-failures');
    await page.locator('[data-testid="matrix-result"][data-name="revoked-device"]').click();
    const report = await visible(page.getByTestId('report-view'));
    expect(await report.textContent()).toMatch(/revoked/i);
    await shots(page, '66-matrix-report');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('report-view').count()).toBe(0);

    // JUnit, downloaded as the web host offers it, read the way CI tools read it.
    await page.getByTestId('matrix-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('matrix-export-junit').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xml$/);
    const xml = await readFile(await download.path(), 'utf8');
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' });
    const doc = parser.parse(xml) as {
      testsuites: { '@_tests': string; '@_failures': string; testsuite: { testcase: { '@_name': string; failure?: unknown }[] }[] };
    };
    expect(doc.testsuites['@_tests']).toBe(String(IDENTITIES.length));
    expect(doc.testsuites['@_failures']).toBe('1');
    const failing = doc.testsuites.testsuite.flatMap((s) => s.testcase).filter((c) => c.failure !== undefined);
    expect(failing.map((c) => c['@_name'])).toEqual([expect.stringContaining('revoked-device')]);

    // Re-run failures: a new run of the one failing row, which fails again (the expectation is still wrong).
    await page.getByTestId('matrix-failures-only').click();
    await page.getByTestId('matrix-rerun').click();
    await expect.poll(() => page.getByTestId('matrix-summary').textContent(), { timeout: 60_000 }).toContain('re-run of failures');
    await expect.poll(() => page.getByTestId('matrix-summary').getAttribute('data-state'), { timeout: 60_000 }).toBe('finished');
    await expect.poll(results).toEqual(['revoked-device:fail']);
    expect(await page.getByTestId('matrix-summary').textContent()).toContain('1 / 1');
    await shots(page, '67-matrix-rerun');

    // A matrix file imported: a broken one is refused with its reason, a good one opens with its rows.
    const importInput = page.locator('input[type="file"][accept*=".json"]');
    await importInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 2, "rows": [') });
    await expect.poll(() => page.getByTestId('matrix-import-problem').textContent()).toMatch(/broken\.json.*not valid JSON/);
    await shots(page, '68-matrix-import-refused');
    const file = {
      version: 2,
      name: 'Imported',
      target: { lab: true, port: labPort },
      rows: [{ lab: 'device-001' }, { lab: 'rogue-device' }],
    };
    await importInput.setInputFiles({ name: 'imported.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => page.getByTestId('matrix-title').textContent()).toBe('Imported');
    expect(await page.getByTestId('matrix-import-problem').count()).toBe(0);
    await page.getByTestId('matrix-tab-rows').click();
    await expect.poll(rowNames).toEqual(['device-001', 'rogue-device']);
    expect(await page.getByTestId('matrix-item').count()).toBe(2);
    expect(opened.errors).toEqual([]);
  }, 180_000);
});

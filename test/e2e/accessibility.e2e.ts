// The accessibility engine axe-core run inside Chromium on each main screen, in both themes,
// through the web host against the lab broker it starts: no serious or critical finding (colour
// contrast of text, controls without a name, fields without a label …). axe judges text; the
// status lights are not text, so their colour is held to WCAG 2.1 §1.4.11 (3:1 against what is
// behind them) by a check of our own. The count of findings per screen is printed.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { connectAndWait, visible } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, type E2ePage } from '../support/e2e/lab';

let browser: Browser;
let page: Page;
let opened: E2ePage | undefined;
let axeSource: string;

beforeAll(async () => {
  browser = await launchChromium();
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

/** axe's findings on the page as it is now (WCAG 2.x A and AA rules and axe's best practices). */
async function axeFindings(): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: axeSource });
    // Colours are judged as they settle, not halfway through a theme change's transition.
    await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
  }
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return results.violations;
}

/**
 * Status lights whose colour has less than 3:1 contrast with the surface behind them (WCAG 2.1
 * §1.4.11, non-text contrast), with the ratio found.
 */
function faintStatusLights(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const rgb = (c: string): [number, number, number, number] => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
    };
    const lum = ([r, g, b]: number[]) => {
      const ch = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * ch(r!) + 0.7152 * ch(g!) + 0.0722 * ch(b!);
    };
    /** The colour behind an element: its ancestors' backgrounds, blended from the page up. */
    const behind = (el: Element): number[] => {
      const layers: number[][] = [];
      for (let a = el.parentElement; a; a = a.parentElement) {
        const c = rgb(getComputedStyle(a).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let out = [255, 255, 255];
      for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]!) + c[i]! * c[3]!);
      return out;
    };
    const out: string[] = [];
    for (const dot of document.querySelectorAll('[data-testid="status-dot"]')) {
      if (dot.getBoundingClientRect().width === 0) continue;
      const fg = rgb(getComputedStyle(dot).backgroundColor);
      const bg = behind(dot);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < 3) out.push(`${dot.getAttribute('aria-label')}: ${ratio.toFixed(2)}:1`);
    }
    return out;
  });
}

async function openLabProfile(identity: string): Promise<void> {
  await page
    .getByRole('button', { name: new RegExp(`^Open ${identity} — `) })
    .first()
    .click();
  await visible(page.getByTestId('connection-pane'));
}

async function toSection(id: string): Promise<void> {
  await page.getByTestId(`section-${id}`).click();
  await visible(page.getByTestId(`${id}-section`));
}

const SCREENS: Array<[string, () => Promise<void>]> = [
  [
    'report (accepted)',
    async () => {
      await page.getByTestId('section-connections').click();
      await openLabProfile('device-001');
      await page.getByRole('tab', { name: 'Handshake report' }).click();
      await visible(page.getByTestId('verdict-banner'));
    },
  ],
  [
    'report (refused)',
    async () => {
      await openLabProfile('rogue-device');
      await visible(page.getByTestId('verdict-banner'));
    },
  ],
  [
    'messages',
    async () => {
      await openLabProfile('device-001');
      await page.getByRole('tab', { name: 'Messages' }).click();
      await visible(page.getByTestId('message-row'));
    },
  ],
  [
    'editor',
    async () => {
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await visible(page.getByTestId('profile-editor'));
    },
  ],
  [
    'editor TLS',
    async () => {
      await page.getByRole('tab', { name: 'TLS' }).click();
      await visible(page.getByTestId('material-cert'));
    },
  ],
  [
    'new connection',
    async () => {
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('new-connection').click();
      await visible(page.getByTestId('profile-editor'));
    },
  ],
  ['certificates', () => toSection('certificates')],
  ['lab', () => toSection('lab')],
  ['matrix', () => toSection('matrix')],
  [
    'settings',
    async () => {
      await page.getByTestId('section-connections').click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'More: import, export, settings' }).click();
      await page.getByRole('menuitem', { name: 'Settings…' }).click();
      await visible(page.getByRole('dialog', { name: 'Settings' }));
      await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    },
  ],
];

describe('accessibility', () => {
  it('has no serious or critical axe findings and no faint status light on the main screens, in both themes', async () => {
    // The host's Content-Security-Policy allows its own scripts only; the test lets axe in beside them.
    opened = await openE2ePage(browser, { viewport: { width: 1440, height: 900 }, bypassCSP: true }, { labPort: 0 });
    ({ page } = opened);
    await page.getByTestId('start-lab').click();
    await openLabProfile('rogue-device');
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('rejected');
    await openLabProfile('device-001');
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    const subscribe = page.getByRole('form', { name: 'Subscribe' });
    await subscribe.getByRole('textbox', { name: 'Topic filter' }).fill('devices/device-001/#');
    await subscribe.getByRole('button', { name: 'Subscribe' }).click();
    const publish = page.getByRole('form', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill('devices/device-001/state');
    await publish.getByRole('textbox', { name: 'Payload' }).fill('on');
    await publish.getByRole('button', { name: 'Publish' }).click();
    await visible(page.locator('[data-testid="message-row"][data-direction="in"]'));
    // The other identities stay idle: their lights are the faint ones to look at.
    await page.mouse.move(1, 1);

    const failures: string[] = [];
    const counts: string[] = [];
    for (const [name, open] of SCREENS) {
      await open();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(scheme);
        const findings = await axeFindings();
        const grave = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
        const nodes = (fs: Result[]) => fs.reduce((n, f) => n + f.nodes.length, 0);
        const faint = await faintStatusLights(page);
        counts.push(
          `${`${name} ${scheme}`.padEnd(26)} serious/critical ${grave.length} (${nodes(grave)} elements), ` +
            `moderate/minor ${findings.length - grave.length}, faint status lights ${faint.length}`,
        );
        for (const f of grave)
          failures.push(
            `${name} ${scheme}: ${f.id} (${f.impact}) ${f.help}: ${f.nodes
              .slice(0, 4)
              .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1).join(' ') ?? ''}`)
              .join(' | ')}`,
          );
        for (const d of faint) failures.push(`${name} ${scheme}: status light ${d}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    console.log(`axe-core findings per screen:\n${counts.join('\n')}`);
    expect(failures).toEqual([]);
  });
});

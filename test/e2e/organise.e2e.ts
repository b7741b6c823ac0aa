// Keeping many profiles in order, in Debian's Chromium against the web host and a real mosquitto
// over mutual TLS: groups reordered by dragging their handle with the mouse, by Alt+Up on a
// focused group, by its menu and by the keyboard on the handle; a profile dragged into a group;
// the order kept after a reload and a host restart. An import of many conflicting profiles
// answered once for all. Subscriptions (colour, alias, disabled) made again after the host
// restarted. Screenshots 200–202 in both themes, narrow (800×600) and wide (1600×1000).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Broker } from '../support/mosquitto';
import type { TestPki } from '../support/pki';
import { connectAndWait, createProfile, shots, subscribe, visible, WIDE } from '../support/e2e/keyhole-page';
import { closeE2ePage, openE2ePage, startE2eLab, type E2eLab, type E2ePage } from '../support/e2e/lab';

let lab: E2eLab | undefined;
let dir: string;
let pki: TestPki;
let browser: Browser;
let broker: Broker;
let opened: E2ePage | undefined;

beforeAll(async () => {
  lab = await startE2eLab('keyhole-e2e-organise-');
  ({ dir, pki, browser, broker } = lab);
});
afterAll(async () => {
  await lab?.stop();
});
afterEach(async (ctx) => {
  await closeE2ePage(ctx, opened);
  opened = undefined;
});

/** Stops the test's host and opens a new one on the same data folder (a restart), in a new browser context. */
async function restart(dataDir: string): Promise<Page> {
  const before = opened!;
  await before.context.close();
  await before.host.stop();
  expect(before.errors).toEqual([]);
  opened = await openE2ePage(browser, { viewport: WIDE }, { dataDir });
  return opened.page;
}

const groupOrder = (page: Page) => page.getByTestId('group-header').evaluateAll((els) => els.map((e) => e.getAttribute('data-group-name')));
const groupBlock = (page: Page, name: string) => page.locator(`[data-testid="group-block"][data-group-name="${name}"]`);
const membersOf = (page: Page, name: string) =>
  groupBlock(page, name)
    .getByTestId('profile-item')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-profile-name')));

async function newGroup(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New group' }).click();
  const dialog = await visible(page.getByRole('dialog', { name: 'New group' }));
  await dialog.getByRole('textbox', { name: 'Group name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await visible(page.locator(`[data-testid="group-header"][data-group-name="${name}"]`));
}

/** A mouse drag from the middle of `from` to the middle of `to`, in small steps as a hand moves. */
const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Whether a row or group other than the dragged one has been moved aside (dnd-kit's transform). */
const othersMoved = (page: Page) =>
  page
    .getByTestId('profile-list')
    .evaluate((list) =>
      [
        ...list.querySelectorAll<HTMLElement>('[data-testid="group-block"], [data-testid="profile-list"] > * > div, [data-dragging], div'),
      ].some(
        (el) => el.getAttribute('data-dragging') === null && !el.querySelector('[data-dragging]') && /translate/.test(el.style.transform),
      ),
    );

async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  // The list at rest first: dnd-kit measures its places when a drag begins, and a row still
  // gliding into place from the last drop (its transition) would be measured where it was.
  await expect
    .poll(() =>
      page
        .getByTestId('profile-list')
        .evaluate(
          (list) => document.getAnimations().filter((a) => list.contains((a.effect as KeyframeEffect | null)?.target ?? null)).length,
        ),
    )
    .toBe(0);
  await frames(page);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  // Past the few pixels a drag needs to start, so a click stays a click.
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2 + (b.y > a.y ? 12 : -12), { steps: 4 });
  await frames(page);
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
  // dnd-kit measures and picks the target on animation frames, and shows it by moving the other
  // rows aside. On a loaded machine the last move can come before it has measured: nudge the
  // pointer (a pixel, still over the target) until the rows have moved, then drop.
  for (let nudge = 0; nudge < 10 && !(await othersMoved(page)); nudge += 1) {
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + (nudge % 2 ? 1 : -1));
    await frames(page);
  }
  await frames(page);
  await page.mouse.up();
}

const device = (name: string) => ({
  name,
  host: '127.0.0.1',
  port: broker.port,
  ca: [pki.ca.cert],
  cert: pki.clientGood.cert,
  key: pki.clientGood.key,
});

describe('organising profiles', () => {
  it('reorders groups by mouse, Alt+Up, menu and keyboard handle; drags a profile into a group; keeps it all after a restart', async () => {
    const dataDir = await mkdtemp(join(dir, 'data-groups-'));
    opened = await openE2ePage(browser, { viewport: WIDE }, { dataDir });
    let { page } = opened;
    for (const name of ['Alpha', 'Beta', 'Gamma']) await newGroup(page, name);
    await createProfile(page, device('Sensor A'));
    await createProfile(page, device('Sensor B'));
    // New groups come last, in the order they were made.
    expect(await groupOrder(page)).toEqual(['Alpha', 'Beta', 'Gamma']);

    // Mouse: Gamma's handle dropped on Alpha puts Gamma first.
    const handle = (name: string) => page.getByRole('button', { name: `Reorder group ${name}` });
    const header = (name: string) => page.locator(`[data-testid="group-header"][data-group-name="${name}"]`);
    await drag(page, handle('Gamma'), header('Alpha'));
    await expect.poll(() => groupOrder(page)).toEqual(['Gamma', 'Alpha', 'Beta']);

    // Keyboard: Alt+Up on the focused group moves it up one place, and the focus stays on it.
    const toggle = (name: string) => page.getByRole('button', { name: new RegExp(`^Collapse group ${name}\\b`) });
    await toggle('Beta').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => groupOrder(page)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(await toggle('Beta').evaluate((e) => e === document.activeElement)).toBe(true);
    // Alt+Up on the first group does nothing.
    await toggle('Gamma').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => groupOrder(page)).toEqual(['Beta', 'Gamma', 'Alpha']);

    // The group's menu: Move group down; the last group cannot go further down.
    await page.getByRole('button', { name: 'Actions for group Beta' }).click();
    await page.getByRole('menuitem', { name: 'Move group down' }).click();
    await expect.poll(() => groupOrder(page)).toEqual(['Gamma', 'Beta', 'Alpha']);
    await page.getByRole('button', { name: 'Actions for group Alpha' }).click();
    expect(await page.getByRole('menuitem', { name: 'Move group down' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');

    // The handle by keyboard: Space picks Alpha up, Up moves it over Beta, Space drops it.
    // Each step waits for the page: the handle pressed, then what a screen reader hears (dnd-kit's live region).
    const heard = page.locator('[id^="DndLiveRegion"]');
    await handle('Alpha').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => handle('Alpha').getAttribute('aria-pressed')).toBe('true');
    // The arrow keys move among the places dnd-kit measures once the drag has begun (it then
    // announces Alpha over its own place); a key pressed before that is lost on a loaded machine.
    await expect.poll(() => heard.textContent()).toContain('is over group “Alpha”');
    await frames(page);
    for (let tries = 0; tries < 3 && (await heard.textContent())?.includes('is over group “Alpha”'); tries += 1) {
      await page.keyboard.press('ArrowUp');
      await expect
        .poll(() => heard.textContent(), { timeout: 3_000 })
        .toContain('over group “Beta”')
        .catch(() => undefined);
    }
    await expect.poll(() => heard.textContent()).toContain('group “Alpha” is over group “Beta”');
    await page.keyboard.press('Space');
    await expect.poll(() => groupOrder(page)).toEqual(['Gamma', 'Alpha', 'Beta']);

    // A profile dragged onto a group joins it; another dropped on it takes its place above it.
    const row = (name: string) => page.locator(`[data-testid="profile-item"][data-profile-name="${name}"]`);
    await drag(page, row('Sensor A').getByTestId('profile-name'), header('Beta'));
    await expect.poll(() => membersOf(page, 'Beta')).toEqual(['Sensor A']);
    await drag(page, row('Sensor B').getByTestId('profile-name'), row('Sensor A'));
    await expect.poll(() => membersOf(page, 'Beta')).toEqual(['Sensor B', 'Sensor A']);
    // A drag is no click: the profile open before stays open.
    expect(await page.getByRole('heading', { level: 2, name: 'Sensor B' }).count()).toBe(1);
    await shots(page, '220-organise-groups', async () => {
      // The list scrolls up and down only: nothing in a row (its hidden status words) reaches past the sidebar.
      const list = page.getByTestId('profile-list');
      expect(
        await list.evaluate((el) => el.parentElement!.parentElement!.scrollWidth - el.parentElement!.parentElement!.clientWidth),
      ).toBeLessThanOrEqual(1);
    });

    // Kept: after a reload, and after the host restarts on the same data folder.
    await page.reload();
    await visible(header('Beta'));
    expect(await groupOrder(page)).toEqual(['Gamma', 'Alpha', 'Beta']);
    page = await restart(dataDir);
    await visible(page.locator('[data-testid="group-header"][data-group-name="Beta"]'));
    expect(await groupOrder(page)).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect(await membersOf(page, 'Beta')).toEqual(['Sensor B', 'Sensor A']);

    // Mid-drag, for the record: the group block follows the pointer.
    const a = (await page.getByRole('button', { name: 'Reorder group Beta' }).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2, a.y - 40, { steps: 10 });
    await page.screenshot({ path: join(import.meta.dirname, 'screenshots', '220-organise-dragging-light-wide.png') });
    // Back where it started: dropped there, nothing moves.
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2, { steps: 10 });
    await page.mouse.up();
    expect(await groupOrder(page)).toEqual(['Gamma', 'Alpha', 'Beta']);
  });

  it('answers many import conflicts at once: keep both, replace or skip for all, each card still its own', async () => {
    opened = await openE2ePage(browser, { viewport: WIDE });
    const { page } = opened;
    const file = join(dir, 'fleet-mqttx.json');
    const names = ['Fleet 01', 'Fleet 02', 'Fleet 03', 'Fleet 04'];
    await writeFile(
      file,
      JSON.stringify(
        names.map((name, i) => ({ id: `f${i}`, name, clientId: `fleet-${i}`, host: '127.0.0.1', port: broker.port, protocol: 'mqtt' })),
      ),
    );
    const importFile = async () => {
      await page.getByRole('button', { name: 'More: import, export, settings' }).click();
      await page.getByRole('menuitem', { name: 'Import profiles…' }).click();
      const dialog = await visible(page.getByRole('dialog', { name: 'Import profiles' }));
      await dialog.getByTestId('import-file-input').setInputFiles(file);
      await visible(dialog.getByTestId('import-preview'));
      return dialog;
    };
    const first = await importFile();
    // Nothing conflicts yet: no "for all".
    expect(await first.getByTestId('import-apply-all').count()).toBe(0);
    await first.getByTestId('import-apply').click();
    expect(await (await visible(first.getByTestId('import-result'))).textContent()).toContain('4 added.');
    await first.getByRole('button', { name: 'Close', exact: true }).click();

    const dialog = await importFile();
    const all = await visible(dialog.getByRole('group', { name: 'Apply to all conflicts' }));
    expect(await all.textContent()).toContain('For all 4 conflicts');
    const apply = dialog.getByTestId('import-apply');
    expect(await apply.textContent()).toBe('Import 4 profiles');
    expect(await all.getByRole('button', { name: 'Keep both' }).getAttribute('aria-pressed')).toBe('true');

    await all.getByRole('button', { name: 'Replace' }).click();
    expect(await apply.textContent()).toBe('Replace 4 profiles');
    const effects = dialog.getByTestId('import-effect');
    expect(await effects.allTextContents()).toEqual(names.map((n) => `Replaces “${n}” (its files, secrets and settings).`));
    // The Import button stays whole in the window at every size, the cards scrolling above it.
    await shots(page, '221-import-apply-all', async () => {
      const box = await apply.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    });

    // One card on its own afterwards: the row says the choices are mixed.
    await dialog.locator('[data-testid="import-item"][data-name="Fleet 02"]').getByText('Skip', { exact: true }).click();
    await visible(dialog.getByTestId('import-apply-all-mixed'));
    expect(await apply.textContent()).toBe('Replace 3 profiles');
    await all.getByRole('button', { name: 'Skip' }).click();
    expect(await apply.textContent()).toBe('Nothing to import');
    expect(await apply.isDisabled()).toBe(true);
    await all.getByRole('button', { name: 'Keep both' }).click();
    await dialog.locator('[data-testid="import-item"][data-name="Fleet 04"]').getByText('Skip', { exact: true }).click();
    expect(await apply.textContent()).toBe('Import 3 profiles');
    await apply.click();
    expect(await (await visible(dialog.getByTestId('import-result'))).textContent()).toContain('3 added, 1 skipped.');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => page.getByTestId('profile-item').count()).toBe(7);
  });

  it('makes a profile’s subscriptions again after the host restarted: colour, alias, disabled', async () => {
    const dataDir = await mkdtemp(join(dir, 'data-subs-'));
    opened = await openE2ePage(browser, { viewport: WIDE }, { dataDir });
    let { page } = opened;
    await createProfile(page, device('Kept device'));
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    const form = page.getByRole('form', { name: 'Subscribe' });
    await subscribe(page, 'organise/#', async () => {
      await form.getByRole('textbox', { name: 'Alias' }).fill('Everything');
      const colour = form.getByRole('textbox', { name: 'Subscription colour' });
      await colour.fill('#e8590c');
      await colour.press('Tab');
      await expect.poll(() => page.locator('.mantine-ColorInput-dropdown').count()).toBe(0);
    });
    await subscribe(page, 'quiet/#');
    const quiet = page.locator('[data-testid="subscription"]').filter({ hasText: 'quiet/#' });
    // The switch takes Space.
    await quiet.getByRole('switch', { name: 'Disable quiet/#' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => quiet.getAttribute('data-disabled')).toBe('true');

    page = await restart(dataDir);
    await page.getByRole('button', { name: /^Open Kept device/ }).click();
    await visible(page.getByTestId('connection-pane'));
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    const subs = page.locator('[data-testid="subscription"]');
    await expect.poll(() => subs.count()).toBe(2);
    // In the order they were made, as before the restart.
    await expect.poll(() => subs.getByTestId('subscription-topic').allTextContents()).toEqual(['Everything', 'quiet/#']);
    const everything = subs.filter({ hasText: 'organise/#' });
    expect(await everything.getByTestId('subscription-topic').textContent()).toBe('Everything');
    await expect.poll(() => everything.evaluate((e) => getComputedStyle(e).borderLeftColor)).toBe('rgb(232, 89, 12)');
    await expect
      .poll(() => page.locator('[data-testid="subscription"]').filter({ hasText: 'quiet/#' }).getAttribute('data-disabled'))
      .toBe('true');

    // Made at the broker again: our own publish comes back on it.
    const publish = page.getByRole('form', { name: 'Publish' });
    await publish.getByRole('textbox', { name: 'Publish topic' }).fill('organise/after-restart');
    await publish.getByRole('textbox', { name: 'Payload' }).fill('still here');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await visible(page.locator('[data-testid="message-row"][data-direction="in"][data-topic="organise/after-restart"]'));
    // A narrow window folds the subscriptions away: open them for the picture.
    await shots(page, '222-subscriptions-after-restart', async () => {
      const show = page.getByRole('button', { name: /^Show subscriptions$/i });
      // The button is there only while the panel is folded; the window's size decides, so do not wait for it.
      const expanded = await show.getAttribute('aria-expanded', { timeout: 1_000 }).catch(() => null);
      if (expanded === 'false') await show.click();
      await visible(page.locator('[data-testid="subscription"]').first());
    });
  });
});

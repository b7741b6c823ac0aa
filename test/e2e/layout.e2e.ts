// Every main screen at three window sizes (800×600, 1600×1000 and 4K) in both themes, through the
// web host in Debian's Chromium against the lab broker it starts: nothing makes the page scroll
// sideways, no control sticks out of the window or hides under another, the key controls of each
// screen are on screen and the inputs keep a usable width. Then the two side panels: resized by
// dragging and by the keyboard, hidden by button and hotkey, and both remembered after a reload.
// Screenshots 120–149.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/browser';
import { connectAndWait, screenshot, visible } from '../support/e2e/keyhole-page';
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

const SIZES = [
  ['narrow', { width: 800, height: 600 }],
  ['wide', { width: 1600, height: 1000 }],
  ['4k', { width: 3840, height: 2160 }],
] as const;

/**
 * What is wrong with the page's horizontal layout: a document that scrolls sideways, and any
 * button, field, tab or link that reaches past the window's edges without sitting in a
 * container that scrolls sideways itself (where it can be reached).
 */
function horizontalProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = [];
    const vw = window.innerWidth;
    const doc = document.scrollingElement ?? document.documentElement;
    const inScroller = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if ((ox === 'auto' || ox === 'scroll') && a.scrollWidth > a.clientWidth + 1) return true;
      }
      return false;
    };
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()} “${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}”`;
    if (doc.scrollWidth > vw + 1) {
      // Name the innermost elements that reach past the edge, so a failure says what to fix.
      const past = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > vw + 1 && !inScroller(el));
      const innermost = past.filter((el) => !past.some((o) => o !== el && el.contains(o))).slice(0, 3);
      const names = innermost.map(
        (el) => `${describe(el)} (.${[...el.classList].join('.')}) to ${Math.round(el.getBoundingClientRect().right)}`,
      );
      out.push(`the document is ${doc.scrollWidth}px wide in a ${vw}px window: ${names.join('; ')}`);
    }
    for (const el of document.querySelectorAll('button, input, textarea, select, a[href], [role="tab"], [role="separator"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if ((r.left < -1 || r.right > vw + 1) && !inScroller(el))
        out.push(`${describe(el)} spans ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return out;
  });
}

/** Why a key control is not usable as shown: off screen, covered or clipped, or narrower than `minWidth`. */
async function controlProblem(locator: Locator, name: string, minWidth = 0): Promise<string | null> {
  if ((await locator.count()) === 0) return `${name}: missing`;
  return locator.first().evaluate(
    (el, { name, minWidth }) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return `${name}: not shown`;
      if (r.left < 0 || r.top < 0 || r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1)
        return `${name}: outside the window (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)})`;
      if (r.width < minWidth) return `${name}: ${Math.round(r.width)}px wide, wants ${minWidth}`;
      // The middle of the control must be the control: not clipped by its container, not under another element.
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(el.contains(hit) || hit.contains(el))) return `${name}: covered by ${hit?.tagName.toLowerCase() ?? 'nothing'}`;
      return null;
    },
    { name, minWidth },
  );
}

interface Screen {
  prefix: number;
  name: string;
  /** Brings the screen up from wherever the page is. */
  open(): Promise<void>;
  /** The controls that must be on screen, whole and usable, with their least width. */
  keys(): Array<[Locator, string, number?]>;
}

/** Each screen at each size and theme: layout checked, screenshot written. Returns the problems found. */
async function visit(screen: Screen): Promise<string[]> {
  const problems: string[] = [];
  await screen.open();
  for (const [size, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.mouse.move(1, 1);
      // Panels clamp their widths to a new window size from a resize observer: measure once
      // that has run (two frames), not the frame in between.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const where = `${screen.name} ${size} ${scheme}`;
      for (const p of await horizontalProblems(page)) problems.push(`${where}: ${p}`);
      for (const [loc, name, min] of screen.keys()) {
        const p = await controlProblem(loc, name, min);
        if (p) problems.push(`${where}: ${p}`);
      }
      await screenshot(page, `${screen.prefix}-layout-${screen.name}-${scheme}-${size}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
  return problems;
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

const sidebarKeys = (): Array<[Locator, string, number?]> => [
  [page.getByTestId('new-connection'), 'New connection'],
  [page.getByRole('textbox', { name: 'Search connections' }), 'search', 150],
  [page.getByRole('button', { name: 'Hide Connections' }), 'hide the sidebar'],
];

const SCREENS: Screen[] = [
  {
    prefix: 120,
    name: 'report',
    async open() {
      await page.getByTestId('section-connections').click();
      await page.getByRole('tab', { name: 'Handshake report' }).click();
      await visible(page.getByTestId('verdict-banner'));
    },
    keys: () => [
      ...sidebarKeys(),
      [page.getByRole('button', { name: 'Disconnect' }), 'Disconnect'],
      [page.getByRole('button', { name: 'Edit', exact: true }), 'Edit'],
      [page.getByRole('tab', { name: 'Attempts' }), 'Attempts tab'],
      [page.getByTestId('connection-status'), 'status badge'],
    ],
  },
  {
    prefix: 121,
    name: 'messages',
    async open() {
      await page.getByTestId('section-connections').click();
      await page.getByRole('tab', { name: 'Messages' }).click();
      await visible(page.getByTestId('message-row'));
    },
    keys: () => [
      ...sidebarKeys(),
      [page.getByRole('textbox', { name: 'Filter messages by topic' }), 'topic filter', 150],
      [page.getByTestId('payload-notation'), 'payload view'],
      [page.getByRole('button', { name: 'Pause' }), 'Pause'],
      [page.getByRole('button', { name: 'Clear' }), 'Clear'],
      [page.getByTestId('message-count'), 'message count'],
      // The newest row (the list follows): rows above it may be scrolled out of the list's view.
      [page.getByTestId('message-topic').last(), 'a message topic', 60],
      [page.getByRole('textbox', { name: 'Publish topic' }), 'publish topic', 150],
      [page.getByRole('button', { name: 'Publish', exact: true }), 'Publish'],
      [page.getByRole('button', { name: /^(Show|Hide) Subscriptions$/ }), 'subscriptions toggle'],
    ],
  },
  {
    prefix: 122,
    name: 'editor',
    async open() {
      await page.getByTestId('section-connections').click();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await visible(page.getByTestId('profile-editor'));
    },
    keys: () => [
      ...sidebarKeys(),
      [page.getByRole('button', { name: 'Save', exact: true }), 'Save'],
      [page.getByRole('button', { name: 'Save and connect' }), 'Save and connect'],
      [page.getByRole('button', { name: 'Cancel' }), 'Cancel'],
      [page.getByRole('tab', { name: 'Advanced' }), 'Advanced tab'],
      [page.getByRole('textbox', { name: 'Name', exact: true }), 'name', 150],
    ],
  },
  {
    prefix: 123,
    name: 'certificates',
    open: () => toSection('certificates'),
    keys: () => [
      [page.getByRole('tab', { name: 'Inspect' }), 'Inspect tab'],
      [page.getByRole('tab', { name: 'Issue' }), 'Issue tab'],
      [page.getByTestId('section-matrix'), 'rail'],
    ],
  },
  {
    prefix: 124,
    name: 'lab',
    open: () => toSection('lab'),
    keys: () => [
      [page.getByTestId('lab-state'), 'lab state'],
      [page.getByRole('tab', { name: 'Auth source' }), 'Auth source tab'],
    ],
  },
  {
    prefix: 125,
    name: 'matrix',
    open: () => toSection('matrix'),
    keys: () => [[page.getByTestId('matrix-new'), 'New matrix']],
  },
  {
    prefix: 126,
    name: 'settings',
    async open() {
      await page.getByTestId('section-connections').click();
      await page.getByRole('button', { name: 'More: import, export, settings' }).click();
      await page.getByRole('menuitem', { name: 'Settings…' }).click();
      await visible(page.getByRole('dialog', { name: 'Settings' }));
    },
    keys: () => [
      [page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Save' }), 'Save'],
      [page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Cancel' }), 'Cancel'],
    ],
  },
];

/** The lab started from the first-launch offer, device-001 connected, subscribed, and two messages through. */
async function labWithMessages(): Promise<void> {
  await page.getByTestId('start-lab').click();
  await openLabProfile('device-001');
  expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
  await page.getByRole('tab', { name: 'Messages' }).click();
  const subscribe = page.getByRole('form', { name: 'Subscribe' });
  await subscribe.getByRole('textbox', { name: 'Topic filter' }).fill('devices/device-001/#');
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await visible(page.getByTestId('subscription-topic'));
  const publish = page.getByRole('form', { name: 'Publish' });
  await publish.getByRole('textbox', { name: 'Publish topic' }).fill('devices/device-001/telemetry/temperature/sensor-a');
  await publish.getByRole('textbox', { name: 'Payload' }).fill('{"temperature": 21.5, "unit": "C"}');
  await publish.getByRole('button', { name: 'Publish' }).click();
  await expect.poll(() => page.locator('[data-testid="message-row"][data-direction="in"]').count(), { timeout: 15_000 }).toBe(1);
}

describe('layout', () => {
  it('shows every main screen whole from 800×600 to 4K, in both themes', async () => {
    opened = await openE2ePage(browser, {}, { labPort: 0 });
    ({ page } = opened);
    await labWithMessages();
    const problems: string[] = [];
    for (const screen of SCREENS) {
      problems.push(...(await visit(screen)));
      if (screen.name === 'editor') await page.getByRole('button', { name: 'Cancel' }).click();
      if (screen.name === 'settings') await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Cancel' }).click();
    }
    expect(problems).toEqual([]);
  });

  it('resizes the sidebar and the subscriptions panel by drag and keys, hides them by button and hotkey, and remembers it all', async () => {
    opened = await openE2ePage(browser, {}, { labPort: 0 });
    ({ page } = opened);
    await page.getByTestId('start-lab').click();
    await openLabProfile('device-001');
    const sidebar = page.getByTestId('sidebar-panel');
    const nav = page.getByRole('navigation', { name: 'Connections' });
    const handle = page.getByRole('separator', { name: 'Resize Connections' });
    expect(await handle.getAttribute('aria-valuenow')).toBe('290');

    // Dragged 80 px wider: the handle says so and the list is that wide.
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + 200, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + 200, { steps: 4 });
    await page.mouse.up();
    expect(await handle.getAttribute('aria-valuenow')).toBe('370');
    await expect.poll(() => sidebar.getAttribute('data-stored-width')).toBe('370');
    expect(Math.round((await nav.boundingBox())!.width)).toBe(370 - 6);

    // Two steps narrower by keyboard, saved when the focus moves on.
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await handle.getAttribute('aria-valuenow')).toBe('338');
    await page.keyboard.press('Tab');
    await expect.poll(() => sidebar.getAttribute('data-stored-width')).toBe('338');

    // The subscriptions panel: three steps wider, then hidden by its hotkey.
    await page.getByRole('tab', { name: 'Messages' }).click();
    const subsHandle = page.getByRole('separator', { name: 'Resize Subscriptions' });
    expect(await subsHandle.getAttribute('aria-valuenow')).toBe('260');
    await subsHandle.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    const messages = page.getByTestId('messages-panel');
    await expect.poll(() => messages.getAttribute('data-stored-width')).toBe('308');
    await page.keyboard.press('Control+Shift+B');
    await expect.poll(() => messages.getAttribute('data-panel-open')).toBe('false');
    expect(await page.getByRole('form', { name: 'Subscribe' }).count()).toBe(0);

    // The sidebar hidden by its button, shown by Ctrl+B, hidden again by Ctrl+B.
    await page.getByRole('button', { name: 'Hide Connections' }).click();
    await expect.poll(() => nav.count()).toBe(0);
    await page.keyboard.press('Control+B');
    await visible(nav);
    await page.keyboard.press('Control+B');
    await expect.poll(() => nav.count()).toBe(0);
    await visible(page.getByRole('button', { name: 'Show Connections' }));
    await expect.poll(() => sidebar.getAttribute('data-stored-width')).toBe('338');

    // After a reload both panels are as they were left.
    await page.reload();
    await visible(page.getByRole('button', { name: 'Show Connections' }));
    await expect.poll(() => sidebar.getAttribute('data-panel-open')).toBe('false');
    await page.getByRole('button', { name: 'Show Connections' }).click();
    await visible(nav);
    expect(await handle.getAttribute('aria-valuenow')).toBe('338');
    await openLabProfile('device-001');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await expect.poll(() => messages.getAttribute('data-panel-open')).toBe('false');
    await page.getByRole('button', { name: 'Show Subscriptions' }).click();
    expect(await subsHandle.getAttribute('aria-valuenow')).toBe('308');

    // In an 800×600 window the subscriptions do not fit beside the messages: they open over them, and Esc closes them.
    await page.setViewportSize({ width: 800, height: 600 });
    await expect.poll(() => messages.getAttribute('data-panel-cramped')).toBe('true');
    await expect.poll(() => messages.getAttribute('data-panel-open')).toBe('false');
    await page.getByRole('button', { name: 'Show Subscriptions' }).click();
    await visible(page.getByRole('heading', { name: 'Subscriptions' }));
    await page.getByRole('button', { name: 'Hide Subscriptions' }).focus();
    await screenshot(page, '127-layout-subscriptions-over-messages-light-narrow');
    await page.keyboard.press('Escape');
    await expect.poll(() => messages.getAttribute('data-panel-open')).toBe('false');

    // In that short window the publish form takes at most 45% of the pane, its Publish button in
    // view; folded from its title, the list takes the room, and it stays folded after a reload.
    expect(await (await connectAndWait(page)).getAttribute('data-verdict')).toBe('accepted');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await visible(page.getByRole('form', { name: 'Publish' }));
    const list = page.getByTestId('message-list');
    const dock = page.getByTestId('dock-publish');
    const pane = await messages.boundingBox();
    const open = await dock.boundingBox();
    expect(open && pane && open.height <= pane.height * 0.45 + 1).toBe(true);
    expect(await controlProblem(page.getByRole('button', { name: 'Publish', exact: true }), 'Publish')).toBeNull();
    const before = (await list.boundingBox())?.height ?? 0;
    await page.getByRole('button', { name: 'Hide Publish' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Publish' }).count()).toBe(0);
    await expect.poll(async () => (await list.boundingBox())?.height ?? 0).toBeGreaterThan(before + 100);
    await screenshot(page, '128-layout-publish-folded-light-narrow');
    await page.reload();
    await openLabProfile('device-001');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await visible(page.getByRole('button', { name: 'Show Publish' }));
    expect(await dock.getAttribute('data-folded')).toBe('true');
    await page.getByRole('button', { name: 'Show Publish' }).click();
    await visible(page.getByRole('form', { name: 'Publish' }));
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

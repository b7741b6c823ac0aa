// What every e2e file runs against: a PKI made for the run, a real mosquitto that requires
// client certificates, and Debian's Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect, type TestContext } from 'vitest';
import { startMosquitto, type Broker } from '../mosquitto';
import { makePki, type TestPki } from '../pki';
import { launchChromium } from './browser';
import { visible } from './keyhole-page';
import { startWebHost, type RunningHost, type WebHostOptions } from './web-host';

export interface E2eLab {
  dir: string;
  pki: TestPki;
  broker: Broker;
  browser: Browser;
  /** Closes the browser, stops the broker and removes the folder. */
  stop(): Promise<void>;
}

/** Starts the lab for one e2e file; call `stop()` in afterAll. */
export async function startE2eLab(prefix: string): Promise<E2eLab> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const pki = await makePki(join(dir, 'pki'));
  const [broker, browser] = await Promise.all([
    startMosquitto({
      tls: {
        cafile: pki.ca.cert,
        certfile: pki.server.cert,
        keyfile: pki.server.key,
        requireCertificate: true,
        useIdentityAsUsername: true,
      },
    }),
    launchChromium(),
  ]);
  return {
    dir,
    pki,
    broker,
    browser,
    async stop() {
      await Promise.allSettled([browser.close(), broker.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One test's page: a web host with a fresh data folder and a browser context on it. */
export interface E2ePage {
  host: RunningHost;
  context: BrowserContext;
  page: Page;
  /** Exceptions thrown in the page. */
  errors: string[];
}

const FAILURES = join(import.meta.dirname, '..', '..', '..', 'test-results', 'e2e');

/** Starts a web host and opens its page, ready at the connection list. */
export async function openE2ePage(
  browser: Browser,
  contextOptions: BrowserContextOptions = {},
  hostOptions: WebHostOptions = {},
): Promise<E2ePage> {
  const host = await startWebHost(hostOptions);
  // English unless a test asks for another language: the tests read the English interface text.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    locale: 'en-US',
    ...contextOptions,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await visible(page.getByRole('navigation', { name: 'Connections' }));
  return { host, context, page, errors };
}

/**
 * Closes a test's page and host. A failed test leaves a screenshot in test-results/e2e and the
 * host's output on stderr; an exception thrown in the page fails the test even when the screen
 * looked right.
 */
export async function closeE2ePage(ctx: TestContext, opened: E2ePage | undefined): Promise<void> {
  if (!opened) return;
  if (ctx.task.result?.state === 'fail') {
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-');
    await opened.page.screenshot({ path: join(FAILURES, `${name}.png`) }).catch(() => undefined);
    console.error(`web host output:\n${opened.host.output()}`);
  }
  await opened.context.close();
  await opened.host.stop();
  expect(opened.errors).toEqual([]);
}

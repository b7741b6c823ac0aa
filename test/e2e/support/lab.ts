// What every e2e file runs against: a PKI made for the run, a real mosquitto that requires
// client certificates, and Debian's Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startMosquitto, type Broker } from '../../support/mosquitto';
import { makePki, type TestPki } from '../../support/pki';
import { launchChromium } from './browser';

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
      tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
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

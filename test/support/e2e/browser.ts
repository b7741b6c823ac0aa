// Debian's Chromium driven by playwright-core: no browser download, ever.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.KEYHOLE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

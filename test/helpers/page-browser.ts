/**
 * Debian's Chromium for the tests that drive pages (the share pages, the dashboard, the app's windows): its path,
 * whether it is there, and the flags every such test launches it with, in one place.
 */
import { type Browser, chromium } from 'playwright-core';
import { file, skipUnless } from './requirements.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = skipUnless(file(CHROMIUM, 'chromium'));

/** Headless, no GPU, nothing fetched from the network behind the test's back. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });

/**
 * Screenshots of the renderer pages. They go to docs/screenshots/ when TRAYDROP_SCREENSHOTS=1
 * (so that `npm test` does not rewrite the committed pictures on every run), else to a temp folder.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR =
  process.env.TRAYDROP_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : path.join(os.tmpdir(), 'traydrop-renderer-screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

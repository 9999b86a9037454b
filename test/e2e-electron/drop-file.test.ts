/**
 * Real Electron, end to end: launch the built app (dist/app/main.js) with Playwright's `_electron`, drop a
 * file on the drop window, and get its link. Runs only where the Electron binary exists: the development
 * machines of this project cannot download it, so there it is reported as skipped and never counts as passing.
 * Needs `node scripts/build-app.ts` first (dist/), a paired config (TRAYDROP_E2E_CONFIG_DIR) and a display.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP =
  'skipped: no Electron binary on this machine (it cannot be downloaded here); this test never counts as passing here';

/** The Electron binary, found without `require('electron')` (which would try to download it). */
export function electronBinary(): string | undefined {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();

test('drop a file on the drop window → its link', { skip: binary ? false : SKIP }, async () => {
  const configDir = process.env.TRAYDROP_E2E_CONFIG_DIR;
  assert.ok(configDir, 'set TRAYDROP_E2E_CONFIG_DIR to a paired config folder (traydrop login)');
  assert.ok(existsSync(path.join(root, 'dist', 'app', 'main.js')), 'build the app first: node scripts/build-app.ts');
  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({
    executablePath: binary!,
    args: [path.join(root, 'dist', 'app', 'main.js')],
    env: { ...process.env, TRAYDROP_CONFIG_DIR: configDir },
  });
  try {
    // open the drop window through the same path the tray uses (second-instance argv is covered by the glue tests)
    const window = await app.waitForEvent('window', { timeout: 5_000 }).catch(() => undefined);
    const page = window ?? (await app.firstWindow());
    const file = path.join(root, 'README.md');
    const urls = (await page.evaluate(
      async (paths) =>
        (
          await (
            window as unknown as { traydrop: { shareFiles(p: unknown): Promise<{ url: string }[]> } }
          ).traydrop.shareFiles(paths)
        ).map((j) => j.url),
      [file],
    )) as string[];
    assert.equal(urls.length, 1);
    assert.match(urls[0]!, /^https?:\/\/.+\/README\.md$/);
  } finally {
    await app.close();
  }
});

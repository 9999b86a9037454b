/**
 * Real Electron, end to end: build the app, launch it with Playwright's `_electron` (paired with a real
 * test server and the real RGW), open the drop window (`traydrop drop`), give it a file through its own
 * file input, and fetch the link it shows. Runs only where the Electron binary exists: the development
 * machines of this project cannot download it, so there this test is reported as skipped and never
 * counts as passing. It has not run on such a machine yet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../scripts/build-app.ts';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId } from '../helpers/server.ts';
import { cannotRunHere } from '../helpers/requirements.ts';
import { hasXvfb, startXvfb } from '../helpers/xvfb.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP = cannotRunHere('no Electron binary (it cannot be downloaded here); this test never counts as passing here');

const binary = electronBinary();

test('drop a file on the drop window → its link serves the file', { skip: binary ? false : SKIP }, async () => {
  await buildApp();
  const server = await startTestServer();
  const x = !process.env.DISPLAY && hasXvfb() ? await startXvfb() : undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-e2e-'));
  const configDir = path.join(dir, 'profile');
  const file = path.join(dir, 'dropped.bin');
  const bytes = randomBytes(200_000);
  await writeFile(file, bytes);
  assert.equal(
    (await runCli(['login', server.url, await server.createToken(uniqueUserId('e2e'))], { configDir })).code,
    0,
  );
  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({
    executablePath: binary!,
    args: [path.join(root, 'dist', 'app', 'main.js'), 'drop'],
    env: { ...process.env, TRAYDROP_CONFIG_DIR: configDir, ...(x ? { DISPLAY: x.display } : {}) },
  });
  try {
    let page = app.windows().find((w) => w.url().includes('/drop/'));
    while (!page) {
      const opened = await app.waitForEvent('window');
      await opened.waitForLoadState();
      if (opened.url().includes('/drop/')) page = opened;
    }
    // the drop page's own file input goes through preload's shareFiles(File[]) → webUtils paths → main
    await page.setInputFiles('#file-input', file);
    const done = page.locator('#results .result[data-state="done"]');
    await done.first().waitFor({ timeout: 30_000 });
    const url = (await done.first().getAttribute('data-url'))!;
    const response = await fetch(url.replace(server.config.shareBaseUrl, server.url) + '/raw');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
  } finally {
    await app.close();
    await x?.stop();
    await server.close();
  }
});

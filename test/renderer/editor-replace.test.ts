/**
 * Editing a capture that was already shared (issue #17), on the real core, server and RGW, with the editor page in
 * Chromium on the app's own IPC handlers (renderer-app.ts): a capture is shared, opened in the editor from the
 * history ("Edit…"), the editor says the link was opened and offers "Update link"; Enter replaces what the link
 * serves (the same link goes on the clipboard again) and the link serves the edited bytes, never the old ones
 * again; "Share as new link" makes a new link and leaves the old one as it was.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodePng, encodePng, type RgbaImage } from '../../main/capture/png.ts';
import { EDITOR_SIZE } from '../../main/app/windows/editor-window.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { BROWSER_ACCEPT, rawRequest } from '../helpers/gateway.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function noise(width: number, height: number, seed: number): RgbaImage {
  const data = Buffer.alloc(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) data[i + c] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

describe('editing a capture that was already shared', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  let app: RendererApp;
  let server: TestServer;

  before(async () => {
    harness = await startRendererHarness();
    app = await startRendererApp(harness);
    server = await startTestServer();
    const paired = await app.call('settings', 'pair', server.url, await server.createToken(uniqueUserId('edrep')));
    assert.equal(paired.ok, true, paired.error ?? '');
  });
  after(async () => {
    await app?.close();
    await harness?.close();
    await server?.close();
  });

  const local = (url: string): string => new URL(url).pathname;
  const bytesOf = async (url: string): Promise<Buffer> => {
    const res = await rawRequest(server.url, `${local(url)}/raw`);
    assert.equal(res.status, 200);
    return res.body;
  };
  const done = (url: string, count = 1) =>
    waitFor(
      'the uploads',
      async () => {
        const jobs = (await app.call('drop', 'listJobs')).filter((j) => j.url === url);
        return jobs.length >= count && jobs.every((j) => j.state === 'done') ? jobs : undefined;
      },
      30_000,
    );

  /** A capture in the captures folder, shared as the app shares a capture; resolves once its link serves it. */
  async function sharedCapture(
    name: string,
    seed: number,
    fetchIt: boolean,
  ): Promise<{ file: string; url: string; png: Buffer }> {
    const file = path.join(app.settings().capturesFolder, name);
    await mkdir(path.dirname(file), { recursive: true });
    const png = encodePng(noise(240, 160, seed));
    await writeFile(file, png);
    // as a capture is queued (flows/flow-deps.ts queueFile): a screenshot Traydrop wrote
    const job = await app.app.queue.add(
      { path: file, kind: 'screenshot', appWritten: true },
      app.settings().expiryRules,
    );
    await done(job.url);
    if (fetchIt) assert.equal(sha(await bytesOf(job.url)), sha(png)); // a download: the link was opened once
    return { file, url: job.url, png };
  }

  async function openEditor(file: string, colorScheme: 'light' | 'dark' = 'light') {
    await app.call('history', 'editFile', file);
    const open = await app.open('editor', { viewport: EDITOR_SIZE, colorScheme });
    await open.page.locator('body[data-ready="true"]').waitFor();
    return open;
  }

  it('says the link was opened, and Update link makes the same link serve the edited image', async () => {
    const { file, url, png } = await sharedCapture('Screenshot-shared.png', 11, true);
    // and then someone opens it in a browser: the page, and the image it shows (a view and a download)
    const page = await rawRequest(server.url, local(url), { headers: { accept: BROWSER_ACCEPT } });
    assert.equal(page.status, 200);
    await bytesOf(url);
    const open = await openEditor(file);
    const { page: p } = open;
    await p.locator('#shared-link').waitFor();
    assert.equal(await p.locator('#shared-link').textContent(), 'This link was opened 2 times');
    assert.equal((await p.locator('#share').textContent())!.trim(), 'Update link');
    assert.equal(await p.locator('#share-new').isVisible(), true);
    assert.deepEqual(await accessibilityViolations(p), []);
    await saveScreenshot(p, 'editor-update-link-light');
    // a solid box, then Enter: the edited PNG replaces what the link serves
    await p.keyboard.press('k');
    const box = (await p.locator('#view').boundingBox())!;
    await p.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2 - 30);
    await p.mouse.down();
    await p.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 4 });
    await p.mouse.up();
    await p.locator('#stage').focus();
    await p.keyboard.press('Enter');
    await p.locator('body[data-finished="share"]').waitFor({ timeout: 30_000 });
    assert.match((await p.locator('#live').textContent())!, /^Link updated: /);
    assert.equal(app.fake.clipboardWrites.at(-1), url, 'the same link on the clipboard again');
    const jobs = await done(url, 2);
    const replacing = jobs.find((j) => j.localPath !== file)!;
    assert.equal(replacing.localPath, path.join(path.dirname(file), 'Screenshot-shared-edited.png'));
    const edited = await readFile(replacing.localPath!);
    const served = await bytesOf(url);
    assert.equal(sha(served), sha(edited), 'the link serves the edited bytes');
    assert.notEqual(sha(served), sha(png), 'and never the old ones');
    const middle = decodePng(served);
    const at = (80 * middle.width + 120) * 4; // the middle of the 240 × 160 capture
    assert.deepEqual([...middle.data.subarray(at, at + 4)], [0, 0, 0, 255], 'with the solid box');
    const sharePage = await rawRequest(server.url, local(url), { headers: { accept: BROWSER_ACCEPT } });
    assert.match(sharePage.body.toString(), /\/raw\?v=2"/, 'the page asks for the new version');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('Share as new link leaves the old link as it was', async () => {
    const { file, url, png } = await sharedCapture('Screenshot-keep.png', 23, false);
    const open = await openEditor(file, 'dark');
    const { page: p } = open;
    await p.locator('#share-new').waitFor();
    assert.equal(await p.locator('#shared-link').textContent(), 'Already shared, not opened yet');
    assert.deepEqual(await accessibilityViolations(p), []);
    await saveScreenshot(p, 'editor-update-link-dark');
    await p.keyboard.press('k');
    const box = (await p.locator('#view').boundingBox())!;
    await p.mouse.move(box.x + 20, box.y + 20);
    await p.mouse.down();
    await p.mouse.move(box.x + 120, box.y + 90, { steps: 3 });
    await p.mouse.up();
    await p.click('#share-new');
    await p.locator('body[data-finished="share-new"]').waitFor({ timeout: 30_000 });
    const newUrl = app.fake.clipboardWrites.at(-1)!;
    assert.notEqual(newUrl, url);
    await done(newUrl);
    assert.equal(sha(await bytesOf(url)), sha(png), 'the old link still serves the original');
    assert.notEqual(sha(await bytesOf(newUrl)), sha(png));
    await open.close();
  });

  it('a link deleted on the server meanwhile: no notice, and Share makes a new link', async () => {
    const { file, url } = await sharedCapture('Screenshot-deleted.png', 31, false);
    await app.call('history', 'deleteRemote', new URL(url).pathname.split('/')[1]!);
    const open = await openEditor(file);
    await open.page.locator('body[data-shared-link=""]').waitFor(); // the server said 404: no link to update
    assert.equal((await open.page.locator('#share').textContent())!.trim(), 'Share');
    await open.page.locator('#stage').focus();
    await open.page.keyboard.press('Enter');
    await open.page.locator('body[data-finished="share"]').waitFor({ timeout: 30_000 });
    assert.match((await open.page.locator('#live').textContent())!, /^Link copied: /);
    const newUrl = app.fake.clipboardWrites.at(-1)!;
    assert.notEqual(newUrl, url);
    await done(newUrl);
    assert.equal((await rawRequest(server.url, `${local(url)}/raw`)).status, 404, 'the deleted link stays deleted');
    await open.close();
  });

  it('a capture that was never shared: Share as before, no notice', async () => {
    const file = path.join(app.settings().capturesFolder, 'Screenshot-fresh.png');
    await writeFile(file, encodePng(noise(120, 80, 5)));
    const open = await openEditor(file);
    await open.page.locator('body[data-shared-link=""]').waitFor(); // main answered: no link
    assert.equal(await open.page.locator('#shared-link').count(), 0);
    assert.equal((await open.page.locator('#share').textContent())!.trim(), 'Share');
    await open.close();
    await app.call('editor', 'finishEdit', 'discard', null);
  });
});

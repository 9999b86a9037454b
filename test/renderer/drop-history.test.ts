/**
 * Drop window and history window in Chromium, on the real core: files dropped on the drop window go
 * through the real queue (Journal + enqueue + QueueRunner) to the real server and RGW; the history
 * window lists them with their links (fetched back byte for byte), shows a failed job with its
 * reason and retries it, copies, opens, reveals, and deletes a link from the server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobView } from '../../common/ipc-contract.ts';
import { enqueue } from '../../main/queue/queue.ts';
import { desktopPng } from '../helpers/renderer-fixtures.ts';
import { createCoreApi, jobView, type CoreApi } from '../helpers/renderer-core.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type OpenPage,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const DROP = { width: 300, height: 260 };
const HISTORY = { width: 760, height: 620 };

describe('drop window and history on the real queue, server and RGW', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let core: CoreApi;
  let harness: RendererHarness;
  let dir: string;
  const uploaded = new Map<string, Buffer>(); // url → bytes

  /** A share link, fetched from the test server (it serves every link on 127.0.0.1 too). */
  const fetchLink = (url: string) => fetch(server.url + new URL(url).pathname);

  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-renderer-'));
    core = await createCoreApi(dir);
    harness = await startRendererHarness();
    core.emit = (event, payload) => void harness.emit(event, payload);
    const paired = await core.api.pair(server.url, server.createToken(uniqueUserId('renderer')));
    assert.equal(paired.ok, true, paired.error ?? '');
  });
  after(async () => {
    await harness?.close();
    await core?.close();
    await server?.close();
  });

  async function waitDone(open: OpenPage, count: number): Promise<JobView[]> {
    await open.page.waitForFunction(
      (n) => document.querySelectorAll('#results .result[data-state="done"]').length >= n,
      count,
      { timeout: 30_000 },
    );
    return core.api.listJobs();
  }

  it('dropping two files (DataTransfer drop): drag-over state, links, uploads done, same bytes back', async () => {
    const open = await harness.open('drop', core.api, { viewport: DROP, deviceScaleFactor: 2 });
    const { page } = open;
    const files = [
      {
        name: 'notes.txt',
        type: 'text/plain',
        bytes: Buffer.from('Traydrop renderer test: dropped text\n'.repeat(40)),
      },
      {
        name: 'diagram.png',
        type: 'image/png',
        bytes: desktopPng(160, 100, 1, [{ x: 20, y: 16, width: 110, height: 70 }]),
      },
    ];
    const dataTransfer = await page.evaluateHandle(
      (list) => {
        const dt = new DataTransfer();
        for (const f of list)
          dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
        return dt;
      },
      files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
    );
    await page.dispatchEvent('#zone', 'dragenter', { dataTransfer });
    assert.equal(await page.locator('#zone').getAttribute('data-drag'), 'true');
    await page.dispatchEvent('#zone', 'drop', { dataTransfer });
    assert.equal(await page.locator('#zone').getAttribute('data-drag'), null, 'drag state ends on drop');

    const jobs = await waitDone(open, 2);
    await saveScreenshot(page, 'drop-light');
    assert.deepEqual(await accessibilityViolations(page), []);
    for (const f of files) {
      const job = jobs.find((j) => j.name === f.name);
      assert.ok(job, `${f.name} was queued`);
      assert.equal(job.state, 'done');
      assert.equal(core.journal.get(job.id)?.state, 'done', 'the journal says done');
      assert.equal(await page.locator(`#results [data-job-id="${job.id}"]`).getAttribute('data-url'), job.url);
      const response = await fetchLink(job.url);
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), f.bytes, `${f.name}: the same bytes`);
      uploaded.set(job.url, f.bytes);
    }
    const [, [sent]] = open.calls.find(([method]) => method === 'shareFiles')! as [string, [unknown[]]];
    assert.equal(sent.length, 2, 'one shareFiles call with both files');

    await page.getByRole('button', { name: 'Copy link of notes.txt' }).click();
    assert.deepEqual(core.effects.at(-1), ['copyLink', jobs.find((j) => j.name === 'notes.txt')!.url]);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('choosing a file (the file input) shares it too; dark drop window with drag-over state', async () => {
    const open = await harness.open('drop', core.api, { viewport: DROP, colorScheme: 'dark', deviceScaleFactor: 2 });
    const { page } = open;
    const bytes = Buffer.from('chosen with the file picker\n');
    await page.setInputFiles('#file-input', { name: 'chosen.txt', mimeType: 'text/plain', buffer: bytes });
    const jobs = await waitDone(open, 1);
    const job = jobs.find((j) => j.name === 'chosen.txt')!;
    assert.deepEqual(Buffer.from(await (await fetchLink(job.url)).arrayBuffer()), bytes);
    uploaded.set(job.url, bytes);

    const empty = await harness.open('drop', core.api, { viewport: DROP, colorScheme: 'dark', deviceScaleFactor: 2 });
    const dataTransfer = await empty.page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'x.txt'));
      return dt;
    });
    await empty.page.dispatchEvent('#zone', 'dragenter', { dataTransfer });
    await saveScreenshot(empty.page, 'drop-dark');
    assert.deepEqual(await accessibilityViolations(empty.page), []);
    await empty.page.dispatchEvent('#zone', 'dragleave', { dataTransfer });
    assert.equal(await empty.page.locator('#zone').getAttribute('data-drag'), null);
    await empty.close();
    await open.close();
  });

  it('history lists the uploads with their links; search filters; copy, open, reveal', async () => {
    const open = await harness.open('history', core.api, { viewport: HISTORY });
    const { page } = open;
    for (const url of uploaded.keys()) await page.locator(`#history .item[data-url="${url}"]`).waitFor();
    assert.equal(await page.locator('#history .item').count(), uploaded.size);
    const png = page.locator('#history .item', { hasText: 'diagram.png' });
    assert.match((await png.locator('img.thumb').getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    // each link was fetched once above: the server counted it as a download
    assert.match((await png.locator('.meta').textContent()) ?? '', /expires in 30 days · 1 download ·/);

    await page.getByLabel('Search uploads').fill('diag');
    await page.waitForFunction(() => document.querySelectorAll('#history .item').length === 1);
    await page.getByLabel('Search uploads').fill('');
    await page.waitForFunction((n) => document.querySelectorAll('#history .item').length === n, uploaded.size);

    await png.getByRole('button', { name: /^Copy link/ }).click();
    await png.getByRole('button', { name: /^Open/ }).click();
    await png.getByRole('button', { name: /^Show file: the local copy/ }).click();
    const url = (await png.getAttribute('data-url'))!;
    assert.deepEqual(
      core.effects.slice(-3).map(([what, arg]) => [what, what === 'revealLocal' ? path.basename(arg) : arg]),
      [
        ['copyLink', url],
        ['openLink', url],
        ['revealLocal', 'diagram.png'],
      ],
    );

    // keyboard: Arrow keys move between rows, Enter copies the focused row's link
    await page.locator('#history .item').first().focus();
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.url);
    await page.keyboard.press('Enter');
    assert.deepEqual(core.effects.at(-1), ['copyLink', second]);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('a failed job shows its reason and Retry uploads it; uploading shows progress and Cancel', async () => {
    const open = await harness.open('history', core.api, { viewport: HISTORY });
    const dark = await harness.open('history', core.api, { viewport: HISTORY, colorScheme: 'dark' });
    const { page } = open;
    const file = path.join(dir, 'report-draft.txt');
    writeFileSync(file, 'first version\n');
    const settings = await core.api.getSettings();
    const job = await enqueue(
      {
        journal: core.journal,
        pairing: { userId: settings.userId!, shareBaseUrl: 'https://share.example.test' },
        rules: settings.expiryRules,
      },
      { path: file, kind: 'file' },
    );
    writeFileSync(file, 'second, longer version\n'); // changed since it was queued: the runner refuses it
    void core.runner()!.run();
    const row = page.locator(`#queue [data-job-id="${job.id}"]`);
    await row.and(page.locator('[data-state="failed"]')).waitFor({ timeout: 20_000 });
    assert.match((await row.locator('.reason').textContent()) ?? '', /changed since it was queued/);

    // a job uploading right now (as main reports it through onJobsChanged)
    const live: JobView = {
      ...jobView(core.journal.get(job.id)!),
      id: 'upl00001',
      name: 'screen-recording.mp4',
      kind: 'recording',
      state: 'uploading',
      error: null,
      bytes: 48_200_000,
      sentBytes: 20_100_000,
    };
    const waiting: JobView = {
      ...live,
      id: 'wait0001',
      name: 'Screenshot 2026-11-24 at 10.02.11.png',
      kind: 'screenshot',
      state: 'waiting_network',
      error: 'offline: retrying in 8 s',
      bytes: 312_000,
      sentBytes: 0,
    };
    await harness.emit('jobsChanged', [live, waiting, ...(await core.api.listJobs())]);
    const progress = page.locator('[data-job-id="upl00001"] progress');
    assert.equal(await progress.getAttribute('value'), '42');
    assert.match((await page.locator('[data-job-id="wait0001"] .reason').textContent()) ?? '', /offline/);
    await saveScreenshot(page, 'history-light');
    assert.deepEqual(await accessibilityViolations(page), []);
    await saveScreenshot(dark.page, 'history-dark');
    assert.deepEqual(await accessibilityViolations(dark.page), []);
    await dark.close();

    // Cancel on a queue row calls cancelJob with its id
    const cancelled: string[] = [];
    const probe = await harness.open(
      'history',
      { ...core.api, cancelJob: async (id) => void cancelled.push(id) },
      { viewport: HISTORY },
    );
    await harness.emit('jobsChanged', [live]);
    await probe.page.getByRole('button', { name: 'Cancel the upload of screen-recording.mp4' }).click();
    assert.deepEqual(cancelled, ['upl00001']);
    await probe.close();
    await harness.emit('jobsChanged', await core.api.listJobs()); // back to the real queue

    await row.getByRole('button', { name: /^Retry/ }).click();
    await page.locator(`#queue [data-job-id="${job.id}"]`).waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(core.journal.get(job.id)?.state, 'done');
    const url = core.journal.get(job.id)!.url;
    await page.locator(`#history .item[data-url="${url}"]`).waitFor({ timeout: 10_000 });
    assert.equal(await (await fetchLink(url)).text(), 'second, longer version\n');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('Delete… asks first; after yes the link is gone from the list and from the server', async () => {
    const open = await harness.open('history', core.api, { viewport: HISTORY });
    const { page } = open;
    const [url] = [...uploaded.keys()];
    const item = page.locator(`#history .item[data-url="${url}"]`);
    await item.waitFor();
    const name = (await item.locator('.name').textContent())!;

    page.once('dialog', (dialog) => void dialog.dismiss());
    await item.getByRole('button', { name: `Delete ${name} from the server` }).click();
    assert.equal((await fetchLink(url!)).status, 200, 'dismissed: still there');

    const message = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await item.getByRole('button', { name: `Delete ${name} from the server` }).click();
    assert.match(await message, /Its link stops working/);
    await item.waitFor({ state: 'detached' });
    assert.equal((await fetchLink(url!)).status, 404);
    await open.close();
  });
});

/**
 * Drop window and history window in Chromium, on the app's own main process (startApp with the fake Electron:
 * its IPC guards, validation and handlers, queue service and default runner; see renderer-app.ts): files
 * dropped on the drop window go through the app's shareFiles to the real queue (Journal + enqueue +
 * QueueRunner), the real server and RGW; the history window lists them with their links (fetched back byte
 * for byte), shows a failed job with its reason and retries it, copies, opens, reveals, and deletes a link
 * from the server. Before pairing, a drop says so.
 *
 * The drop page is opened at the drop window's real size (DROP_WINDOW_SIZE, what main opens it at): every
 * control must be wholly inside it, uncovered and unclipped, the move bar a drag area and the controls not.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { JobView } from '../../common/ipc-contract.ts';
import { DROP_WINDOW_SIZE } from '../../main/app/windows/drop-window.ts';
import { jobView } from '../../main/app/services/queue-service.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import type { FakeWindow } from '../app/fake-electron.ts';
import { desktopPng } from '../helpers/renderer-fixtures.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
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
import { waitFor } from '../helpers/wait-for.ts';

const DROP = { width: DROP_WINDOW_SIZE.width, height: DROP_WINDOW_SIZE.height };

/** `-webkit-app-region` as Chromium computes it (Electron makes its drag areas from it). */
const appRegion = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((els) => els.map((el) => getComputedStyle(el).getPropertyValue('-webkit-app-region')));

/**
 * The drop page at the window's real size: each control (move bar, zone, Choose files…, every visible result
 * row and its Copy button and progress) wholly inside the window; the zone and the buttons hit by the pointer
 * at their centre and the middle of each edge (nothing covers or clips them); their text not cut; the page
 * itself never scrolls (only the list may); the move bar and the background drag, the rest does not.
 */
async function assertDropLayout(page: Page, what: string): Promise<void> {
  // one snapshot of every box: the list is redrawn on each progress or state event, and boxes read one by one
  // could come from two different drawings (a row read after it was replaced is gone)
  const boxes = await page.evaluate((selector) => {
    const list = document.querySelector('#results')?.getBoundingClientRect();
    return {
      list: list && { x: list.x, y: list.y, width: list.width, height: list.height },
      controls: [...document.querySelectorAll(selector)].map((el) => {
        const r = el.getBoundingClientRect();
        return {
          name: el.id || `${el.tagName.toLowerCase()}.${el.className}`,
          inList: el.closest('#results') !== null,
          box: { x: r.x, y: r.y, width: r.width, height: r.height },
        };
      }),
    };
  }, '#handle, #menu, #zone, #choose, #edit, #results:not(:empty), #results .result, #results button, #results progress');
  assert.ok(boxes.controls.length >= 3, `${what}: the move bar, the zone and its button are there`);
  const list = boxes.list;
  for (const { name, inList, box } of boxes.controls) {
    assert.ok(box.width > 0 && box.height > 0, `${what}: ${name} is rendered`);
    // in the list, what is scrolled (partly) out of its view is fine: the list itself is checked below
    if (inList && list && (box.y < list.y || box.y + box.height > list.y + list.height)) continue;
    const at = `${what}: ${name} at ${box.x},${box.y} ${box.width}×${box.height}`;
    assert.ok(box.x >= 0 && box.y >= 0, `${at} starts inside the window`);
    assert.ok(
      box.x + box.width <= DROP.width && box.y + box.height <= DROP.height,
      `${at} ends inside ${DROP.width}×${DROP.height}`,
    );
  }
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element | null) => (el ? el.id || `${el.tagName.toLowerCase()}.${el.className}` : 'nothing');
    const doc = document.documentElement;
    if (doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth)
      out.push(`the page overflows: ${doc.scrollWidth}×${doc.scrollHeight} in ${innerWidth}×${innerHeight}`);
    const list = document.querySelector('#results')!.getBoundingClientRect();
    for (const el of document.querySelectorAll('#menu, #zone, #choose, #edit, #results button')) {
      const r = el.getBoundingClientRect();
      if (el.closest('#results') && (r.top < list.top || r.bottom > list.bottom)) continue; // scrolled away
      const points = [
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + 2, r.top + r.height / 2],
        [r.right - 2, r.top + r.height / 2],
        [r.left + r.width / 2, r.top + 2],
        [r.left + r.width / 2, r.bottom - 2],
      ] as const;
      for (const [x, y] of points) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !el.contains(hit))
          out.push(`${name(el)} at ${Math.round(x)},${Math.round(y)} is under ${name(hit)}`);
      }
    }
    for (const el of document.querySelectorAll('#zone-title, #zone-help, #choose, #edit, #results button')) {
      if (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
        out.push(
          `${name(el)}'s text is cut: ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
        );
    }
    return out;
  });
  assert.deepEqual(problems, [], what);
  assert.deepEqual(await appRegion(page, 'body, #handle'), ['drag', 'drag'], `${what}: the move bar drags`);
  const controlsNoDrag = await appRegion(page, '#menu, #zone, #choose, #edit, #results, #results button');
  assert.ok(
    controlsNoDrag.length >= 3 && controlsNoDrag.every((region) => region === 'no-drag'),
    `${what}: the zone, the list and the buttons are no-drag: ${controlsNoDrag.join(', ')}`,
  );
}

const HISTORY = { width: 760, height: 620 };

describe('drop window and history on the app, the real queue, server and RGW', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let app: RendererApp;
  let harness: RendererHarness;
  let dir: string;
  const uploaded = new Map<string, Buffer>(); // url → bytes

  /** A share link, fetched from the test server (it serves every link on 127.0.0.1 too). */
  const fetchLink = (url: string) => fetch(server.url + new URL(url).pathname);

  before(async () => {
    server = await startTestServer();
    harness = await startRendererHarness();
    app = await startRendererApp(harness); // not paired yet: the first test pairs
    dir = app.root;
  });
  after(async () => {
    await app?.close();
    await harness?.close();
    await server?.close();
  });

  async function waitDone(open: OpenPage, count: number): Promise<JobView[]> {
    await open.page.waitForFunction(
      (n) => document.querySelectorAll('#results .result[data-state="done"]').length >= n,
      count,
      { timeout: 30_000 },
    );
    return app.call('drop', 'listJobs');
  }

  it('not paired: a drop says plainly what to do, nothing is queued; then pairing as the settings window does', async () => {
    const open = await app.open('drop', { viewport: DROP });
    const { page } = open;
    await page.setInputFiles('#file-input', { name: 'early.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await page.locator('#status[data-tone="error"]').waitFor();
    assert.match((await page.locator('#status').textContent()) ?? '', /not paired/);
    assert.match((await page.locator('#results .result[data-state="failed"]').textContent()) ?? '', /not paired/);
    assert.deepEqual(await app.call('drop', 'listJobs'), []);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();

    const paired = await app.call('settings', 'pair', server.url, await server.createToken(uniqueUserId('renderer')));
    assert.equal(paired.ok, true, paired.error ?? '');
  });

  it('the ⋯ button pops the tray menu up over the drop window, by mouse and by keyboard', async () => {
    const open = await app.open('drop', { viewport: DROP });
    const { page } = open;
    const before = app.fake.popups.length;
    await page.click('#menu');
    await waitFor('a popup after the click', () => (app.fake.popups.length === before + 1 ? true : undefined));
    await page.focus('#menu');
    await page.keyboard.press('Enter');
    await waitFor('a popup after Enter', () => (app.fake.popups.length === before + 2 ? true : undefined));
    const popup = app.fake.popups.at(-1)!;
    const labels = popup.template.map((item) => item.label).filter(Boolean);
    for (const label of ['Capture region', 'Upload from clipboard', 'Settings…', 'History…', 'Quit Traydrop']) {
      assert.ok(labels.includes(label), `${label} in ${labels.join(' | ')}`);
    }
    assert.match((popup.window as FakeWindow).loaded?.file ?? '', /renderer[\\/]drop[\\/]index\.html$/);
    assert.equal(await page.getAttribute('#menu', 'aria-label'), 'Traydrop menu');
    // only the drop window may ask: another page is refused before the app is reached
    await assert.rejects(app.call('history', 'showAppMenu'), /refused: showAppMenu is not for the history page/);
    assert.equal(app.fake.popups.length, before + 2);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('dropping two files (DataTransfer drop): drag-over state, links, uploads done, same bytes back', async () => {
    const open = await app.open('drop', { viewport: DROP, deviceScaleFactor: 2 });
    const { page } = open;
    await assertDropLayout(page, 'empty, light');
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
    await assertDropLayout(page, 'two links, light');
    assert.deepEqual(
      await page.locator('#results').evaluate((el) => [el.scrollHeight <= el.clientHeight, el.children.length]),
      [true, 2],
      'two links fit without scrolling',
    );
    await saveScreenshot(page, 'drop-light');
    assert.deepEqual(await accessibilityViolations(page), []);
    for (const f of files) {
      const job = jobs.find((j) => j.name === f.name);
      assert.ok(job, `${f.name} was queued`);
      assert.equal(job.state, 'done');
      assert.equal(app.app.queue.journal.get(job.id)?.state, 'done', 'the journal says done');
      assert.equal(await page.locator(`#results [data-job-id="${job.id}"]`).getAttribute('data-url'), job.url);
      const response = await fetchLink(job.url);
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), f.bytes, `${f.name}: the same bytes`);
      uploaded.set(job.url, f.bytes);
    }
    const [, [sent]] = open.calls.find(([method]) => method === 'shareFiles')! as [string, [unknown[]]];
    assert.equal(sent.length, 2, 'one shareFiles call with both files');

    await page.getByRole('button', { name: 'Copy link of notes.txt' }).click();
    await page.locator('#results button[data-copied="true"]').waitFor();
    assert.equal(app.fake.clipboardWrites.at(-1), jobs.find((j) => j.name === 'notes.txt')!.url, 'on the clipboard');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('choosing a file (the file input) shares it too; dark drop window with drag-over state', async () => {
    const open = await app.open('drop', { viewport: DROP, colorScheme: 'dark', deviceScaleFactor: 2 });
    const { page } = open;
    const bytes = Buffer.from('chosen with the file picker\n');
    await page.setInputFiles('#file-input', { name: 'chosen.txt', mimeType: 'text/plain', buffer: bytes });
    const jobs = await waitDone(open, 1);
    const job = jobs.find((j) => j.name === 'chosen.txt')!;
    assert.deepEqual(Buffer.from(await (await fetchLink(job.url)).arrayBuffer()), bytes);
    uploaded.set(job.url, bytes);
    await assertDropLayout(page, 'one link, dark');

    const empty = await app.open('drop', { viewport: DROP, colorScheme: 'dark', deviceScaleFactor: 2 });
    const dataTransfer = await empty.page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'x.txt'));
      return dt;
    });
    await assertDropLayout(empty.page, 'empty, dark');
    await empty.page.dispatchEvent('#zone', 'dragenter', { dataTransfer });
    await assertDropLayout(empty.page, 'dragging over, dark');
    await saveScreenshot(empty.page, 'drop-dark');
    assert.deepEqual(await accessibilityViolations(empty.page), []);
    await empty.page.dispatchEvent('#zone', 'dragleave', { dataTransfer });
    assert.equal(await empty.page.locator('#zone').getAttribute('data-drag'), null);
    await empty.close();
    await open.close();
  });

  it('drop window at its real size, busy: newest first, the last 3 links kept, the list scrolls, all by keyboard', async () => {
    const job = (id: string, name: string, state: JobView['state']): JobView => ({
      id,
      name,
      kind: 'file',
      state,
      url: `https://share.example.test/${id}/${name}`,
      bytes: 48_200_000,
      sentBytes: state === 'done' ? 48_200_000 : 20_100_000,
      error: null,
      expire: '30d',
      createdAt: new Date().toISOString(),
      localPath: null,
    });
    const batches = [
      [job('old00001', 'first.txt', 'done'), job('old00002', 'second.txt', 'done')],
      [
        job('new00001', 'screen-recording-2026-11-24.mp4', 'uploading'),
        job('new00002', 'a-file-name-far-too-long-for-this-small-window.pdf', 'done'),
        job('new00003', 'third.txt', 'done'),
      ],
    ];
    const copied: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      let shared = 0;
      const open = await harness.open(
        'drop',
        { shareFiles: async () => batches[shared++]!, copyLink: async (url) => void copied.push(url) },
        { viewport: DROP, colorScheme },
      );
      const { page } = open;
      for (const batch of batches) {
        await page.setInputFiles('#file-input', { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
        await page.locator(`#results [data-job-id="${batch[0]!.id}"]`).waitFor();
      }
      // the newest batch on top, in its order; of the finished links only the last 3 stay
      assert.deepEqual(
        await page
          .locator('#results .result')
          .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.jobId)),
        ['new00001', 'new00002', 'new00003', 'old00001'],
      );
      assert.equal(await page.locator('#results progress').getAttribute('value'), '42');
      assert.deepEqual(
        await page.locator('#results').evaluate((el) => el.scrollHeight > el.clientHeight),
        true,
        'four rows do not fit: the list scrolls (and only the list: see assertDropLayout)',
      );
      await assertDropLayout(page, `busy, ${colorScheme}`);
      assert.deepEqual(await accessibilityViolations(page), []);

      // Tab reaches the menu, Choose files…, Edit… and then every Copy, each scrolled into view, in the window;
      // Enter copies
      const order: string[] = [];
      for (let i = 0; i < 7; i++) {
        await page.keyboard.press('Tab');
        const focused = page.locator(':focus');
        order.push((await focused.getAttribute('aria-label')) ?? (await focused.textContent()) ?? '');
        const box = (await focused.boundingBox())!;
        const list = (await page.locator('#results').boundingBox())!;
        assert.ok(box.y >= 0 && box.y + box.height <= DROP.height, `${order.at(-1)} is inside the window when focused`);
        if (i > 2)
          assert.ok(
            box.y >= list.y && box.y + box.height <= list.y + list.height,
            `${order.at(-1)} scrolled into view`,
          );
      }
      assert.deepEqual(order, [
        'Traydrop menu',
        'Choose files…',
        'Edit… an image',
        'Copy link of screen-recording-2026-11-24.mp4',
        'Copy link of a-file-name-far-too-long-for-this-small-window.pdf',
        'Copy link of third.txt',
        'Copy link of first.txt',
      ]);
      await page.keyboard.press('Enter');
      await page.locator('#results button[data-copied="true"]').waitFor();
      assert.equal(copied.at(-1), 'https://share.example.test/old00001/first.txt');
      // a progress report redraws the rows: the focus stays on the same Copy
      const [uploading] = batches[1]!;
      await harness.emit('jobsChanged', [{ ...uploading!, sentBytes: 30_000_000 }]);
      await page.locator('#results progress[value="62"]').waitFor();
      assert.equal(await page.locator(':focus').getAttribute('aria-label'), 'Copy link of first.txt');
      await assertDropLayout(page, `busy, scrolled to the end, ${colorScheme}`);
      assert.deepEqual(await pageProblems(open), []);
      await open.close();
    }
  });

  it('history lists the uploads with their links; search filters; copy, open, reveal', async () => {
    const open = await app.open('history', { viewport: HISTORY });
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

    // what the app asked of the desktop: the fake Electron's clipboard and shell
    const { clipboardWrites, opened, revealed } = app.fake;
    const before = [clipboardWrites.length, opened.length, revealed.length];
    await png.getByRole('button', { name: /^Copy link/ }).click();
    await png.getByRole('button', { name: /^Open/ }).click();
    await png.getByRole('button', { name: /^Show file: the local copy/ }).click();
    const url = (await png.getAttribute('data-url'))!;
    const desktop = () => [clipboardWrites.length, opened.length, revealed.length];
    await waitFor('copy, open and reveal', () => (desktop().every((n, i) => n > before[i]!) ? true : undefined));
    // Edit… opens the capture editor on the local copy (a PNG)
    await png.getByRole('button', { name: /^Edit the local copy/ }).click();
    await waitFor('the editor', () => app.app.editor.editing ?? undefined);
    assert.equal(path.basename(app.app.editor.editing!), 'diagram.png');
    app.app.editor.close();
    assert.deepEqual(
      [clipboardWrites.at(-1), opened.at(-1), path.basename(revealed.at(-1)!)],
      [url, url, 'diagram.png'],
    );

    // keyboard: Arrow keys move between rows, Enter copies the focused row's link
    await page.locator('#history .item').first().focus();
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.url);
    const copies = clipboardWrites.length;
    await page.keyboard.press('Enter');
    await waitFor('the copy', () => (clipboardWrites.length > copies ? true : undefined));
    assert.equal(clipboardWrites.at(-1), second);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('a failed job shows its reason and Retry uploads it; uploading shows progress and Cancel', async () => {
    const open = await app.open('history', { viewport: HISTORY });
    const dark = await app.open('history', { viewport: HISTORY, colorScheme: 'dark' });
    const { page } = open;
    const file = path.join(dir, 'report-draft.txt');
    writeFileSync(file, 'first version\n');
    const settings = await app.call('history', 'getSettings');
    const job = await enqueue(
      {
        journal: app.app.queue.journal,
        pairing: { userId: settings.userId!, shareBaseUrl: 'https://share.example.test' },
        rules: settings.expiryRules,
      },
      { path: file, kind: 'file' },
    );
    writeFileSync(file, 'second, longer version\n'); // changed since it was queued: the runner refuses it
    app.app.queue.kick(); // as the app does when the CLI queued a file
    const row = page.locator(`#queue [data-job-id="${job.id}"]`);
    await row.and(page.locator('[data-state="failed"]')).waitFor({ timeout: 20_000 });
    assert.match((await row.locator('.reason').textContent()) ?? '', /changed since it was queued/);

    // a job uploading right now (as main reports it through onJobsChanged)
    const live: JobView = {
      ...jobView(app.app.queue.journal.get(job.id)!),
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
    await harness.emit('jobsChanged', [live, waiting, ...(await app.call('history', 'listJobs'))]);
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
      { ...app.api('history'), cancelJob: async (id) => void cancelled.push(id) },
      { viewport: HISTORY },
    );
    await harness.emit('jobsChanged', [live]);
    await probe.page.getByRole('button', { name: 'Cancel the upload of screen-recording.mp4' }).click();
    assert.deepEqual(cancelled, ['upl00001']);
    await probe.close();
    await harness.emit('jobsChanged', await app.call('history', 'listJobs')); // back to the real queue

    await row.getByRole('button', { name: /^Retry/ }).click();
    await page.locator(`#queue [data-job-id="${job.id}"]`).waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(app.app.queue.journal.get(job.id)?.state, 'done');
    const url = app.app.queue.journal.get(job.id)!.url;
    await page.locator(`#history .item[data-url="${url}"]`).waitFor({ timeout: 10_000 });
    assert.equal(await (await fetchLink(url)).text(), 'second, longer version\n');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('Delete… asks first; after yes the link is gone from the list and from the server', async () => {
    const open = await app.open('history', { viewport: HISTORY });
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

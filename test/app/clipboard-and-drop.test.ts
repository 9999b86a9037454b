/**
 * Upload from clipboard (text → .txt, an image → .png, copied files as they are) and dropping several files or
 * a folder (zipped by default, setting zipFolders), through the real app wiring with a fake `electron`: the
 * queue, journal, settings and flows are real; only the uploading runner and the capture back-ends are fakes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobView } from '../../common/ipc-contract.ts';
import { decodePng, encodePng } from '../../main/capture/png.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { startFixture, type Fixture } from './app-fixture.ts';
import { clipboardItem } from './fake-electron.ts';

/** The folder that holds config/ and captures/: the user's own files go here in these tests. */
const home = (fx: Fixture): string => path.dirname(fx.captures);

const jobs = (fx: Fixture) => fx.app.queue.journal.list();

const jobFor = (fx: Fixture, source: string) => {
  const job = jobs(fx).find((j) => j.source === source);
  assert.ok(job, `a job for ${source}; queued: ${jobs(fx).map((j) => j.source)}`);
  return job;
};

const errors = (fx: Fixture) => fx.fake.notifications.filter((n) => n.title.startsWith('Traydrop: '));

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

const listCaptures = (fx: Fixture) => readdir(fx.captures).catch(() => [] as string[]);

/** Every file under `root` with its bytes, relative with '/': to prove a dropped folder is left as it was. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(root, full).split(path.sep).join('/')] = (await readFile(full)).toString('base64');
  }
  return out;
}

/** A folder as a user would drop it: a space and non-ASCII in names, a subfolder, a hidden file. */
async function makeFolder(fx: Fixture): Promise<string> {
  const folder = path.join(home(fx), 'Fotos 2026');
  await mkdir(path.join(folder, 'sub'), { recursive: true });
  await writeFile(path.join(folder, 'a.txt'), 'alpha\n');
  await writeFile(path.join(folder, 'sub', 'ü.bin'), Buffer.from([0, 1, 2, 255]));
  await writeFile(path.join(folder, '.hidden'), 'dotfile');
  return folder;
}

const unzip = (args: string[]) => spawnSync('unzip', args, { encoding: 'utf8' });

test('clipboard text → a .txt in the captures folder with exactly that text (UTF-8), queued as a file, link copied', async () => {
  const fx = await startFixture();
  try {
    const text = 'Grüße aus Köln — 東京 ✓ 👩‍👩‍👧\r\nzweite Zeile\n  ';
    fx.fake.clipboardText.value = text;
    const views = await fx.app.actions.uploadClipboard();
    assert.equal(views?.length, 1);
    assert.equal(jobs(fx).length, 1);
    const job = jobs(fx)[0]!;
    assert.equal(job.kind, 'file');
    assert.equal(path.dirname(job.source), fx.captures);
    assert.match(path.basename(job.source), /^Clipboard-\d{4}-\d\d-\d\d-at-[\d.]+\.txt$/);
    assert.ok((await readFile(job.source)).equals(Buffer.from(text, 'utf8')), 'the exact text, UTF-8');
    assert.equal(views![0]!.id, job.id);
    assert.equal(views![0]!.name, path.basename(job.source));
    assert.equal(job.removeSourceAfterUpload, false, 'retention "keep" (the default) keeps it');
    assert.equal(job.appWritten, true, 'Traydrop wrote it: retention {days} may prune it');
    assert.deepEqual(fx.fake.clipboardWrites, [job.url], 'early copy: the link is on the clipboard at once');
    assert.deepEqual(fx.fake.notifications, [], 'no notification until the upload is stored');
    assert.deepEqual(await listCaptures(fx), [path.basename(job.source)], 'no temp file left behind');
  } finally {
    await fx.close();
  }
});

test('clipboard text with retention "delete-after-upload": the .txt is the app’s own, removed after upload', async () => {
  const fx = await startFixture();
  try {
    await fx.invoke('saveSettings', [{ retention: 'delete-after-upload' }]);
    fx.fake.clipboardText.value = 'short note';
    await fx.app.actions.uploadClipboard();
    assert.equal(jobs(fx).length, 1);
    assert.equal(jobs(fx)[0]!.removeSourceAfterUpload, true);
  } finally {
    await fx.close();
  }
});

test('clipboard image → a PNG in the captures folder that decodes to that image, queued as a screenshot', async () => {
  const fx = await startFixture();
  try {
    const pixels = Buffer.alloc(3 * 2 * 4);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
    const image = { width: 3, height: 2, data: pixels };
    // a browser's "Copy image": the PNG and some HTML; the text is there too but the image wins
    fx.fake.clipboardItems.value = [clipboardItem({ 'text/html': '<img src="x.png">', 'image/png': encodePng(image) })];
    fx.fake.clipboardText.value = 'alt text';
    await fx.app.actions.uploadClipboard();
    assert.equal(jobs(fx).length, 1);
    const job = jobs(fx)[0]!;
    assert.equal(job.kind, 'screenshot');
    assert.equal(path.dirname(job.source), fx.captures);
    assert.match(path.basename(job.source), /^Screenshot-\d{4}-\d\d-\d\d-at-[\d.]+\.png$/, 'the screenshot naming');
    const saved = decodePng(await readFile(job.source));
    assert.equal(saved.width, 3);
    assert.equal(saved.height, 2);
    assert.ok(Buffer.from(saved.data).equals(pixels), 'the same pixels');
    assert.equal(job.removeSourceAfterUpload, false);
    assert.deepEqual(fx.fake.clipboardWrites, [job.url]);
    assert.deepEqual(errors(fx), []);
    assert.deepEqual(await listCaptures(fx), [path.basename(job.source)]);
  } finally {
    await fx.close();
  }
});

test('clipboard files (text/uri-list, as Linux file managers copy them) → each file queued as it is, never deleted', async () => {
  const fx = await startFixture();
  try {
    const one = path.join(home(fx), 'my notes.txt');
    const two = path.join(home(fx), 'Überblick #2.pdf');
    await writeFile(one, 'one');
    await writeFile(two, 'two');
    const uriList = `# copied by Files\r\n${pathToFileURL(one).href}\r\n${pathToFileURL(two).href}\r\n`;
    assert.match(uriList, /my%20notes\.txt/, 'the URLs are percent-encoded, as file managers write them');
    fx.fake.clipboardItems.value = [clipboardItem({ 'text/uri-list': uriList, 'text/plain': `${one}\n${two}` })];
    fx.fake.clipboardText.value = `${one}\n${two}`;
    const views = await fx.app.actions.uploadClipboard();
    assert.equal(views?.length, 2);
    assert.deepEqual(
      jobs(fx)
        .map((j) => j.source)
        .sort(),
      [one, two].sort(),
    );
    for (const file of [one, two]) {
      const job = jobFor(fx, file);
      assert.equal(job.kind, 'file');
      assert.equal(job.removeSourceAfterUpload, false, "a user's file is never deleted");
      assert.equal(job.appWritten, false, 'nor pruned by retention');
      assert.ok(await exists(file));
    }
    assert.deepEqual(await listCaptures(fx), [], 'nothing copied into the captures folder');
    assert.deepEqual(
      new Set(fx.fake.clipboardWrites.at(-1)!.split('\n')),
      new Set(jobs(fx).map((j) => j.url)),
      'both links on the clipboard',
    );
    assert.deepEqual(errors(fx), []);
  } finally {
    await fx.close();
  }
});

test('clipboard files as file:// lines in the plain text (no uri-list) are shared too; a copied folder is zipped', async () => {
  const fx = await startFixture();
  try {
    const file = path.join(home(fx), 'report.txt');
    await writeFile(file, 'r');
    const folder = await makeFolder(fx);
    fx.fake.clipboardText.value = `${pathToFileURL(file).href}\n${pathToFileURL(folder).href}\n`;
    await fx.app.actions.uploadClipboard();
    assert.equal(jobs(fx).length, 2);
    assert.equal(jobFor(fx, file).removeSourceAfterUpload, false);
    const zip = jobs(fx).find((j) => j.source !== file)!;
    assert.equal(path.basename(zip.source), 'Fotos-2026.zip');
    assert.equal(zip.removeSourceAfterUpload, true);
    assert.deepEqual(await listCaptures(fx), []);
  } finally {
    await fx.close();
  }
});

test('an empty clipboard, or one with only an unsupported format, says so: nothing queued, nothing copied', async () => {
  const fx = await startFixture();
  try {
    const cases: [string, () => void][] = [
      ['empty', () => ((fx.fake.clipboardItems.value = []), (fx.fake.clipboardText.value = ''))],
      ['whitespace only', () => (fx.fake.clipboardText.value = ' \n\t ')],
      [
        'an unsupported format',
        () => (
          (fx.fake.clipboardItems.value = [clipboardItem({ 'application/x-some-app': 'blob' })]),
          (fx.fake.clipboardText.value = '')
        ),
      ],
      [
        'a uri-list of web links only',
        () => (fx.fake.clipboardItems.value = [clipboardItem({ 'text/uri-list': 'https://example.org/a.png\r\n' })]),
      ],
    ];
    for (const [what, set] of cases) {
      fx.fake.notifications.length = 0;
      set();
      const result = await fx.app.actions.uploadClipboard();
      assert.equal(result, undefined, what);
      assert.deepEqual(
        fx.fake.notifications,
        [
          {
            title: 'Traydrop: upload from clipboard failed',
            body: 'the clipboard holds no file, image or text: copy something first',
          },
        ],
        what,
      );
    }
    assert.equal(jobs(fx).length, 0);
    assert.deepEqual(fx.fake.clipboardWrites, []);
    assert.deepEqual(await listCaptures(fx), []);
  } finally {
    await fx.close();
  }
});

test('drop a folder (zipFolders on, the default) → one temporary .zip of its files; the folder is untouched', async (t) => {
  const fx = await startFixture();
  try {
    const folder = await makeFolder(fx);
    const before = await snapshot(folder);
    const views = (await fx.invoke('shareFiles', [[folder]], { url: fx.pageUrl('drop') })) as JobView[];
    assert.equal(views.length, 1);
    assert.equal(jobs(fx).length, 1);
    const job = jobs(fx)[0]!;
    assert.equal(views[0]!.name, 'Fotos-2026.zip');
    assert.equal(path.basename(job.source), 'Fotos-2026.zip');
    assert.equal(job.kind, 'file');
    assert.ok(job.source.startsWith(path.join(fx.dir, 'outgoing') + path.sep), 'waits in the config folder');
    assert.equal(job.removeSourceAfterUpload, true, 'the zip is temporary: deleted after upload');
    assert.deepEqual(fx.fake.clipboardWrites, [job.url]);
    assert.deepEqual(errors(fx), []);
    assert.deepEqual(await snapshot(folder), before, 'the folder is left as it was');
    assert.deepEqual(await listCaptures(fx), []);

    const noUnzip = skipUnless(command('unzip'));
    if (noUnzip) return t.skip(noUnzip);
    const test = unzip(['-t', job.source]);
    assert.equal(test.status, 0, test.stdout + test.stderr);
    const names = unzip(['-Z1', job.source]).stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(names, [
      'Fotos 2026/',
      'Fotos 2026/.hidden',
      'Fotos 2026/a.txt',
      'Fotos 2026/sub/',
      'Fotos 2026/sub/ü.bin',
    ]);
    assert.equal(unzip(['-p', job.source, 'Fotos 2026/a.txt']).stdout, 'alpha\n');
  } finally {
    await fx.close();
  }
});

test('drop a folder with zipFolders off → each file inside queued as it is (hidden ones left out); none deleted', async () => {
  const fx = await startFixture();
  try {
    await fx.invoke('saveSettings', [{ zipFolders: false }]);
    const folder = await makeFolder(fx);
    const before = await snapshot(folder);
    const views = (await fx.invoke('shareFiles', [[folder]], { url: fx.pageUrl('drop') })) as JobView[];
    const expected = [path.join(folder, 'a.txt'), path.join(folder, 'sub', 'ü.bin')];
    assert.deepEqual(
      jobs(fx)
        .map((j) => j.source)
        .sort(),
      expected.sort(),
    );
    assert.deepEqual(views.map((v) => v.name).sort(), ['a.txt', 'ü.bin']);
    for (const file of expected) {
      assert.equal(jobFor(fx, file).kind, 'file');
      assert.equal(jobFor(fx, file).removeSourceAfterUpload, false, "a user's file is never deleted");
    }
    assert.deepEqual(await readdir(path.join(fx.dir, 'outgoing')).catch(() => []), [], 'no zip made');
    assert.deepEqual(await snapshot(folder), before);
    assert.deepEqual(errors(fx), []);
  } finally {
    await fx.close();
  }
});

test('drop an empty folder with zipFolders off: not silently ignored', async () => {
  const fx = await startFixture();
  try {
    await fx.invoke('saveSettings', [{ zipFolders: false }]);
    const folder = path.join(home(fx), 'Leer');
    await mkdir(folder);
    await writeFile(path.join(folder, '.DS_Store'), 'x');
    await assert.rejects(
      fx.invoke('shareFiles', [[folder]], { url: fx.pageUrl('drop') }),
      /^Error: Leer: the folder has no files to share \(hidden files are left out\)$/,
    );
    assert.equal(jobs(fx).length, 0);
    assert.deepEqual(errors(fx), [], 'said in the drop window, not in a notification too');
  } finally {
    await fx.close();
  }
});

test('drop several files and a folder at once, one path gone: the others are all queued, one clear error', async () => {
  const fx = await startFixture();
  try {
    const first = path.join(home(fx), 'first.txt');
    const last = path.join(home(fx), 'last.png');
    await writeFile(first, '1');
    await writeFile(last, '2');
    const folder = await makeFolder(fx);
    const missing = path.join(home(fx), 'moved-away.txt');
    const views = (await fx.invoke('shareFiles', [[first, folder, missing, last]], {
      url: fx.pageUrl('drop'),
    })) as JobView[];
    assert.deepEqual(
      views.map((v) => v.name),
      ['first.txt', 'Fotos-2026.zip', 'last.png'],
      'in the order dropped',
    );
    assert.equal(jobs(fx).length, 3);
    assert.equal(jobFor(fx, first).removeSourceAfterUpload, false);
    assert.equal(jobFor(fx, last).removeSourceAfterUpload, false);
    assert.deepEqual(
      fx.fake.clipboardWrites,
      [views.map((v) => v.url).join('\n')],
      'every link on the clipboard, one a line, in the order dropped, in one write',
    );
    assert.equal(errors(fx).length, 1, JSON.stringify(fx.fake.notifications));
    assert.equal(errors(fx)[0]!.title, 'Traydrop: a file was not shared');
    assert.equal(errors(fx)[0]!.body, 'moved-away.txt: no such file (moved or deleted?)');
  } finally {
    await fx.close();
  }
});

test('drop only paths that are gone: nothing queued, the drop window is told why (no notification on top)', async () => {
  const fx = await startFixture();
  try {
    const gone = [path.join(home(fx), 'a.txt'), path.join(home(fx), 'b.txt')];
    await assert.rejects(
      fx.invoke('shareFiles', [gone], { url: fx.pageUrl('drop') }),
      (error: Error) =>
        error.message === 'a.txt: no such file (moved or deleted?)\nb.txt: no such file (moved or deleted?)',
    );
    assert.equal(jobs(fx).length, 0);
    assert.deepEqual(fx.fake.clipboardWrites, []);
    assert.deepEqual(fx.fake.notifications, []);
    // the macOS tray icon has no window to answer in: a notification there
    await fx.app.actions.share(gone);
    assert.deepEqual(fx.fake.notifications, [
      {
        title: 'Traydrop: sharing failed',
        body: 'a.txt: no such file (moved or deleted?)\nb.txt: no such file (moved or deleted?)',
      },
    ]);

    // the same from the clipboard: a copied file that was deleted since
    fx.fake.notifications.length = 0;
    fx.fake.clipboardItems.value = [clipboardItem({ 'text/uri-list': pathToFileURL(gone[0]!).href })];
    assert.equal(await fx.app.actions.uploadClipboard(), undefined);
    assert.deepEqual(fx.fake.notifications, [
      { title: 'Traydrop: upload from clipboard failed', body: 'a.txt: no such file (moved or deleted?)' },
    ]);
    assert.equal(jobs(fx).length, 0);
  } finally {
    await fx.close();
  }
});

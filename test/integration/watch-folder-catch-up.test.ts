/**
 * The watched folder's catch-up, on a real file system: files that arrived while nothing watched (closed, or
 * killed) are reported at the next start, once, oldest first; files there before the folder was first watched are
 * not; a kill never loses a file that was on its way; more than the limit and none is reported; a folder the user
 * stopped watching starts afresh; a file still being written at the start is reported once, when it is done.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { watchFolder, type CatchUpOptions, type WatchOptions } from '../../main/watch/watch-folder.ts';
import { MARK_FILE } from '../../main/watch/watch-mark.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-catch-up-'));
after(() => rm(root, { recursive: true, force: true }));
let cases = 0;

/** A folder and a state folder of its own for each test. */
async function place(): Promise<{ folder: string; stateDir: string }> {
  const dir = path.join(root, String(++cases));
  const folder = path.join(dir, 'Screenshots');
  await mkdir(folder, { recursive: true });
  return { folder, stateDir: path.join(dir, 'state') };
}

interface Watching {
  reports: string[];
  caughtUp: string[][];
  tooMany: number[];
  errors: Error[];
  close(options?: { forget?: boolean }): Promise<void>;
  done: Promise<void>;
}

async function start(
  where: { folder: string; stateDir: string },
  catchUp: Partial<CatchUpOptions> = {},
  options: Partial<WatchOptions> = {},
): Promise<Watching> {
  const seen: Omit<Watching, 'close' | 'done'> = { reports: [], caughtUp: [], tooMany: [], errors: [] };
  const watcher = await watchFolder({
    ...where,
    stabilityMs: 300,
    onFile: (file) => void seen.reports.push(path.basename(file)),
    onError: (error) => seen.errors.push(error),
    catchUp: {
      onCatchUp: (files) => seen.caughtUp.push(files.map((f) => path.basename(f))),
      onTooMany: (count) => seen.tooMany.push(count),
      ...catchUp,
    },
    ...options,
  });
  return { ...seen, close: (o) => watcher.close(o), done: watcher.caughtUp };
}

/** One run of a watcher: it starts, catches up, watches `lingerMs` more, and stops (`forget`: for good). */
async function runOnce(
  where: { folder: string; stateDir: string },
  catchUp: Partial<CatchUpOptions> = {},
  { lingerMs = 0, forget = false } = {},
): Promise<Watching> {
  const watching = await start(where, catchUp);
  await watching.done;
  if (lingerMs > 0) await sleep(lingerMs);
  await watching.close({ forget });
  return watching;
}

const markOf = async (stateDir: string) =>
  JSON.parse(await readFile(path.join(stateDir, MARK_FILE), 'utf8')) as { folder: string; seenUntil: number };

test('files that arrived while closed are reported at the next start, oldest first, once; older ones never', async () => {
  const where = await place();
  await writeFile(path.join(where.folder, 'before.png'), 'there before watching began');
  const first = await start(where);
  await first.done;
  const mark = await markOf(where.stateDir);
  assert.equal(mark.folder, where.folder);
  assert.ok(Math.abs(mark.seenUntil - Date.now()) < 5000, 'the first mark is when watching began');
  await writeFile(path.join(where.folder, 'live.png'), 'while watching');
  await waitFor('the live report', () => (first.reports.length > 0 ? true : undefined), 8000, 50);
  await first.close();
  assert.deepEqual(first.reports, ['live.png']);
  assert.deepEqual(first.caughtUp, [], 'nothing to catch up on the first watch');

  // while closed: a new screenshot, then an old file moved in (its mtime from last year, its ctime now)
  await sleep(20);
  await writeFile(path.join(where.folder, 'away-1.png'), 'taken while closed');
  await sleep(20);
  const outside = path.join(where.folder, '..', 'old.pdf');
  await writeFile(outside, 'an old document');
  const lastYear = new Date(Date.now() - 365 * 86_400_000);
  await utimes(outside, lastYear, lastYear);
  await rename(outside, path.join(where.folder, 'old.pdf'));
  await writeFile(path.join(where.folder, '.hidden.png'), 'ignored');
  await writeFile(path.join(where.folder, 'half.png.part'), 'ignored');
  await writeFile(path.join(where.folder, 'empty.png'), '');

  const second = await runOnce(where);
  assert.deepEqual(second.caughtUp, [['away-1.png', 'old.pdf']]);
  assert.deepEqual(second.reports, ['away-1.png', 'old.pdf'], 'not before.png, not live.png, not the ignored ones');

  const third = await runOnce(where, {}, { lingerMs: 500 });
  assert.deepEqual(third.reports, [], 'caught-up files are not reported again');
});

test('a killed watcher loses nothing: a file on its way when it died, and files after, come at the next start', async () => {
  const where = await place();
  const module = pathToFileURL(path.resolve('main/watch/watch-folder.ts')).href;
  const script = `
    const { watchFolder } = await import(${JSON.stringify(module)});
    await watchFolder({
      folder: ${JSON.stringify(where.folder)}, stateDir: ${JSON.stringify(where.stateDir)}, stabilityMs: 1500,
      catchUp: { markEveryMs: 50 },
      onFile: (file) => console.log('reported ' + file.split('/').pop()),
    });
    console.log('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await waitFor('the child watching', () => (out.includes('ready') ? true : undefined), 15_000, 50);
    await writeFile(path.join(where.folder, 'reported.png'), 'seen and reported');
    await waitFor('its report', () => (out.includes('reported reported.png') ? true : undefined), 10_000, 50);
    await writeFile(path.join(where.folder, 'on-its-way.png'), 'written, not yet stable');
    await sleep(400); // several marks are written meanwhile; the file is not reported yet (1.5 s stability)
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  assert.doesNotMatch(out, /on-its-way/, 'killed before it was reported');
  const mark = await markOf(where.stateDir);
  const onItsWay = await stat(path.join(where.folder, 'on-its-way.png'));
  assert.ok(mark.seenUntil <= onItsWay.mtimeMs, 'the mark never passed the file on its way');
  await writeFile(path.join(where.folder, 'after-the-kill.png'), 'while nothing ran');

  const next = await runOnce(where);
  assert.deepEqual(next.reports, ['on-its-way.png', 'after-the-kill.png'], 'reported.png is in the ledger');
});

test('more files than the limit: none is reported, the count is, and the next start does not try again', async () => {
  const where = await place();
  await runOnce(where, { limit: 2 });
  for (const name of ['a.png', 'b.png', 'c.png']) await writeFile(path.join(where.folder, name), name);
  const second = await runOnce(where, { limit: 2 });
  assert.deepEqual(second.tooMany, [3]);
  assert.deepEqual(second.reports, []);
  const third = await runOnce(where, { limit: 2 });
  assert.deepEqual([third.tooMany, third.reports], [[], []]);
});

test('a folder the user stopped watching (forget) starts afresh when watched again', async () => {
  const where = await place();
  await runOnce(where, {}, { forget: true });
  await assert.rejects(readFile(path.join(where.stateDir, MARK_FILE)), { code: 'ENOENT' });
  await writeFile(path.join(where.folder, 'meanwhile.png'), 'while not watched');
  const again = await runOnce(where, {}, { lingerMs: 500 });
  assert.deepEqual(again.reports, [], 'files from while it was not watched are not uploaded');
});

test('a file still being written at the start is reported once, when the write is done, at its final size', async () => {
  const where = await place();
  await runOnce(where);
  const file = path.join(where.folder, 'recording.mp4');
  const handle = await open(file, 'w');
  const sizes: number[] = [];
  try {
    await handle.write(Buffer.alloc(1000, 1));
    const second = await watchFolder({
      ...where,
      stabilityMs: 1000,
      onFile: async (f) => void sizes.push((await stat(f)).size),
      catchUp: {},
    });
    for (let i = 0; i < 6; i++) {
      await sleep(100); // a tenth of the stability time: never settled while writing, even on a loaded machine
      await handle.write(Buffer.alloc(1000, 2));
    }
    await handle.close();
    await second.caughtUp;
    await waitFor('the report', () => (sizes.length > 0 ? true : undefined), 8000, 50);
    await sleep(1500); // longer than the stability time: a second report would have come
    await second.close();
  } finally {
    await handle.close().catch(() => undefined);
  }
  assert.deepEqual(sizes, [7000]);
  const third = await runOnce(where);
  assert.deepEqual(third.reports, []);
});

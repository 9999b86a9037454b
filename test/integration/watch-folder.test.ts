/**
 * The watched folder on a real file system: a slowly written file is reported once, after the write, with its
 * final size; partial names wait for their rename; a restart (new watcher, same state dir) reports nothing
 * again; `touch` does not re-report, new content does.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, open, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchFolder, type FolderWatcher, type WatchOptions } from '../../main/watch/watch-folder.ts';
import { LEDGER_FILE } from '../../main/watch/ledger.ts';
import { isIgnoredName } from '../../main/watch/ignore-rules.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-watch-'));
const folder = path.join(root, 'Screenshots');
const stateDir = path.join(root, 'state');
await mkdir(folder);
after(() => rm(root, { recursive: true, force: true }));

interface Report {
  file: string;
  at: number;
  size: number;
  sizeOnDisk: number;
}

async function start(
  options: Partial<WatchOptions> = {},
): Promise<{ watcher: FolderWatcher; reports: Report[]; errors: Error[] }> {
  const reports: Report[] = [];
  const errors: Error[] = [];
  const watcher = await watchFolder({
    folder,
    stateDir,
    stabilityMs: 500,
    onFile: async (file, facts) => {
      reports.push({
        file: path.basename(file),
        at: Date.now(),
        size: facts.size,
        sizeOnDisk: (await stat(file)).size,
      });
    },
    onError: (error) => errors.push(error),
    ...options,
  });
  return { watcher, reports, errors };
}

test('a file written slowly (chunks over ~2 s) is reported once, after the write, at its final size', async () => {
  const { watcher, reports, errors } = await start({ stabilityMs: 1000 });
  try {
    const file = path.join(folder, 'slow.png');
    const handle = await open(file, 'w');
    const chunk = Buffer.alloc(64 * 1024, 7);
    let lastWrite = 0;
    for (let i = 0; i < 9; i++) {
      if (i > 0) await sleep(250);
      await handle.write(chunk);
      lastWrite = Date.now();
    }
    await handle.close();
    await waitFor('a report', () => reports.length > 0 || undefined, 8000, 50);
    await sleep(1500); // time for a second (wrong) report to show up
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.file, 'slow.png');
    assert.equal(reports[0]!.size, 9 * chunk.length);
    assert.equal(reports[0]!.sizeOnDisk, 9 * chunk.length);
    const delay = reports[0]!.at - lastWrite;
    assert.ok(delay >= 900, `reported ${delay} ms after the last write, before the 1 s of stability`);
    assert.deepEqual(errors, []);
  } finally {
    await watcher.close();
  }
});

test('a .part file is ignored until it is renamed; dotfiles, partial names, folders and subfolders are not reported', async () => {
  const { watcher, reports, errors } = await start();
  try {
    await writeFile(path.join(folder, 'movie.mp4.part'), Buffer.alloc(200_000, 1));
    await writeFile(path.join(folder, '.hidden.png'), 'x');
    await writeFile(path.join(folder, 'download.crdownload'), 'x');
    await writeFile(path.join(folder, 'scratch.tmp'), 'x');
    await mkdir(path.join(folder, 'sub'));
    await writeFile(path.join(folder, 'sub', 'inner.png'), 'x');
    await sleep(1500);
    assert.equal(reports.length, 0, JSON.stringify(reports));

    await rename(path.join(folder, 'movie.mp4.part'), path.join(folder, 'movie.mp4'));
    await waitFor('a report', () => reports.length > 0 || undefined, 8000, 50);
    await sleep(1000);
    assert.deepEqual(
      reports.map((r) => [r.file, r.size]),
      [['movie.mp4', 200_000]],
    );
    assert.deepEqual(errors, []);
  } finally {
    await watcher.close();
  }
});

test('after a restart nothing is reported again; touch does not re-report; new content does', async () => {
  // uploadExisting: every file present is looked at, and the ledger knows slow.png and movie.mp4
  const second = await start({ uploadExisting: true });
  try {
    await sleep(1500);
    assert.equal(second.reports.length, 0, 'the ledger remembers what the first watcher reported');

    const now = new Date();
    await utimes(path.join(folder, 'slow.png'), now, now);
    await sleep(1500);
    assert.equal(second.reports.length, 0, 'a touch is not new content');

    await appendFile(path.join(folder, 'slow.png'), 'more');
    await waitFor('a report (second watcher)', () => second.reports.length > 0 || undefined, 8000, 50);
    assert.deepEqual(
      second.reports.map((r) => r.file),
      ['slow.png'],
      'new content at the same path is a new file',
    );
  } finally {
    await second.watcher.close();
  }

  // a file that arrived while nothing watched: not reported by default, reported with uploadExisting
  await writeFile(path.join(folder, 'while-away.png'), 'away');
  const third = await start();
  await sleep(1200);
  await third.watcher.close();
  assert.deepEqual(third.reports, [], 'files already there are not uploaded by default');
  const fourth = await start({ uploadExisting: true });
  try {
    await waitFor('a report (fourth watcher)', () => fourth.reports.length > 0 || undefined, 8000, 50);
    await sleep(1000);
    assert.deepEqual(
      fourth.reports.map((r) => r.file),
      ['while-away.png'],
    );
  } finally {
    await fourth.watcher.close();
  }

  const lines = (await readFile(path.join(stateDir, LEDGER_FILE), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 4, 'slow.png, movie.mp4, slow.png (new content), while-away.png');
  const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(entry).sort(), ['digest', 'mtimeMs', 'path', 'reportedAt', 'size']);
});

test('when onFile fails the file is not recorded, and its next change reports it', async () => {
  let fail = true;
  const reports: string[] = [];
  const errors: Error[] = [];
  const watcher = await watchFolder({
    folder,
    stateDir,
    stabilityMs: 300,
    onFile: (file) => {
      if (fail) throw new Error('queue unavailable');
      reports.push(path.basename(file));
    },
    onError: (error) => errors.push(error),
  });
  try {
    await writeFile(path.join(folder, 'flaky.png'), 'v1');
    await waitFor('an error', () => errors.length > 0 || undefined, 8000, 50);
    assert.match(errors[0]!.message, /queue unavailable/);
    fail = false;
    await appendFile(path.join(folder, 'flaky.png'), ' v2');
    await waitFor('a report', () => reports.length > 0 || undefined, 8000, 50);
    assert.deepEqual(reports, ['flaky.png']);
  } finally {
    await watcher.close();
  }
});

test('a torn last ledger line (crash mid-append) is skipped, and the ledger keeps working', async () => {
  await appendFile(path.join(stateDir, LEDGER_FILE), '{"path":"/x","si');
  const { watcher, reports } = await start({ uploadExisting: true });
  try {
    await sleep(1200);
    assert.deepEqual(reports, []);
    await writeFile(path.join(folder, 'after-crash.png'), 'new');
    await waitFor('a report', () => reports.length > 0 || undefined, 8000, 50);
  } finally {
    await watcher.close();
  }
  const lines = (await readFile(path.join(stateDir, LEDGER_FILE), 'utf8')).trim().split('\n');
  assert.match(lines.at(-1)!, /after-crash\.png/);
  assert.doesNotThrow(() => JSON.parse(lines.at(-1)!));
});

test('ignore rules', () => {
  for (const name of [
    'a.part',
    'A.PART',
    'b.crdownload',
    'c.tmp',
    '.DS_Store',
    '.traydrop-abc.png.part',
    'x.png~',
    'Thumbs.db',
  ]) {
    assert.equal(isIgnoredName(`/d/${name}`), true, name);
  }
  for (const name of ['Screenshot 2026.png', 'movie.mp4', 'part.png', 'tmp.txt'])
    assert.equal(isIgnoredName(`/d/${name}`), false, name);
});

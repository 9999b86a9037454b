/** Retention `{days}` deletes old uploaded files Traydrop wrote, never the user's own files, never fresh ones. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import type { Settings } from '../../common/ipc-contract.ts';
import { pruneCaptures } from '../../main/app/flows/retention.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import { Journal } from '../../main/queue/journal.ts';

test('pruneCaptures removes only old, uploaded files Traydrop wrote (captures, clipboard text) from the captures folder', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-retention-'));
  const captures = path.join(dir, 'captures');
  await mkdir(captures);
  const journal = Journal.open(path.join(dir, 'state'));
  const context = {
    journal,
    pairing: { userId: 'alice', shareBaseUrl: 'https://s.example' },
    rules: DEFAULT_EXPIRY_RULES,
  };
  const old = Date.now() / 1000 - 10 * 24 * 3600;
  const file = async (
    name: string,
    kind: 'screenshot' | 'recording' | 'file',
    age: 'old' | 'new',
    { state = 'done', appWritten = true } = {},
  ) => {
    const p = path.join(captures, name);
    await writeFile(p, name);
    if (age === 'old') await utimes(p, old, old);
    const job = await enqueue(context, { path: p, kind, appWritten });
    journal.update(job.id, { state: state as 'done' });
    return p;
  };
  const oldShot = await file('old-shot.png', 'screenshot', 'old');
  const oldRecording = await file('old-rec.mp4', 'recording', 'old');
  const oldClipboardText = await file('Clipboard 2026-11-01 at 10.00.00.txt', 'file', 'old');
  const newShot = await file('new-shot.png', 'screenshot', 'new');
  const usersOwn = await file('my-own-report.pdf', 'file', 'old', { appWritten: false });
  const usersOwnShot = await file('my-own-shot.png', 'screenshot', 'old', { appWritten: false });
  const failedShot = await file('failed-shot.png', 'screenshot', 'old', { state: 'failed' });

  const settings = { capturesFolder: captures, retention: { days: 7 } } as Settings;
  const removed = await pruneCaptures(settings, journal);
  assert.deepEqual(removed.sort(), [oldClipboardText, oldRecording, oldShot].sort());
  for (const kept of [newShot, usersOwn, usersOwnShot, failedShot]) {
    assert.ok(existsSync(kept), `${path.basename(kept)} is kept`);
  }
  assert.deepEqual(await pruneCaptures({ ...settings, retention: 'keep' }, journal), []);
  journal.close();
});

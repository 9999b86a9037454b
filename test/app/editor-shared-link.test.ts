/**
 * Which link the editor updates (main/app/flows/shared-link.ts) read from a real journal, how "opened" is counted,
 * and the editor's IPC arguments for it (share-new, getSharedLink).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sharedLinkOf, timesOpened } from '../../main/app/flows/shared-link.ts';
import { VALIDATE } from '../../main/app/ipc/validate-args.ts';
import { Journal } from '../../main/queue/journal.ts';
import { sampleJob } from '../unit/queue-fixtures.ts';

const record = (url: string, expiresAt: string | null) => ({
  key: 'k',
  shareId: 's',
  name: 'n',
  bytes: 1,
  contentType: 'image/png',
  expire: '7d' as const,
  url,
  uploadedAt: '2026-01-01T00:00:00.000Z',
  expiresAt,
});

test('the newest finished job of the file gives the link; unfinished, expired and other files do not', () => {
  let clock = 1000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-shared-link-'));
  const journal = Journal.open(path.join(dir, 'queue.db'), { now: () => clock });
  const add = (id: string, source: string, url: string, state: 'done' | 'uploading', expiresAt: string | null) => {
    clock += 1000; // one second apart: the newest is the last added
    const job = journal.insert(sampleJob(id, { source, url, shareId: id.padEnd(12, 'x'), key: `users/u/${id}/a.png` }));
    journal.update(job.id, { state, record: state === 'done' ? record(url, expiresAt) : null });
    return job;
  };
  try {
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    const later = '2027-01-01T00:00:00.000Z';
    add('old00001', '/c/Shot.png', 'https://s/old', 'done', later);
    add('new00001', '/c/Shot.png', 'https://s/new', 'done', later);
    add('run00001', '/c/Shot.png', 'https://s/running', 'uploading', null);
    add('exp00001', '/c/Gone.png', 'https://s/expired', 'done', '2026-05-01T00:00:00.000Z');
    add('edi00001', '/c/Shot-edited.png', 'https://s/new', 'done', later);
    const jobs = journal.list(['done']);
    assert.equal(sharedLinkOf(jobs, '/c/Shot.png', now)?.url, 'https://s/new');
    assert.equal(sharedLinkOf(jobs, '/c/./Shot.png', now)?.url, 'https://s/new', 'the path as resolved');
    assert.equal(
      sharedLinkOf(jobs, '/c/Shot-edited.png', now)?.url,
      'https://s/new',
      'an edited file that replaced it',
    );
    assert.equal(sharedLinkOf(jobs, '/c/Gone.png', now), null, 'expired');
    assert.equal(sharedLinkOf(jobs, '/c/Other.png', now), null, 'never shared');
    assert.equal(sharedLinkOf(journal.list(), '/c/Nothing.png', now), null);
    // made in the same millisecond as new00001 (3000): the later one in the journal's order wins
    clock = 2000;
    add('tie00001', '/c/Shot.png', 'https://s/tie', 'done', later);
    assert.equal(sharedLinkOf(journal.list(['done']), '/c/Shot.png', now)?.url, 'https://s/tie');
  } finally {
    journal.close();
  }
});

test('opened: the larger of page views and downloads by people', () => {
  const totals = { downloads: 0, bytes: 0, views: 0, botHits: 9, botBytes: 9 };
  assert.equal(timesOpened(totals), 0, 'bots do not count');
  assert.equal(timesOpened({ ...totals, views: 1, downloads: 1 }), 1, 'a visit: the page and its image');
  assert.equal(timesOpened({ ...totals, views: 1, downloads: 3 }), 3);
});

test('the editor IPC: share-new is an action with the edited pixels, getSharedLink takes nothing', () => {
  const image = { width: 1, height: 1, pixels: new Uint8Array(4).fill(255) };
  assert.deepEqual(VALIDATE.finishEdit(['share-new', image]), ['share-new', image]);
  assert.throws(() => VALIDATE.finishEdit(['share-new', null]), /expected \{ width, height, pixels \}/);
  assert.throws(() => VALIDATE.finishEdit(['replace', image]), /share, share-new, copy, save or discard/);
  assert.deepEqual(VALIDATE.getSharedLink([]), []);
  assert.throws(() => VALIDATE.getSharedLink(['https://s/x']), /expected 0 arguments/);
});

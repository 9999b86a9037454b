/**
 * A small file is read once: `enqueue` keeps the bytes it fingerprinted (QueuedBytes) and this process's
 * runner sends those, after a stat, instead of reading and hashing the file again. Against the real
 * server and RGW: the kept bytes are what S3 gets; a file whose size or mtime moved since is still refused
 * and nothing is published; without kept bytes (another process, a crash) the check is by content.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openQueueContext, type QueueContext } from '../../main/cli/queue-context.ts';
import { clientConfigStore } from '../../main/config/client-config.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import type { Job } from '../../main/queue/job.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { leftovers, loggedIn, objectSha, sha256, tempDir } from './queue-fixtures.ts';

let dir: string;
let server: TestServer;
before(async () => {
  dir = tempDir();
  server = await startTestServer();
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function queueOf(name: string): Promise<{ queue: QueueContext; userId: string }> {
  const { configDir, userId } = await loggedIn(server, dir, name);
  return { queue: await openQueueContext(clientConfigStore(configDir), {}), userId };
}

async function queueFile(queue: QueueContext, file: string, useKept: boolean): Promise<Job> {
  const context = {
    journal: queue.journal,
    queuedBytes: useKept ? queue.queuedBytes : undefined,
    pairing: await queue.pairing(),
    rules: queue.session.config.expiryRules,
  };
  return enqueue(context, { path: file, kind: 'screenshot' });
}

async function run(queue: QueueContext, job: Job): Promise<Job> {
  await queue.runner({ only: [job.id], once: true }).run();
  return queue.journal.get(job.id)!;
}

const MTIME = 1_700_000_000; // whole seconds, so it can be put back exactly

/** A file of `size` random bytes with mtime MTIME. */
async function writeSmall(file: string, size: number): Promise<Buffer> {
  const bytes = randomBytes(size);
  await writeFile(file, bytes);
  await utimes(file, MTIME, MTIME);
  return bytes;
}

/** Other bytes of the same length, with the mtime put back: only a read of the content can tell. */
async function rewriteKeepingStat(file: string): Promise<void> {
  await writeSmall(file, (await stat(file)).size);
  assert.equal((await stat(file)).mtimeMs, MTIME * 1000);
}

test('the bytes kept when queued are what S3 gets; the file is not read again', async () => {
  const { queue } = await queueOf('kept');
  try {
    const file = path.join(dir, 'kept.png');
    const queued = await writeSmall(file, 300 * 1024);
    const job = await queueFile(queue, file, true);
    assert.equal(queue.queuedBytes.size, 1);
    // had the runner read the file, it would have found other content and refused the job
    await rewriteKeepingStat(file);
    const done = await run(queue, job);
    assert.equal(done.state, 'done', done.error ?? '');
    assert.equal(await objectSha(server, job.key), sha256(queued));
    assert.equal(queue.queuedBytes.size, 0, 'taken once');
  } finally {
    queue.close();
  }
});

test('kept bytes are not used once the file has moved on (size or mtime): refused, nothing published', async () => {
  const { queue, userId } = await queueOf('moved');
  try {
    const file = path.join(dir, 'moved.png');
    await writeSmall(file, 64 * 1024);
    const job = await queueFile(queue, file, true);
    await utimes(file, MTIME + 5, MTIME + 5);
    const failed = await run(queue, job);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /changed since it was queued \(modified\)/);
    assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 0 });
    // the link, reserved while the file was looked at, was released with the job
    const link = (await fetch(job.url.replace(server.config.shareBaseUrl, server.url))).status;
    assert.equal(link, 404);
  } finally {
    queue.close();
  }
});

test('without kept bytes (another process queued it) the file is checked by content', async () => {
  const { queue, userId } = await queueOf('unkept');
  try {
    const file = path.join(dir, 'unkept.png');
    await writeSmall(file, 64 * 1024);
    const job = await queueFile(queue, file, false);
    assert.equal(queue.queuedBytes.size, 0);
    await rewriteKeepingStat(file);
    const failed = await run(queue, job);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /content differs/);
    assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 0 });
  } finally {
    queue.close();
  }
});

import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { uploadFile } from '../../main/upload/upload-file.ts';
import { MiB, cleanUp, engineSetup, incompleteUploads, randomFile, tempDir } from './engine-fixtures.ts';

const { broker, credentials, plan } = engineSetup();
const temp = tempDir();
after(async () => {
  await cleanUp(broker);
  temp.remove();
});

test('cancel mid-upload stops in-flight parts, aborts the multipart upload and rejects with AbortError', async () => {
  const path = join(temp.dir, 'cancel.bin');
  await randomFile(path, 40 * MiB);
  const share = plan(path);
  const controller = new AbortController();
  let uploadId: string | undefined;
  let sentAtAbort = 0;
  let sentAfterAbort = 0;
  const started = performance.now();
  const upload = uploadFile({
    path,
    key: share.key,
    contentType: share.contentType,
    expire: share.expire,
    credentials,
    broker,
    partSize: 5 * MiB,
    concurrency: 2,
    maxBytesPerSecond: 8 * MiB, // long enough to cancel in the middle
    signal: controller.signal,
    onUploadId: (id) => (uploadId = id),
    onProgress: ({ sentBytes }) => {
      if (controller.signal.aborted) sentAfterAbort = sentBytes;
      else if (sentBytes >= 7 * MiB) {
        sentAtAbort = sentBytes;
        controller.abort();
      }
    },
  });
  await assert.rejects(upload, { name: 'AbortError' });
  const seconds = (performance.now() - started) / 1000;
  assert.ok(uploadId, 'a multipart upload was started');
  assert.ok(seconds < 3, `cancel was prompt (${seconds.toFixed(2)} s; 40 MiB at 8 MiB/s would take 5 s)`);
  assert.ok(sentAfterAbort <= sentAtAbort + 2 * MiB, 'reading stopped soon after the cancel');
  assert.equal(broker.aborts, 1);
  assert.deepEqual(await incompleteUploads(broker, share.key), []);
});

test('an already-aborted signal sends nothing', async () => {
  const path = join(temp.dir, 'never.bin');
  await randomFile(path, 1000);
  await assert.rejects(
    uploadFile({
      path,
      key: plan(path).key,
      contentType: 'application/octet-stream',
      expire: '7d',
      credentials,
      broker,
      signal: AbortSignal.abort(),
    }),
    { name: 'AbortError' },
  );
});

test('a file that grows while uploading fails clearly and leaves no incomplete upload', async () => {
  const path = join(temp.dir, 'growing.bin');
  await randomFile(path, 12 * MiB);
  const share = plan(path);
  let appended = false;
  const upload = uploadFile({
    path,
    key: share.key,
    contentType: share.contentType,
    expire: share.expire,
    credentials,
    broker,
    partSize: 5 * MiB,
    concurrency: 1,
    maxBytesPerSecond: 16 * MiB,
    onProgress: ({ sentBytes }) => {
      if (!appended && sentBytes > 2 * MiB) {
        appended = true;
        void appendFile(path, 'more bytes');
      }
    },
  });
  await assert.rejects(upload, /changed while uploading/);
  assert.deepEqual(await incompleteUploads(broker, share.key), []);
});

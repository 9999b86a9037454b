import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { MultipartCompleteRequest } from '../../common/broker-api.ts';
import { uploadFile } from '../../main/upload/upload-file.ts';
import { UploadError } from '../../main/upload/upload-error.ts';
import { BrokerError } from '../../main/credentials/broker-error.ts';
import {
  MiB,
  cleanUp,
  engineSetup,
  incompleteUploads,
  randomFile,
  sha256OfObject,
  tempDir,
} from './engine-fixtures.ts';

const { broker, credentials, plan } = engineSetup();
const temp = tempDir();
after(async () => {
  await cleanUp(broker);
  temp.remove();
});

test('a failed upload kept with keepUploadOnFailure resumes: parts S3 has (ListParts) are not sent again', async () => {
  const path = join(temp.dir, 'resume.bin');
  const sha = await randomFile(path, 12 * MiB + 7);
  const share = plan(path);
  const options = {
    path,
    key: share.key,
    contentType: share.contentType,
    expire: share.expire,
    credentials,
    partSize: 5 * MiB,
  };
  // First try: every part is sent, then the server refuses to complete (a permanent error).
  const failing = {
    createMultipart: broker.createMultipart.bind(broker),
    reportUpload: broker.reportUpload.bind(broker),
    completeMultipart: async (_request: MultipartCompleteRequest) => {
      throw new BrokerError(409, 'conflict', 'try later');
    },
  };
  const error = await uploadFile({ ...options, broker: failing, keepUploadOnFailure: true }).catch((e: unknown) => e);
  assert.ok(error instanceof UploadError, String(error));
  assert.match(error.message, /try later/);
  assert.ok(error.uploadId);
  assert.deepEqual(await incompleteUploads(broker, share.key), [error.uploadId]);

  // Second try: the same UploadId; progress jumps by whole parts (found by ListParts), nothing is read.
  const steps: number[] = [];
  let last = 0;
  const record = await uploadFile({
    ...options,
    broker,
    resume: { uploadId: error.uploadId },
    onProgress: ({ sentBytes }) => {
      steps.push(sentBytes - last);
      last = sentBytes;
    },
  });
  assert.deepEqual(steps, [5 * MiB, 5 * MiB, 2 * MiB + 7]);
  assert.equal(record.bytes, 12 * MiB + 7);
  assert.equal(await sha256OfObject(broker, share.key), sha);
  assert.deepEqual(await incompleteUploads(broker, share.key), []);
});

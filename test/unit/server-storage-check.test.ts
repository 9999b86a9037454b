import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { S3Client } from '@aws-sdk/client-s3';
import { STORAGE_CHECK_TTL_MS, storageCheck } from '../../server/health/storage-check.ts';

/** An S3 client whose HeadBucket answers from `answers` (true: 200, false: a connection error). */
function fakeS3(answers: boolean[]): { s3: S3Client; sent: () => number } {
  let sent = 0;
  const s3 = {
    send: async () => {
      const ok = answers[Math.min(sent++, answers.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (!ok) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return {};
    },
  } as unknown as S3Client;
  return { s3, sent: () => sent };
}

test('many polls at once make one HeadBucket; its answer is reused for a second, then asked again', async () => {
  let now = 1_000_000;
  const { s3, sent } = fakeS3([true, false]);
  const check = storageCheck(s3, 'bucket', () => now);
  assert.deepEqual(await Promise.all(Array.from({ length: 20 }, () => check())), Array(20).fill(true));
  assert.equal(sent(), 1, 'concurrent polls share one request');
  now += STORAGE_CHECK_TTL_MS - 1;
  assert.equal(await check(), true);
  assert.equal(sent(), 1, 'cached within the second');
  now += 1;
  assert.equal(await check(), false, 'the storage went away');
  assert.equal(sent(), 2);
});

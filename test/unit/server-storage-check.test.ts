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

test('a HeadBucket slower than the check keeps the last answer; a failing one says no at once', async () => {
  let now = 1_000_000;
  let answer: 'slow' | 'ok' | 'fail' = 'ok';
  const s3 = {
    send: async () => {
      if (answer === 'slow') await new Promise((resolve) => setTimeout(resolve, 200));
      if (answer === 'fail') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return {};
    },
  } as unknown as S3Client;
  const check = storageCheck(s3, 'bucket', () => now, 50);
  assert.equal(await check(), true);
  answer = 'slow';
  now += STORAGE_CHECK_TTL_MS;
  assert.equal(await check(), true, 'a busy storage is not a missing one');
  answer = 'fail';
  now += STORAGE_CHECK_TTL_MS;
  assert.equal(await check(), false, 'the storage refused');
  answer = 'slow';
  now += STORAGE_CHECK_TTL_MS;
  assert.equal(await check(), false, 'slow after a refusal: still no');
});

test('the first check of a slow storage counts it as there (nothing known against it yet)', async () => {
  const s3 = { send: () => new Promise((resolve) => setTimeout(resolve, 200)) } as unknown as S3Client;
  assert.equal(await storageCheck(s3, 'bucket', Date.now, 50)(), true);
});

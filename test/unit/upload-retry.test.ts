import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, classifyError, withRetry } from '../../main/upload/retry.ts';
import { UploadError } from '../../main/upload/upload-error.ts';
import { BrokerError } from '../../main/credentials/broker-error.ts';

const s3Error = (status: number, name: string) =>
  Object.assign(new Error(''), { name, $metadata: { httpStatusCode: status } });
const netError = (code: string, message = code) => Object.assign(new Error(message), { code });
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

test('classifies errors', () => {
  assert.equal(classifyError(s3Error(500, 'InternalError')), 'transient');
  assert.equal(classifyError(s3Error(503, 'SlowDown')), 'transient');
  assert.equal(classifyError(s3Error(408, 'RequestTimeout')), 'transient');
  assert.equal(classifyError(s3Error(400, 'RequestTimeout')), 'transient');
  assert.equal(classifyError(s3Error(429, 'TooManyRequests')), 'transient');
  for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED'])
    assert.equal(classifyError(netError(code)), 'transient');
  assert.equal(classifyError(new Error('socket hang up')), 'transient');
  assert.equal(classifyError(new BrokerError(0, 'network', 'cannot reach')), 'transient');
  assert.equal(classifyError(new BrokerError(502, 'http_502', 'bad gateway')), 'transient');
  assert.equal(classifyError(s3Error(403, 'AccessDenied')), 'access-denied');
  assert.equal(classifyError(s3Error(404, 'NoSuchUpload')), 'permanent');
  assert.equal(classifyError(s3Error(400, 'InvalidArgument')), 'permanent');
  assert.equal(classifyError(new BrokerError(401, 'unauthorized', 'revoked')), 'permanent');
  assert.equal(classifyError(new TypeError('x is undefined')), 'permanent');
});

test('full jitter stays within the exponential cap', () => {
  assert.equal(backoffDelay(1, { baseDelayMs: 100, random: () => 0.999999 }) < 100, true);
  assert.equal(Math.round(backoffDelay(3, { baseDelayMs: 100, random: () => 1 })), 400);
  assert.equal(backoffDelay(30, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 1 }), 5000);
  assert.equal(backoffDelay(5, { random: () => 0 }), 0);
});

test('retries transient errors and then succeeds', async () => {
  let calls = 0;
  const retries: number[] = [];
  const result = await withRetry(
    async () => {
      if (++calls < 3) throw netError('ECONNRESET');
      return 'ok';
    },
    { what: 'op', ...fast, onRetry: ({ attempt }) => retries.push(attempt) },
  );
  assert.equal(result, 'ok');
  assert.deepEqual(retries, [1, 2]);
});

test('gives up after the attempt budget with the reason', async () => {
  let calls = 0;
  const error = await withRetry(
    async () => {
      calls++;
      throw s3Error(503, 'SlowDown');
    },
    { what: 'UploadPart 3', attempts: 4, ...fast },
  ).catch((e: unknown) => e);
  assert.equal(calls, 4);
  assert.ok(error instanceof UploadError);
  assert.equal(error.message, 'UploadPart 3 failed after 4 attempts: 503 SlowDown');
  assert.equal(error.status, 503);
});

test('a 403 invalidates credentials and retries once; a second 403 is permanent', async () => {
  let invalidated = 0;
  let calls = 0;
  const ok = await withRetry(
    async () => {
      if (++calls === 1) throw s3Error(403, 'AccessDenied');
      return 'ok';
    },
    { what: 'op', ...fast, onAccessDenied: () => void invalidated++ },
  );
  assert.equal(ok, 'ok');
  assert.equal(invalidated, 1);

  calls = 0;
  const error = await withRetry(
    async () => {
      calls++;
      throw s3Error(403, 'AccessDenied');
    },
    { what: 'PutObject k', ...fast, onAccessDenied: () => void invalidated++ },
  ).catch((e: unknown) => e);
  assert.equal(calls, 2);
  assert.equal(invalidated, 2);
  assert.match((error as Error).message, /^PutObject k failed after 2 attempts: 403 AccessDenied/);
});

test('without onAccessDenied a 403 is permanent; other 4xx are permanent at once', async () => {
  for (const failure of [s3Error(403, 'AccessDenied'), s3Error(404, 'NoSuchUpload')]) {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw failure;
      },
      { what: 'op', ...fast },
    ).catch((e: unknown) => e);
    assert.equal(calls, 1);
    assert.ok(error instanceof UploadError);
    assert.equal(error.cause, failure);
  }
});

test('an abort stops the backoff and rejects with the abort reason', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const promise = withRetry(
    async () => {
      throw netError('ECONNRESET');
    },
    { what: 'op', baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 1, signal: controller.signal },
  );
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(promise, { name: 'AbortError' });
  assert.ok(Date.now() - started < 2000);
});

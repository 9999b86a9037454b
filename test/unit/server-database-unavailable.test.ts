/**
 * Which errors mean "the database is away for now" (503, statistics kept) and which are bugs (500): a real refused
 * pg connection, pg's own words for a cut one, PostgreSQL's SQLSTATEs for a server stopping or a statement timed
 * out, SQLite's busy file, and causes wrapped around them; a syntax error or a constraint is not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { isDatabaseUnavailable } from '../../server/db/unavailable.ts';
import { freePort } from '../integration/queue-fixtures.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('a refused connection, as pg reports it, is unavailable', async () => {
  const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'nobody', database: 'none' });
  const error = await client.connect().then(
    () => assert.fail('connected to nothing'),
    (e: unknown) => e,
  );
  assert.equal(isDatabaseUnavailable(error), true, String(error));
});

test("pg's own words, the server's SQLSTATEs, SQLite busy, and wrapped causes are unavailable", () => {
  for (const error of [
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('timeout expired'),
    new Error('Client has encountered a connection error and is not queryable'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P03', 'the database system is starting up'),
    withCode('57014', 'canceling statement due to statement timeout'),
    withCode('08006'),
    withCode('53300', 'sorry, too many clients already'),
    withCode('ECONNRESET'),
    Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR', errcode: 5 }),
    new Error('request failed', { cause: withCode('ECONNREFUSED') }),
    new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
  ])
    assert.equal(isDatabaseUnavailable(error), true, `${error.message} ${(error as { code?: string }).code}`);
});

test('bugs and refusals by the data are not', () => {
  for (const error of [
    new Error('boom'),
    withCode('42601', 'syntax error at or near "selec"'),
    withCode('23505', 'duplicate key value violates unique constraint'),
    Object.assign(new Error('UNIQUE constraint failed'), { code: 'ERR_SQLITE_ERROR', errcode: 2067 }),
    'a string',
    null,
  ])
    assert.equal(isDatabaseUnavailable(error), false, String(error));
});

test("the storage's refused connection (an AWS SDK error: it carries $metadata) is not the database's", async () => {
  const { S3Client, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const { isStorageUnreachable } = await import('../../server/s3/storage-unreachable.ts');
  const s3 = new S3Client({
    endpoint: `http://127.0.0.1:${await freePort()}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
  const error = await s3.send(new HeadBucketCommand({ Bucket: 'x' })).then(
    () => assert.fail('the port is closed'),
    (e: unknown) => e,
  );
  s3.destroy();
  assert.equal((error as { code?: string }).code, 'ECONNREFUSED');
  assert.equal(isDatabaseUnavailable(error), false);
  assert.equal(isStorageUnreachable(error), true);
  assert.equal(isStorageUnreachable(withCode('ECONNREFUSED')), false, "pg's refusal is not the storage's");
});

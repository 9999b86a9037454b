/**
 * The user's plan as the `traydrop` command meets it, against the real server and RGW: a file over the storage
 * limit, or over the max file size, is refused before a byte is sent (the CLI's message, exit 1), its job is
 * `failed` (not waiting to retry), nothing reaches the bucket and the local file is kept; `traydrop status`
 * shows the month's transfer against its limit.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { setQuota } from '../../server/db/users.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { jobs, loggedIn, randomFile, tempDir } from './queue-fixtures.ts';

let server: TestServer;
let dir: string;

before(async () => {
  server = await startTestServer();
  dir = tempDir();
});
after(() => server?.close());

async function objectsOf(userId: string): Promise<number> {
  const listed = await adminS3(server.rgw).send(
    new ListObjectsV2Command({ Bucket: server.rgw.bucket, Prefix: `users/${userId}/` }),
  );
  return listed.KeyCount ?? 0;
}

test('over the storage limit: the message, exit 1, the job failed, the file kept, nothing uploaded', async () => {
  const { userId, configDir } = await loggedIn(server, dir, 'quota');
  await setQuota(server.db, userId, { storageLimit: 10_000_000 });
  const first = path.join(dir, 'first.bin');
  await randomFile(first, 6_000_000);
  const ok = await runCli(['share', first], { configDir });
  assert.equal(ok.code, 0, ok.stderr);

  const big = path.join(dir, 'big.iso');
  await randomFile(big, 4_200_000);
  const run = await runCli(['share', big], { configDir });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /^traydrop: .*big\.iso: over your storage limit \(6\.0 MB of 10 MB used; this file needs 4\.2 MB\)$/m,
  );
  assert.equal(run.stdout, '', 'no link printed');
  const job = jobs(configDir).find((j) => j.source.endsWith('big.iso'));
  assert.equal(job?.state, 'failed');
  assert.match(job?.error ?? '', /over your storage limit/);
  assert.ok(existsSync(big), 'the local file is kept');
  assert.equal(await objectsOf(userId), 1, 'only the first file reached the bucket');
});

test('over the max file size: the same, with its own words', async () => {
  const { userId, configDir } = await loggedIn(server, dir, 'maxfile');
  await setQuota(server.db, userId, { maxFileSize: 2_000_000 });
  const big = path.join(dir, 'huge.mov');
  await randomFile(big, 9_000_000); // a multipart upload: no part is sent either
  const run = await runCli(['share', big], { configDir });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /^traydrop: .*huge\.mov: too large for your plan \(9\.0 MB; the largest file you may share is 2\.0 MB\)$/m,
  );
  assert.equal(jobs(configDir).find((j) => j.source.endsWith('huge.mov'))?.state, 'failed');
  assert.ok(existsSync(big));
  assert.equal(await objectsOf(userId), 0);
});

test('status shows the space and this month’s transfer against the limits', async () => {
  const { userId, configDir } = await loggedIn(server, dir, 'status');
  await setQuota(server.db, userId, { transferLimit: 100_000_000_000, storageLimit: 5_000_000_000 });
  const status = await runCli(['status'], { configDir });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^Transfer: +0 B of 100 GB this month$/m);
  assert.match(status.stdout, /^Space: +0 B of 5\.0 GB$/m);
  const json = JSON.parse((await runCli(['status', '--json'], { configDir })).stdout) as { usage: unknown };
  assert.deepEqual(json.usage, {
    storageUsed: 0,
    storageLimit: 5_000_000_000,
    transferUsed: 0,
    transferLimit: 100_000_000_000,
    maxFileSize: null,
  });
});

/**
 * Controlling the queue from another process: `traydrop queue cancel` stops a job a running
 * `traydrop share` is uploading (no incomplete multipart upload is left); a revoked device token
 * pauses the queue as "signed out" with the jobs kept, and signing in again finishes them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runServerCli } from '../../server/cli.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { MiB, jobs, leftovers, loggedIn, objectSha, randomFile, sha256, tempDir } from './queue-fixtures.ts';

let server: TestServer;
let dir: string;
before(async () => {
  server = await startTestServer();
  dir = tempDir();
});
after(() => server?.close());

test('`queue cancel` from a second process stops a running upload and aborts it', { timeout: 60_000 }, async () => {
  const { configDir, userId } = await loggedIn(server, dir, 'qcancel');
  const file = path.join(dir, 'big.bin');
  await randomFile(file, 40 * MiB);
  const env = { TRAYDROP_PART_SIZE: String(5 * MiB) };
  const running = runCli(['share', file, '--limit-rate', '4M'], { configDir, env });
  let job;
  for (const started = Date.now(); !(job = jobs(configDir)[0])?.uploadId; await sleep(100)) {
    assert.ok(Date.now() - started < 20_000, 'the multipart upload never started');
  }
  assert.equal((await leftovers(server, userId)).incomplete, 1);
  const asked = Date.now();
  const cancel = await runCli(['queue', 'cancel', job.id.slice(0, 5)], { configDir });
  assert.equal(cancel.code, 0, cancel.stderr);
  assert.match(cancel.stderr, new RegExp(`Cancelled ${job.id}`));
  const share = await running;
  assert.ok(Date.now() - asked < 10_000, 'the owner stopped within seconds');
  assert.equal(share.code, 130, share.stderr);
  assert.match(share.stderr, /big\.bin: cancelled/);
  assert.equal(jobs(configDir)[0]!.state, 'cancelled');
  assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 0 });

  const again = await runCli(['queue', 'cancel', job.id], { configDir });
  assert.equal(again.code, 0, 'cancelling a cancelled job is fine');
  assert.equal((await runCli(['queue', 'cancel', 'zzzzzzzz'], { configDir })).code, 2);
});

test('a revoked token: jobs are kept as signed out; after `login` again `queue run` uploads them', async () => {
  const { configDir, userId, token } = await loggedIn(server, dir, 'revoked');
  const quiet = { out: () => {}, err: () => {} };
  assert.equal(await runServerCli(['token', 'revoke', token], server.databaseEnv(), quiet), 0);
  const files = ['one.txt', 'two.txt'].map((name) => path.join(dir, name));
  const bytes = await Promise.all(files.map((file) => randomFile(file, 2000)));

  const share = await runCli(['share', ...files, '--json'], { configDir });
  assert.equal(share.code, 3, share.stderr);
  assert.match(share.stderr, /revoked/);
  assert.match(share.stderr, /traydrop login <server-url> <device-token>/);
  const results = JSON.parse(share.stdout);
  assert.deepEqual(
    results.map((r: { state: string }) => r.state),
    ['signed_out', 'signed_out'],
  );
  const list = await runCli(['queue'], { configDir });
  assert.match(list.stdout, /signed out/);
  assert.match(list.stderr, /Signed out: run: traydrop login/);

  const relogin = await runCli(['login', server.url, await server.createToken(userId)], { configDir });
  assert.equal(relogin.code, 0, relogin.stderr);
  const run = await runCli(['queue', 'run'], { configDir });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    run.stdout.trim().split('\n'),
    results.map((r: { url: string }) => r.url),
  );
  for (const [i, job] of jobs(configDir).entries()) {
    assert.equal(job.state, 'done');
    assert.equal(await objectSha(server, job.key), sha256(bytes[i]!));
  }
});

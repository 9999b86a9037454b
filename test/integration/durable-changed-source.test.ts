/**
 * Changed-source test (issue #3): the file changes while it is being uploaded (truncated), or
 * between a crash and the resume (first MiB rewritten, same size, mtime put back). Either way the
 * job fails with a message naming the change, the command exits non-zero, no object is published
 * under the key and no incomplete multipart upload is left behind.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat, truncate, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MiB,
  cleanPrefix,
  killStartedClis,
  loggedInProfile,
  prefixState,
  queueJobs,
  startCli,
  writeRandomFile,
  type CliProcess,
} from '../helpers/durable.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const ENV = { TRAYDROP_PART_SIZE: String(5 * MiB), TRAYDROP_CONCURRENCY: '2' };

let dir: string;
let server: TestServer;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-changed-'));
  server = await startTestServer();
});
after(async () => {
  killStartedClis();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A profile for a new user, a 40 MiB file, and a way to wait until its multipart upload is under way. */
async function setup(t: TestContext, name: string) {
  const s3 = adminS3(server.rgw);
  const userId = uniqueUserId(name);
  t.after(() => cleanPrefix(s3, server.config.s3Bucket, userId));
  const configDir = await loggedInProfile(dir, server.url, await server.createToken(userId));
  const file = path.join(dir, `${name}.bin`);
  await writeRandomFile(file, 40 * MiB);
  const state = () => prefixState(s3, server.config.s3Bucket, userId);
  const uploading = () =>
    waitFor('the multipart upload', async () => ((await state()).uploads.length ? true : undefined), 30_000);
  return { userId, configDir, file, state, uploading };
}

/** Waits for the CLI to end, at most `ms` after the change; a run still going then is a hang. */
async function endsSoon(run: CliProcess, ms: number) {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ms);
  const result = await run.done;
  clearTimeout(timer);
  assert.notEqual(result.signal, 'SIGKILL', `still uploading ${ms / 1000} s after the file changed`);
  return result;
}

test('a file truncated mid-upload fails the job clearly; nothing is published', { timeout: 120_000 }, async (t) => {
  const { configDir, file, state, uploading } = await setup(t, 'truncated');
  const run = startCli(['share', '--wait', '--no-copy', '--limit-rate', '3M', file], configDir, ENV);
  await uploading();
  await sleep(1500);
  await truncate(file, 20 * MiB);
  const changedAt = Date.now();
  const result = await endsSoon(run, 45_000);
  t.diagnostic(`failed ${((Date.now() - changedAt) / 1000).toFixed(1)} s after the truncation, exit ${result.code}`);
  t.diagnostic(`stderr: ${result.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /changed/);
  const [job] = await queueJobs(configDir);
  assert.equal(job!.state, 'failed', JSON.stringify(job));
  assert.match(String(job!.error), /changed.*41943040 → 20971520 bytes|shorter or longer/);
  assert.deepEqual(await state(), { keys: [], uploads: [] }, 'no object, no incomplete upload');
});

test(
  'a file rewritten in place mid-upload (same size) fails the job; nothing is published',
  { timeout: 120_000 },
  async (t) => {
    const { configDir, file, state, uploading } = await setup(t, 'modified');
    const run = startCli(['share', '--wait', '--no-copy', '--limit-rate', '3M', file], configDir, ENV);
    await uploading();
    await sleep(1500);
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(MiB), 0, MiB, 30 * MiB); // a region not sent yet
    await handle.close();
    const changedAt = Date.now();
    const result = await endsSoon(run, 60_000);
    t.diagnostic(`failed ${((Date.now() - changedAt) / 1000).toFixed(1)} s after the change, exit ${result.code}`);
    t.diagnostic(`stderr: ${result.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /changed/);
    const [job] = await queueJobs(configDir);
    assert.equal(job!.state, 'failed', JSON.stringify(job));
    assert.match(String(job!.error), /changed/);
    assert.deepEqual(await state(), { keys: [], uploads: [] }, 'no object, no incomplete upload');
  },
);

test(
  'a file rewritten between a crash and the resume (same size and mtime) is refused',
  { timeout: 120_000 },
  async (t) => {
    const { configDir, file, state, uploading } = await setup(t, 'rewritten');
    const mtime = 1_700_000_000; // whole seconds, so it can be put back exactly
    await utimes(file, mtime, mtime);
    const run = startCli(['share', '--wait', '--no-copy', '--limit-rate', '3M', file], configDir, ENV);
    await uploading();
    await sleep(1000);
    run.child.kill('SIGKILL');
    await run.done;
    // new first MiB, same size, same mtime: only the content fingerprint can tell
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(MiB), 0, MiB, 0);
    await handle.close();
    await utimes(file, mtime, mtime);
    assert.equal((await stat(file)).mtimeMs, mtime * 1000);

    const resumed = await startCli(['queue', 'run', '--wait'], configDir, ENV).done;
    t.diagnostic(`exit ${resumed.code}; stderr: ${resumed.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    assert.notEqual(resumed.code, 0);
    const [job] = await queueJobs(configDir);
    assert.equal(job!.state, 'failed', JSON.stringify(job));
    assert.match(String(job!.error), /changed since it was queued \(content differs\)/);
    assert.deepEqual(await state(), { keys: [], uploads: [] }, 'no object, no incomplete upload');
  },
);

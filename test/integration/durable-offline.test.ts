/**
 * Offline test (issue #3), on a SEPARATE RGW instance (127.0.0.1:7495, see helpers/rgw-instance.ts)
 * so that stopping it does not disturb other tests. The server stays up; S3/STS behind it is down.
 *  1. RGW stopped. `traydrop share a b` queues both, prints their early links, exits 4: waiting.
 *  2. A `queue run --wait` started while RGW is down is SIGKILLed (a crash while offline), then
 *     `queue run` (no wait) still finds RGW down: exit 4, both jobs still waiting_network.
 *  3. `queue run --wait` in the background; RGW comes back; everything drains. Each file is in the
 *     bucket exactly once, byte-identical; the early links serve the bytes; no incomplete upload.
 * Prints the recovery time: RGW answering again → all jobs done.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MiB,
  killStartedClis,
  linksIn,
  loggedInProfile,
  prefixState,
  queueJobs,
  sha256Object,
  startCli,
  writeRandomFile,
} from '../helpers/durable.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { rgwInstance } from '../helpers/rgw-instance.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const rgw = rgwInstance();
const ENV = { TRAYDROP_PART_SIZE: String(5 * MiB) };
let dir: string;
let server: TestServer;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-offline-'));
  await rgw.start();
  server = await startTestServer({ config: { s3Endpoint: rgw.endpoint, s3PublicEndpoint: rgw.endpoint } });
});
after(async () => {
  killStartedClis();
  await server?.close();
  await rgw.stop();
  await rm(dir, { recursive: true, force: true });
});

test('jobs queued while RGW is down survive a restart and drain once it is back', { timeout: 300_000 }, async (t) => {
  const userId = uniqueUserId('offline');
  const configDir = await loggedInProfile(dir, server.url, await server.createToken(userId));
  const files = { small: path.join(dir, 'small.txt'), large: path.join(dir, 'large.bin') };
  const hashes = {
    small: await writeRandomFile(files.small, 200_000),
    large: await writeRandomFile(files.large, 24 * MiB),
  };
  await rgw.stop();

  // 1. offline share: queued, early links, exit 4
  const shared = await startCli(['share', '--no-copy', files.small, files.large], configDir, ENV).done;
  assert.equal(shared.code, 4, shared.stderr);
  t.diagnostic(`offline share: ${shared.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  const links = linksIn(shared.stdout);
  assert.equal(links.length, 2, `two early links: ${shared.stdout}`);
  let jobs = await queueJobs(configDir);
  assert.deepEqual(
    jobs.map((j) => j.state),
    ['waiting_network', 'waiting_network'],
  );
  const early = await fetch(links[0]!.replace(server.config.shareBaseUrl, server.url));
  t.diagnostic(`early link while offline: HTTP ${early.status} retry-after ${early.headers.get('retry-after')}`);

  // 2. a runner killed while offline, then a one-shot run that still finds RGW down
  const crashed = startCli(['queue', 'run', '--wait'], configDir, ENV);
  await sleep(3000);
  assert.equal(crashed.child.exitCode, null, 'queue run --wait keeps waiting while offline');
  crashed.child.kill('SIGKILL');
  await crashed.done;
  const still = await startCli(['queue', 'run'], configDir, ENV).done;
  assert.equal(still.code, 4, still.stderr);
  jobs = await queueJobs(configDir);
  assert.deepEqual(
    jobs.map((j) => j.state),
    ['waiting_network', 'waiting_network'],
  );

  const waits = jobs.map((j) => `attempts ${String(j.attempts)}, next try ${String(j.nextAttemptAt)}`);
  t.diagnostic(`while offline: ${waits.join('; ')}; error: ${String(jobs[0]!.error)}`);

  // 3. back online: a waiting runner drains everything
  const drain = startCli(['queue', 'run', '--wait'], configDir, ENV);
  await sleep(2000);
  const env = await rgw.start();
  const online = Date.now();
  const drained = await drain.done;
  const recovery = (Date.now() - online) / 1000;
  t.diagnostic(`recovery: RGW up → all jobs done in ${recovery.toFixed(1)} s (exit ${drained.code})`);
  assert.equal(drained.code, 0, drained.stderr);

  jobs = await queueJobs(configDir);
  assert.deepEqual(
    jobs.map((j) => j.state),
    ['done', 'done'],
  );
  assert.deepEqual(jobs.map((j) => j.url).sort(), [...links].sort(), 'the early links are the final links');
  const s3 = adminS3(env);
  const { keys, uploads } = await prefixState(s3, env.bucket, userId);
  assert.equal(keys.length, 2, `each file exactly once: ${keys.join(', ')}`);
  const byName = (name: string) => keys.find((k) => k.endsWith('/' + name))!;
  assert.equal(await sha256Object(s3, env.bucket, byName('small.txt')), hashes.small);
  assert.equal(await sha256Object(s3, env.bucket, byName('large.bin')), hashes.large);
  assert.deepEqual(uploads, [], 'no incomplete multipart upload left');
  // checked last so the drain above is measured even when this fails
  assert.ok([202, 503].includes(early.status), `the early link answered ${early.status} while RGW was down`);
  for (const link of links) {
    const served = await fetch(link.replace(server.config.shareBaseUrl, server.url), { method: 'HEAD' });
    assert.equal(served.status, 200, link);
  }
});

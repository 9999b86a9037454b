/**
 * Offline: the CLI queues files with their links while the server cannot be reached, says so
 * (exit 4, "waiting for the network", never "failed"), and `queue run` / `share --wait` finish
 * them once it is back. A file changed while it waited fails clearly instead of going up mixed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Journal } from '../../main/queue/journal.ts';
import { runCli } from '../helpers/run-cli.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  MiB,
  forwarder,
  freePort,
  jobs,
  leftovers,
  loggedIn,
  objectSha,
  randomFile,
  setServerUrl,
  sha256,
  tempDir,
} from './queue-fixtures.ts';

let server: TestServer;
let dir: string;
before(async () => {
  server = await startTestServer();
  dir = tempDir();
});
after(() => server?.close());

test('offline: the link is printed at once, exit 4, `queue` says waiting; `queue run` drains it later', async () => {
  const { configDir, userId } = await loggedIn(server, dir, 'offline');
  const network = forwarder(await freePort(), Number(new URL(server.url).port));
  await setServerUrl(configDir, network.url);
  const file = path.join(dir, 'offline photo.png');
  const bytes = await randomFile(file, 300_000);

  const share = await runCli(['share', file], { configDir });
  assert.equal(share.code, 4, share.stderr);
  const link = share.stdout.trim();
  assert.match(link, new RegExp(`^${server.config.shareBaseUrl}/[0-9A-Za-z]{12}/offline-photo\\.png$`));
  assert.match(
    share.stderr,
    /offline photo\.png: queued, waiting for the network \(cannot reach the Traydrop server at .*ECONNREFUSED\); it will upload with `traydrop queue run`/,
  );

  const listed = await runCli(['queue', '--json'], { configDir });
  const [job] = JSON.parse(listed.stdout);
  assert.equal(job.state, 'waiting_network');
  assert.equal(job.url, link);
  assert.match((await runCli(['queue'], { configDir })).stdout, /waiting for network/);

  assert.equal((await runCli(['queue', 'run'], { configDir })).code, 4, 'still offline: still waiting');
  await network.start();
  try {
    const run = await runCli(['queue', 'run'], { configDir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), link, 'the same link, decided before the upload');
    const [done] = jobs(configDir);
    assert.equal(done!.state, 'done');
    assert.equal(await objectSha(server, done!.key), sha256(bytes));
    assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 1 });
    const again = await runCli(['queue', 'run'], { configDir });
    assert.equal(again.code, 0);
    assert.match(again.stderr, /Nothing to upload/);
  } finally {
    await network.stop();
  }
});

test('share --wait rides out an outage and finishes soon after the server is back', { timeout: 60_000 }, async (t) => {
  const { configDir, userId } = await loggedIn(server, dir, 'wait');
  const network = forwarder(await freePort(), Number(new URL(server.url).port));
  await setServerUrl(configDir, network.url);
  const file = path.join(dir, 'waited.bin');
  const bytes = await randomFile(file, 6 * MiB);
  let waiting!: () => void;
  const sawWaiting = new Promise<void>((resolve) => (waiting = resolve));
  const running = runCli(['share', '--wait', '--json', file], {
    configDir,
    env: { TRAYDROP_PART_SIZE: String(5 * MiB) },
    onStderr: (text) => /waiting for the network/.test(text) && waiting(),
  });
  await sawWaiting;
  await sleep(3000); // a few failed tries: the backoff has grown
  const back = Date.now();
  await network.start();
  try {
    const run = await running;
    const recovery = (Date.now() - back) / 1000;
    t.diagnostic(`recovered ${recovery.toFixed(1)} s after the server came back`);
    assert.equal(run.code, 0, run.stderr);
    const [result] = JSON.parse(run.stdout);
    assert.equal(result.ok, true);
    assert.equal(result.state, 'done');
    assert.match(result.job, /^[a-z2-9]{8}$/);
    assert.equal(await objectSha(server, result.key), sha256(bytes));
    assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 1 });
    assert.ok(recovery < 10, `backoff is capped by full jitter of at most 8 s here (${recovery} s)`);
  } finally {
    await network.stop();
  }
});

test('a job whose next try is minutes away goes up as soon as the server is back (the reconnect watch)', async (t) => {
  const { configDir, userId } = await loggedIn(server, dir, 'reconnect');
  const network = forwarder(await freePort(), Number(new URL(server.url).port));
  await setServerUrl(configDir, network.url);
  const file = path.join(dir, 'long backoff.png');
  const bytes = await randomFile(file, 200_000);
  assert.equal((await runCli(['share', file], { configDir })).code, 4);
  // as after a long outage: many failed tries, the next one two minutes away
  const [waiting] = jobs(configDir);
  const nextTry = Date.now() + 120_000;
  const journal = Journal.open(configDir);
  journal.update(waiting!.id, { attempts: 9, nextAttemptAt: nextTry });
  journal.close();

  await network.hangUp();
  const run = runCli(['queue', 'run', '--wait'], { configDir });
  // the runner starts, and at least one probe (every 2 s) finds the server gone
  await waitFor(
    'a health probe that finds the server gone',
    () => (network.state.hungUp.some((line) => line.startsWith('GET /v1/health')) ? true : undefined),
    30_000,
    20,
  );
  const back = Date.now();
  await network.start();
  try {
    const result = await run;
    const doneAt = Date.now();
    t.diagnostic(`done ${((doneAt - back) / 1000).toFixed(1)} s after the server came back (backoff: 120 s)`);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(doneAt < nextTry, 'retried when the network came back, not when the backoff ended');
    const [done] = jobs(configDir);
    assert.equal(done!.state, 'done');
    assert.equal(await objectSha(server, done!.key), sha256(bytes));
    assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 1 });
  } finally {
    await network.stop();
  }
});

test('a file changed while it waited fails clearly; nothing mixed is published', async () => {
  const { configDir, userId } = await loggedIn(server, dir, 'changed');
  await setServerUrl(configDir, `http://127.0.0.1:${await freePort()}`);
  const file = path.join(dir, 'draft.txt');
  await randomFile(file, 1000);
  assert.equal((await runCli(['share', file], { configDir })).code, 4);
  await appendFile(file, 'edited after it was queued');
  await setServerUrl(configDir, server.url);
  const run = await runCli(['queue', 'run', '--json'], { configDir });
  assert.equal(run.code, 1, run.stderr);
  const [result] = JSON.parse(run.stdout);
  assert.equal(result.state, 'failed');
  assert.match(result.error, /draft\.txt changed since it was queued \(1000 → 1026 bytes\)/);
  assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 0 });
});

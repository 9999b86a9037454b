/**
 * A job whose owner is gone but still looks alive: a `traydrop` killed where nobody reaps it stays a zombie,
 * which answers kill(pid, 0). `queue run --wait` must take such a job over at once, and a job a live process
 * holds it must wait for (until the holder lets go or its lease runs out) instead of giving up with exit 4.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Journal } from '../../main/queue/journal.ts';
import type { Job } from '../../main/queue/job.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { unreapedZombie } from '../helpers/zombie.ts';
import { freePort, jobs, loggedIn, objectSha, setServerUrl, sha256, tempDir } from './queue-fixtures.ts';

let server: TestServer;
let dir: string;

before(async () => {
  server = await startTestServer();
  dir = tempDir();
});
after(() => server?.close());

/** A profile with one job queued (the server was unreachable when it was shared), owned by `owner`. */
async function heldJob(
  name: string,
  owner: () => NonNullable<Job['owner']>,
): Promise<{ configDir: string; job: Job; bytes: Buffer }> {
  const { configDir } = await loggedIn(server, dir, name);
  const file = path.join(dir, `${name}.txt`);
  const bytes = Buffer.from(`held by ${name}\n`.repeat(1000));
  writeFileSync(file, bytes);
  await setServerUrl(configDir, `http://127.0.0.1:${await freePort()}`);
  const offline = await runCli(['share', file, '--no-copy'], { configDir });
  assert.equal(offline.code, 4, offline.stderr);
  await setServerUrl(configDir, server.url);
  const journal = Journal.open(configDir);
  try {
    const [queued] = journal.list() as [Job];
    const job = journal.update(queued.id, { state: 'uploading', owner: owner() })!;
    return { configDir, job, bytes };
  } finally {
    journal.close();
  }
}

test('a job held by a killed owner left as a zombie: queue run --wait takes it over at once', async (t) => {
  if (process.platform !== 'linux') return t.skip('zombies are told apart through /proc (Linux)');
  const zombie = await unreapedZombie();
  t.after(() => zombie.release());
  process.kill(zombie.pid, 0); // it still answers the signal check
  const lease = () => ({ pid: zombie.pid, id: `${zombie.pid}-0badcafe`, leaseUntil: Date.now() + 10 * 60_000 });
  const { configDir, job, bytes } = await heldJob('zombie', lease);
  const started = Date.now();
  const run = await runCli(['queue', 'run', '--wait'], { configDir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(Date.now() - started < 60_000, 'without waiting for the ten-minute lease');
  const [done] = jobs(configDir) as [Job];
  assert.deepEqual([done.id, done.state], [job.id, 'done']);
  assert.equal(await objectSha(server, done.key), sha256(bytes));
});

test('a job a live process holds: queue run leaves it (exit 4), queue run --wait waits for its lease', async (t) => {
  const holder = spawn('sleep', ['300'], { stdio: 'ignore' });
  t.after(() => holder.kill('SIGKILL'));
  await once(holder, 'spawn');
  const { configDir, job } = await heldJob('live', () => ({
    pid: holder.pid!,
    id: `${holder.pid}-0123abcd`,
    leaseUntil: Date.now() + 8000,
  }));
  const leaseUntil = job.owner!.leaseUntil;
  const left = await runCli(['queue', 'run'], { configDir });
  assert.equal(left.code, 4, left.stderr);
  assert.match(left.stderr, /waiting its turn/);
  const run = await runCli(['queue', 'run', '--wait'], { configDir });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(Date.now() >= leaseUntil, 'taken only once the lease ran out');
  const [done] = jobs(configDir) as [Job];
  assert.deepEqual([done.id, done.state], [job.id, 'done']);
});

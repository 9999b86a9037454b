/**
 * Crash test (issue #3): a 1 GiB upload by `traydrop share --wait` in a child process is SIGKILLed
 * at several random points; after each kill `traydrop queue run --wait` resumes it. At the end the
 * object is byte-identical, there is one object, one link and one multipart upload id for the whole
 * run, and no incomplete upload. A fault proxy between the CLI and RGW (the server hands clients
 * the proxy as their S3 endpoint) counts the bytes each run sends: a run may re-send at most the
 * parts in flight at the kill before it (concurrency x part size), and parts S3 already listed at a
 * restart are never sent again (their LastModified never changes).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultProxy } from '../helpers/fault-proxy.ts';
import {
  MiB,
  startProxiedStack,
  type ProxiedStack,
  cleanPrefix,
  linksIn,
  listParts,
  loggedInProfile,
  prefixState,
  queueJobs,
  sha256Object,
  startCli,
  writeRandomFile,
  type CliProcess,
  describeRun,
  within,
} from '../helpers/durable.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { uniqueUserId, type TestServer } from '../helpers/server.ts';

const SIZE = 1024 * MiB;
const PART = 16 * MiB;
const CONCURRENCY = 4;
const KILLS = 5;
/** HTTP request heads, ListParts calls: small next to a part. */
const SLACK = 1 * MiB;
/** One run reaching its kill point, or the last run finishing: seconds here; a stuck run fails with its story. */
const PHASE_MS = 150_000;

let dir: string;
let proxy: FaultProxy;
let server: TestServer;
let stack: ProxiedStack | undefined;
before(async () => {
  stack = await startProxiedStack('crash');
  ({ dir, proxy, server } = stack);
});
after(() => stack?.close());

/** `count` kill points as fractions of the file, sorted, at least 8 % apart, in [3 %, 93 %]. */
function drawKillPoints(count: number): number[] {
  for (;;) {
    const points = Array.from({ length: count }, () => 0.03 + Math.random() * 0.9).sort((a, b) => a - b);
    if (points.every((p, i) => i === 0 || p - points[i - 1]! >= 0.08)) return points;
  }
}

test('1 GiB upload SIGKILLed at random points resumes to a byte-identical object', { timeout: 540_000 }, async (t) => {
  const s3 = adminS3(server.rgw);
  const bucket = server.config.s3Bucket;
  const userId = uniqueUserId('crash');
  t.after(() => cleanPrefix(s3, bucket, userId));
  const configDir = await loggedInProfile(dir, server.url, await server.createToken(userId));
  const file = path.join(dir, 'one-gib.bin');
  const fileHash = await writeRandomFile(file, SIZE);
  const env = { TRAYDROP_PART_SIZE: String(PART), TRAYDROP_CONCURRENCY: String(CONCURRENCY) };
  const points = drawKillPoints(KILLS);
  t.diagnostic(`kill points (share of 1 GiB sent through the proxy): ${points.map((p) => p.toFixed(3)).join(', ')}`);

  const started = Date.now();
  const uploadIds = new Set<string>();
  const printed: string[] = [];
  /** What S3 holds at a moment: the upload's parts and their bytes. */
  const snapshot = async () => {
    const { uploads } = await prefixState(s3, bucket, userId);
    for (const u of uploads) uploadIds.add(u.uploadId);
    assert.ok(uploads.length <= 1, `one multipart upload at a time, found ${uploads.length}`);
    const parts = uploads[0] ? await listParts(s3, bucket, uploads[0].key, uploads[0].uploadId) : new Map();
    return { parts, have: [...parts.values()].reduce((sum, p) => sum + p.size, 0) };
  };
  /** Parts that existed at the restart must keep their LastModified: nobody sent them again. */
  const assertNotResent = (before: Awaited<ReturnType<typeof snapshot>>['parts'], now: typeof before) => {
    for (const [n, part] of before) {
      const later = now.get(n);
      if (later) assert.equal(later.lastModified, part.lastModified, `part ${n} was sent again after the restart`);
    }
  };

  let totalUp = 0; // bytes through the proxy over all runs
  proxy.resetCounters();
  let run: CliProcess = startCli(['share', '--wait', '--no-copy', file], configDir, env);
  let state = { parts: new Map<number, { size: number; lastModified: number }>(), have: 0 };
  const rows: string[] = [];
  let passed = 0;
  for (const [i, point] of points.entries()) {
    const exited = await within(
      waitFor(
        `${(point * 100).toFixed(1)} % through the proxy`,
        () => (totalUp + proxy.bytesUp >= point * SIZE ? false : run.child.exitCode !== null ? true : undefined),
        PHASE_MS + 10_000,
        5,
      ),
      PHASE_MS,
      `run ${i + 1} reaching ${(point * 100).toFixed(1)} %`,
      async () =>
        `${((totalUp + proxy.bytesUp) / MiB).toFixed(0)} MiB sent so far\n${await describeRun(run, configDir)}`,
    );
    assert.equal(exited, false, `the run ended before kill point ${i + 1}: ${run.output().stderr}`);
    run.child.kill('SIGKILL');
    const killed = await run.done;
    printed.push(...linksIn(killed.stdout));
    const sent = proxy.bytesUp;
    totalUp += sent;
    await sleep(500); // let RGW finish parts whose bytes had all arrived before the kill
    const next = await snapshot();
    assertNotResent(state.parts, next.parts);
    const remaining = SIZE - state.have;
    const progress = next.have - state.have;
    assert.ok(sent <= remaining + CONCURRENCY * PART + SLACK, `run ${i + 1} sent ${sent} B, ${remaining} B remained`);
    rows.push(
      `run ${i + 1}: killed at ${(totalUp / MiB).toFixed(0)} MiB total; sent ${(sent / MiB).toFixed(1)} MiB, ` +
        `S3 gained ${(progress / MiB).toFixed(0)} MiB (${next.parts.size} parts), re-sent/lost ${((sent - progress) / MiB).toFixed(1)} MiB`,
    );
    state = next;
    passed += 1;
    proxy.resetCounters();
    run = startCli(['queue', 'run', '--wait'], configDir, env);
  }

  // the last run finishes; watch the parts while it does
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const now = await snapshot().catch(() => undefined);
      if (now) assertNotResent(state.parts, now.parts);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const last = await within(run.done, PHASE_MS, 'the last run finishing', () => describeRun(run, configDir));
  watching = false;
  await watcher;
  printed.push(...linksIn(last.stdout));
  assert.equal(last.code, 0, `queue run --wait: ${last.stderr}`);
  const remaining = SIZE - state.have;
  const sent = proxy.bytesUp;
  rows.push(
    `final run: ${(remaining / MiB).toFixed(0)} MiB remained, sent ${(sent / MiB).toFixed(1)} MiB ` +
      `(re-sent ${((sent - remaining) / MiB).toFixed(1)} MiB)`,
  );
  for (const row of rows) t.diagnostic(row);
  t.diagnostic(
    `kill points tried ${points.length}, resumed ${passed}; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  assert.ok(sent <= remaining + CONCURRENCY * PART + SLACK, `final run sent ${sent} B, ${remaining} B remained`);

  // one object, byte-identical; one link; one multipart upload for the whole job; no leftovers
  const jobs = await queueJobs(configDir);
  assert.equal(jobs.length, 1, JSON.stringify(jobs));
  assert.equal(jobs[0]!.state, 'done', JSON.stringify(jobs[0]));
  const { keys, uploads } = await prefixState(s3, bucket, userId);
  assert.equal(keys.length, 1, `objects: ${keys.join(', ')}`);
  assert.deepEqual(uploads, [], 'no incomplete multipart upload left');
  assert.equal(uploadIds.size, 1, `one multipart upload id across all restarts, saw ${uploadIds.size}`);
  assert.equal(await sha256Object(s3, bucket, keys[0]!), fileHash, 'the object is byte-identical to the file');
  const records = await server.db
    .selectFrom('uploads')
    .select(['share_id', 'key'])
    .where('user_id', '=', userId)
    .execute();
  assert.equal(records.length, 1, `one upload record: ${JSON.stringify(records)}`);
  assert.equal(new Set(printed).size <= 1 && printed.every((u) => u === jobs[0]!.url), true, printed.join(' '));
  const link = await fetch(String(jobs[0]!.url).replace(server.config.shareBaseUrl, server.url), { method: 'HEAD' });
  assert.equal(link.status, 200);
  assert.equal(Number(link.headers.get('content-length')), SIZE);
});

/**
 * Crashes in the two narrowest windows of a multipart job, hit on purpose rather than by chance:
 * a proxy between the CLI and the server holds back the server's answer to
 *  a) POST /v1/multipart/create: the server has started the upload, the client never learns its id;
 *  b) POST /v1/multipart/complete: the object is complete and recorded, the client never learns it;
 * and the test SIGKILLs the CLI right then. `traydrop queue run --wait` must then finish the job
 * with one object, byte-identical, no incomplete multipart upload (a: the first upload must not be
 * orphaned), and in (b) without sending the file again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import {
  MiB,
  startProxiedStack,
  type ProxiedStack,
  cleanPrefix,
  loggedInProfile,
  prefixState,
  queueJobs,
  sha256Object,
  startCli,
  writeRandomFile,
} from '../helpers/durable.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { uniqueUserId, type TestServer } from '../helpers/server.ts';

const SIZE = 40 * MiB;
const ENV = { TRAYDROP_PART_SIZE: String(5 * MiB), TRAYDROP_CONCURRENCY: '2' };

let dir: string;
let s3Proxy: FaultProxy;
let serverProxy: FaultProxy;
let server: TestServer;
let stack: ProxiedStack | undefined;
before(async () => {
  stack = await startProxiedStack('windows');
  ({ dir, proxy: s3Proxy, server } = stack);
  serverProxy = await startFaultProxy({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
});
after(async () => {
  await serverProxy?.close();
  await stack?.close();
});

/**
 * Shares a 40 MiB file and SIGKILLs the CLI at the moment the server's answer to `route` reaches
 * the proxy (it is never delivered). Resolves once the CLI is dead.
 */
async function killOnAnswer(route: string, name: string) {
  const s3 = adminS3(server.rgw);
  const bucket = server.config.s3Bucket;
  const userId = uniqueUserId(name);
  const configDir = await loggedInProfile(dir, serverProxy.url, await server.createToken(userId));
  const file = path.join(dir, `${name}.bin`);
  const fileHash = await writeRandomFile(file, SIZE);
  let asked = -1;
  let hit = false;
  const run = startCli(['share', '--wait', '--no-copy', file], configDir, ENV);
  serverProxy.configure({
    tap: (chunk, direction, connection) => {
      if (direction === 'up' && chunk.includes(`POST ${route} `)) asked = connection;
      if (direction === 'down' && connection === asked && !hit) {
        hit = true;
        run.child.kill('SIGKILL');
        return 'hold';
      }
    },
  });
  const killed = await run.done;
  serverProxy.configure({});
  assert.ok(hit, `the CLI never called ${route}: ${killed.stderr}`);
  assert.equal(killed.signal, 'SIGKILL');
  return { s3, bucket, userId, configDir, fileHash };
}

test('killed after the server created the multipart upload: resumed, and the first upload is not orphaned', async (t) => {
  const { s3, bucket, userId, configDir, fileHash } = await killOnAnswer('/v1/multipart/create', 'win-create');
  t.after(() => cleanPrefix(s3, bucket, userId));
  const atKill = await prefixState(s3, bucket, userId);
  assert.equal(atKill.uploads.length, 1, 'the server had started the upload');

  const resumed = await startCli(['queue', 'run', '--wait'], configDir, ENV).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  const [job] = await queueJobs(configDir);
  assert.equal(job!.state, 'done');
  const { keys, uploads } = await prefixState(s3, bucket, userId);
  assert.equal(keys.length, 1);
  assert.equal(await sha256Object(s3, bucket, keys[0]!), fileHash);
  t.diagnostic(`incomplete uploads left: ${uploads.map((u) => u.uploadId).join(', ') || 'none'}`);
  assert.deepEqual(uploads, [], 'the upload started before the kill was aborted or reused, not orphaned');
});

test('killed after the server completed the upload: the resume finishes without sending it again', async (t) => {
  const { s3, bucket, userId, configDir, fileHash } = await killOnAnswer('/v1/multipart/complete', 'win-complete');
  t.after(() => cleanPrefix(s3, bucket, userId));
  const atKill = await prefixState(s3, bucket, userId);
  assert.equal(atKill.keys.length, 1, 'the object was complete at the kill');

  s3Proxy.resetCounters();
  const resumed = await startCli(['queue', 'run', '--wait'], configDir, ENV).done;
  const jobs = await queueJobs(configDir);
  const link = await fetch(String(jobs[0]!.url).replace(server.config.shareBaseUrl, server.url), { method: 'HEAD' });
  t.diagnostic(
    `resume after the lost completion: exit ${resumed.code}, job ${jobs[0]!.state} (${String(jobs[0]!.error)}), ` +
      `${(s3Proxy.bytesUp / MiB).toFixed(1)} MiB sent, link HTTP ${link.status}`,
  );
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]!.state, 'done', JSON.stringify(jobs[0]));
  const { keys, uploads } = await prefixState(s3, bucket, userId);
  assert.equal(keys.length, 1);
  assert.equal(await sha256Object(s3, bucket, keys[0]!), fileHash);
  assert.deepEqual(uploads, [], 'no incomplete multipart upload left');
  const records = await server.db
    .selectFrom('uploads')
    .select(['share_id', 'key'])
    .where('user_id', '=', userId)
    .execute();
  assert.equal(records.length, 1, 'one upload record, one link');
  assert.equal(link.status, 200);
  assert.ok(s3Proxy.bytesUp < 5 * MiB, `the resume sent ${s3Proxy.bytesUp} bytes of a file S3 already had`);
});

/**
 * Credential expiry through the queue (issue #3): RGW's minimum STS session is lowered to 10 s and
 * the server issues 10 s credentials, while `traydrop share --wait --limit-rate 1.5M` sends 40 MiB
 * (~27 s), so the credentials expire at least twice mid-upload. The job refreshes them and
 * completes byte-identical, with no incomplete multipart upload left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  MiB,
  killStartedClis,
  cleanPrefix,
  linksIn,
  loggedInProfile,
  prefixState,
  queueJobs,
  sha256Object,
  startCli,
  writeRandomFile,
} from '../helpers/durable.ts';
import { adminS3, ensureRgw, setStsMinSessionDuration } from '../helpers/rgw.ts';
import { startTestServer, uniqueUserId } from '../helpers/server.ts';

const SIZE = 40 * MiB;
const LIFETIME_S = 10;

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-expiry-'));
});
after(async () => {
  killStartedClis();
  await rm(dir, { recursive: true, force: true });
});

test(
  '10 s credentials expiring several times during a queued upload are refreshed',
  { timeout: 180_000 },
  async (t) => {
    const rgw = await ensureRgw();
    setStsMinSessionDuration(rgw, LIFETIME_S);
    const server = await startTestServer({ config: { stsDurationSeconds: LIFETIME_S } });
    try {
      const s3 = adminS3(rgw);
      const userId = uniqueUserId('expiry-q');
      t.after(() => cleanPrefix(s3, rgw.bucket, userId));
      const token = await server.createToken(userId);
      const configDir = await loggedInProfile(dir, server.url, token);
      const { status, body } = await server.call<{ expiration: string }>('POST', '/v1/credentials', token, {});
      assert.equal(status, 200);
      const lifetime = (Date.parse(body.expiration) - Date.now()) / 1000;
      assert.ok(lifetime <= LIFETIME_S + 1, `credentials live ${lifetime.toFixed(1)} s`);

      const file = path.join(dir, 'slow.bin');
      const fileHash = await writeRandomFile(file, SIZE);
      const started = Date.now();
      const run = await startCli(['share', '--wait', '--no-copy', '--limit-rate', '1.5M', file], configDir, {
        TRAYDROP_PART_SIZE: String(5 * MiB),
        TRAYDROP_CONCURRENCY: '2',
      }).done;
      const seconds = (Date.now() - started) / 1000;
      t.diagnostic(`40 MiB at 1.5 MB/s with ${LIFETIME_S} s credentials: ${seconds.toFixed(1)} s, exit ${run.code}`);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(seconds > 2 * LIFETIME_S, 'the upload outlived at least two credential lifetimes');

      const jobs = await queueJobs(configDir);
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.state, 'done', JSON.stringify(jobs[0]));
      assert.deepEqual(linksIn(run.stdout), [jobs[0]!.url]);
      const { keys, uploads } = await prefixState(s3, rgw.bucket, userId);
      assert.equal(keys.length, 1, keys.join(', '));
      assert.equal(await sha256Object(s3, rgw.bucket, keys[0]!), fileHash);
      assert.deepEqual(uploads, [], 'no incomplete multipart upload left');
    } finally {
      setStsMinSessionDuration(rgw, 900);
      await server.close();
    }
  },
);

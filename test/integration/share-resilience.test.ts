/**
 * Through the real server and the real RGW: credentials that expire in the middle of a multipart
 * upload are refreshed and the upload completes; Ctrl-C on the CLI really stops the upload and
 * leaves no incomplete multipart upload behind.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { planShare } from '../../main/share/plan-share.ts';
import { uploadFile } from '../../main/upload/upload-file.ts';
import { clientFor } from '../helpers/client.ts';
import { runCli } from '../helpers/run-cli.ts';
import { adminS3, ensureRgw, setStsMinSessionDuration } from '../helpers/rgw.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const MiB = 1024 * 1024;
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-resilience-'));
});

async function leftovers(server: TestServer, userId: string) {
  const s3 = adminS3(server.rgw);
  const Bucket = server.config.s3Bucket;
  const Prefix = `users/${userId}/`;
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix }));
  const objects = await s3.send(new ListObjectsV2Command({ Bucket, Prefix }));
  return { incomplete: uploads.Uploads?.length ?? 0, objects: objects.KeyCount ?? 0 };
}

test(
  'credentials expiring several times during one upload are refreshed; it completes byte-identical',
  { timeout: 120_000 },
  async (t) => {
    const rgw = await ensureRgw();
    setStsMinSessionDuration(rgw, 10);
    const server = await startTestServer({ config: { stsDurationSeconds: 10 } });
    try {
      const userId = uniqueUserId('expiry');
      const client = clientFor(server, await server.createToken(userId));
      const file = path.join(dir, 'long-upload.bin');
      const bytes = randomBytes(30 * MiB);
      await writeFile(file, bytes);
      const session = await client.credentials.get();
      const lifetime = (Date.parse(session.expiration) - Date.now()) / 1000;
      assert.ok(lifetime <= 11, `credentials live ${lifetime.toFixed(1)} s`);
      const plan = planShare({
        path: file,
        userId,
        shareBaseUrl: session.shareBaseUrl,
        kind: 'file',
        rules: DEFAULT_EXPIRY_RULES,
        allowedExpiry: session.allowedExpiry,
        explicitExpiry: '1d',
      });

      const started = Date.now();
      const record = await uploadFile({
        path: file,
        key: plan.key,
        contentType: plan.contentType,
        expire: plan.expire,
        credentials: client.credentials,
        broker: client.broker,
        partSize: 5 * MiB,
        concurrency: 1,
        maxBytesPerSecond: 1.2 * MiB, // ~25 s: the 10 s credentials expire at least twice
      });
      const seconds = (Date.now() - started) / 1000;
      t.diagnostic(`30 MiB in ${seconds.toFixed(1)} s with ${client.fetches()} credential fetches`);
      assert.ok(seconds > 20, 'the upload outlived at least two credential lifetimes');
      assert.ok(client.fetches() >= 3, `credentials were refreshed (${client.fetches()} fetches)`);
      const response = await fetch(`${server.url}/${record.shareId}/${record.name}`);
      const served = createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex');
      assert.equal(served, createHash('sha256').update(bytes).digest('hex'));
    } finally {
      setStsMinSessionDuration(rgw, 900);
      await server.close();
    }
  },
);

test(
  'Ctrl-C on `traydrop share` cancels in-flight parts and aborts the multipart upload',
  { timeout: 60_000 },
  async () => {
    const server = await startTestServer();
    try {
      const userId = uniqueUserId('cancel');
      const configDir = path.join(dir, 'cancel-profile');
      assert.equal((await runCli(['login', server.url, await server.createToken(userId)], { configDir })).code, 0);
      const file = path.join(dir, 'big.bin');
      await writeFile(file, randomBytes(64 * MiB));
      let pid = 0;
      const running = runCli(['share', file, '--limit-rate', '4M'], { configDir, onSpawn: (p) => (pid = p) });
      // wait until the multipart upload exists, i.e. parts are in flight
      const started = Date.now();
      while ((await leftovers(server, userId)).incomplete === 0) {
        assert.ok(Date.now() - started < 20_000, 'the upload never started');
        await sleep(100);
      }
      await sleep(1000);
      process.kill(pid, 'SIGINT');
      const run = await running;
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stderr, /cancelling/);
      assert.match(run.stderr, /big\.bin: cancelled/);
      assert.ok(Date.now() - started < 15_000, 'cancel took effect at once, not after the upload');
      assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 0 });
    } finally {
      await server.close();
    }
  },
);

/**
 * Bucket lifecycle really deletes by expire tag. scripts/rgw-start.sh runs RGW with
 * rgw_lc_debug_interval=10, so a lifecycle "day" lasts 10 s: a 1d object goes within tens of seconds,
 * a 30d object (300 s) stays for the length of this test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import type { Expiry } from '../../common/expiry.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import { Journal } from '../../main/queue/journal.ts';
import { QueueRunner } from '../../main/queue/runner.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { clientFor } from '../helpers/client.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server?.close());

async function exists(key: string): Promise<boolean> {
  try {
    await adminS3(server.rgw).send(new HeadObjectCommand({ Bucket: server.config.s3Bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

test('a 1d-tagged upload is deleted by lifecycle; a 30d one stays', { timeout: 240_000 }, async (t) => {
  const client = clientFor(server, await server.createToken(uniqueUserId('lc')));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-lc-'));
  const short = path.join(dir, 'short.txt');
  const long = path.join(dir, 'long.bin');
  await writeFile(short, 'gone soon');
  await writeFile(long, Buffer.alloc(6 * 1024 * 1024, 7)); // multipart: tagged by the server after completion
  // shared the way the app and the CLI share: queued, then uploaded by a runner
  const journal = Journal.open(dir);
  t.after(() => journal.close());
  const session = await client.credentials.get();
  const pairing = { userId: session.userId, shareBaseUrl: session.shareBaseUrl };
  const share = (file: string, expire: Expiry) =>
    enqueue({ journal, pairing, rules: DEFAULT_EXPIRY_RULES }, { path: file, kind: 'file', expire });
  const shortRecord = await share(short, '1d');
  const longRecord = await share(long, '30d');
  const shortMultipart = await share(long, '1d');
  await new QueueRunner({ journal, broker: client.broker, credentials: client.credentials, once: true }).run();
  for (const job of journal.list()) assert.equal(job.state, 'done', `${job.key}: ${job.error}`);
  assert.equal(await exists(shortRecord.key), true);

  const started = Date.now();
  while ((await exists(shortRecord.key)) || (await exists(shortMultipart.key))) {
    assert.ok(Date.now() - started < 200_000, 'lifecycle did not delete the 1d objects within 200 s');
    await sleep(2000);
  }
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`1d objects deleted after ${seconds.toFixed(0)} s`);
  assert.equal(await exists(longRecord.key), true, 'the 30d object is still there');
});

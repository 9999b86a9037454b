/**
 * Fault proxy test (issue #3): between the CLI and RGW a TCP proxy resets every connection after
 * 7 MiB sent and delays some chunks by 400 ms. A ~100 MiB `traydrop share --wait` still completes
 * with a byte-identical object and leaves no incomplete multipart upload.
 *
 * The resets are per connection, so a part must fit in one connection's 7 MiB: the test uses
 * 5 MiB parts (TRAYDROP_PART_SIZE). With 16 MiB parts no part could ever get through.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FaultProxy } from '../helpers/fault-proxy.ts';
import {
  MiB,
  startProxiedStack,
  type ProxiedStack,
  cleanPrefix,
  linksIn,
  loggedInProfile,
  prefixState,
  queueJobs,
  sha256Object,
  startCli,
  writeRandomFile,
} from '../helpers/durable.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { uniqueUserId, type TestServer } from '../helpers/server.ts';

const SIZE = 100 * MiB + 12345;

let dir: string;
let proxy: FaultProxy;
let server: TestServer;
let stack: ProxiedStack | undefined;
before(async () => {
  stack = await startProxiedStack('faults');
  ({ dir, proxy, server } = stack);
});
after(() => stack?.close());

test(
  'a 100 MiB upload through resets every 7 MiB and latency spikes completes byte-identical',
  { timeout: 300_000 },
  async (t) => {
    const s3 = adminS3(server.rgw);
    const userId = uniqueUserId('faults');
    t.after(() => cleanPrefix(s3, server.config.s3Bucket, userId));
    const configDir = await loggedInProfile(dir, server.url, await server.createToken(userId));
    const file = path.join(dir, 'hundred.bin');
    const fileHash = await writeRandomFile(file, SIZE);

    proxy.configure({ resetEveryBytes: 7 * MiB, latency: { everyChunks: 40, ms: 400 } });
    const started = Date.now();
    const run = await startCli(['share', '--wait', '--no-copy', file], configDir, {
      TRAYDROP_PART_SIZE: String(5 * MiB),
      TRAYDROP_CONCURRENCY: '4',
    }).done;
    const seconds = (Date.now() - started) / 1000;
    proxy.configure({});
    t.diagnostic(
      `${(SIZE / MiB).toFixed(0)} MiB in ${seconds.toFixed(1)} s: ${proxy.resets} resets, ` +
        `${proxy.connections} connections, ${(proxy.bytesUp / MiB).toFixed(1)} MiB sent through the proxy`,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(proxy.resets >= 5, `the proxy reset ${proxy.resets} connections`);

    const [url] = linksIn(run.stdout);
    const jobs = await queueJobs(configDir);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.state, 'done', JSON.stringify(jobs[0]));
    assert.equal(jobs[0]!.url, url);
    const { keys, uploads } = await prefixState(s3, server.config.s3Bucket, userId);
    assert.equal(keys.length, 1, keys.join(', '));
    assert.equal(await sha256Object(s3, server.config.s3Bucket, keys[0]!), fileHash);
    assert.deepEqual(uploads, [], 'no incomplete multipart upload left');
  },
);

/**
 * Resume after a crash: `traydrop share` is SIGKILLed in the middle of a multipart upload; the
 * journal has its UploadId and the parts S3 accepted; `traydrop queue run` continues the same
 * upload without sending those parts again (bytes counted on the wire between client and RGW).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from '../helpers/run-cli.ts';
import { ensureRgw } from '../helpers/rgw.ts';
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
  sha256,
  tempDir,
} from './queue-fixtures.ts';

let server: TestServer;
let wire: ReturnType<typeof forwarder>;
let dir: string;
before(async () => {
  const rgw = await ensureRgw();
  wire = forwarder(await freePort(), Number(new URL(rgw.endpoint).port));
  await wire.start();
  server = await startTestServer({ config: { s3PublicEndpoint: wire.url } });
  dir = tempDir();
});
after(async () => {
  await server?.close();
  await wire?.stop();
});

test(
  'a killed upload resumes with `queue run` and does not re-send the parts S3 has',
  { timeout: 90_000 },
  async (t) => {
    const { configDir, userId } = await loggedIn(server, dir, 'resume');
    const file = path.join(dir, 'recording.mp4');
    const size = 30 * MiB + 123;
    const bytes = await randomFile(file, size);
    const partSize = 5 * MiB;
    const env = { TRAYDROP_PART_SIZE: String(partSize), TRAYDROP_CONCURRENCY: '1' };
    let pid = 0;
    // at 4 MB/s the last three parts take about 4 s: time enough to see the third done and kill before the end
    const first = runCli(['share', file, '--limit-rate', '4M'], { configDir, env, onSpawn: (p) => (pid = p) });
    for (const started = Date.now(); (jobs(configDir)[0]?.parts.length ?? 0) < 3; await sleep(50)) {
      assert.ok(Date.now() - started < 30_000, 'three parts never got done');
    }
    process.kill(pid, 'SIGKILL');
    const killed = await first;
    assert.equal(killed.signal, 'SIGKILL');
    const before = jobs(configDir)[0]!;
    assert.equal(before.state, 'uploading', 'left behind by a dead process');
    assert.ok(before.uploadId);
    const journaled = before.parts.length;

    wire.state.sentBytes = 0;
    const run = await runCli(['queue', 'run'], { configDir, env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), before.url, 'the link decided before the crash');
    const resent = wire.state.sentBytes;
    const remaining = size - journaled * partSize;
    t.diagnostic(`${journaled} parts journaled at the kill; ${resent} bytes sent after restart (${remaining} left)`);
    assert.ok(resent <= remaining + 256 * 1024, `journaled parts were sent again: ${resent} > ${remaining}`);
    assert.ok(resent >= remaining - partSize, 'the rest really was sent');

    const after = jobs(configDir)[0]!;
    assert.equal(after.state, 'done');
    assert.equal(after.uploadId, before.uploadId, 'the same multipart upload was completed');
    assert.equal(await objectSha(server, after.key), sha256(bytes));
    assert.deepEqual(await leftovers(server, userId), { incomplete: 0, objects: 1 });
  },
);

/**
 * `traydrop queue retry` and `queue clear`, as a user runs them: a share that failed because the
 * file changed mid-upload is retried as the file is now, then finished jobs are cleared.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { jobs } from './queue-fixtures.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server?.close());

interface QueueEntry {
  id: string;
  state: string;
  error: string | null;
  url: string;
}

test(
  'a failed job is retried with `queue retry` and cleared with `queue clear --all`',
  { timeout: 90_000 },
  async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-retry-'));
    const configDir = path.join(dir, 'profile');
    assert.equal(
      (await runCli(['login', server.url, await server.createToken(uniqueUserId('retry'))], { configDir })).code,
      0,
    );
    const file = path.join(dir, 'draft.bin');
    await writeFile(file, randomBytes(6 * 1024 * 1024));

    const sharing = runCli(['share', file, '--limit-rate', '1M', '--json'], { configDir });
    // edited once bytes are going out: after the check at the start of the attempt, before the upload is published
    await waitFor(
      'the upload under way',
      () => {
        const job = jobs(configDir)[0];
        return job?.state === 'uploading' && job.progressBytes > 0 ? true : undefined;
      },
      30_000,
      50,
    );
    await appendFile(file, 'a late edit');
    const failed = await sharing;
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /changed while uploading/);

    const listed = JSON.parse((await runCli(['queue', '--json'], { configDir })).stdout) as QueueEntry[];
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.state, 'failed');

    const retried = await runCli(['queue', 'retry', listed[0]!.id.slice(0, 5)], { configDir });
    assert.equal(retried.code, 0, retried.stderr);
    const after = JSON.parse((await runCli(['queue', '--json'], { configDir })).stdout) as QueueEntry[];
    assert.equal(after[0]!.state, 'done');
    const served = await fetch(after[0]!.url.replace(server.config.shareBaseUrl, server.url) + '/raw');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), await readFile(file), 'the file as it is now');

    const cleared = await runCli(['queue', 'clear', '--all'], { configDir });
    assert.equal(cleared.code, 0);
    assert.match(cleared.stderr, /Removed 1 finished job/);
    assert.deepEqual(JSON.parse((await runCli(['queue', '--json'], { configDir })).stdout), []);
    assert.equal((await runCli(['queue', 'retry', 'zzzzzzzz'], { configDir })).code, 2, 'unknown id is a usage error');
  },
);

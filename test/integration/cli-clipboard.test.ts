/** `traydrop share` copies the links to a real X clipboard (Xvfb + xclip), one per line. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { startXvfb, type Xvfb } from '../helpers/xvfb.ts';

const exec = promisify(execFile);
let server: TestServer;
let x: Xvfb;

before(async () => {
  server = await startTestServer();
  x = await startXvfb('640x480x24');
});
after(async () => {
  // xclip stays behind as the selection owner; it exits with the X server
  await x?.stop();
  await server?.close();
});

test('the links land on the clipboard; --no-copy leaves it alone', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-clip-'));
  const configDir = path.join(dir, 'profile');
  const env = { DISPLAY: x.display };
  assert.equal(
    (await runCli(['login', server.url, await server.createToken(uniqueUserId('clip'))], { configDir })).code,
    0,
  );
  const a = path.join(dir, 'a.txt');
  const b = path.join(dir, 'b.txt');
  await writeFile(a, 'a');
  await writeFile(b, 'b');

  const run = await runCli(['share', a, b], { configDir, env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /2 links copied to the clipboard/);
  const read = () => exec('xclip', ['-o', '-selection', 'clipboard'], { env: { ...process.env, DISPLAY: x.display } });
  assert.equal((await read()).stdout, run.stdout.trim());

  const quiet = await runCli(['share', a, '--no-copy'], { configDir, env });
  assert.equal(quiet.code, 0);
  assert.doesNotMatch(quiet.stderr, /clipboard/);
  assert.equal((await read()).stdout, run.stdout.trim(), 'the clipboard still holds the earlier links');
});

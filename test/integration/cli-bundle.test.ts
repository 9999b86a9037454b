/**
 * The `traydrop` command as users run it after `npm run build`: from its bundle (dist/cli/main.js), which
 * shares a file end to end on the real server and RGW; TRAYDROP_FROM_SOURCE=1 runs the sources instead.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../scripts/build-app.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let dir: string;
before(async () => {
  await buildApp(); // as `npm test` and scripts/stack.sh do; only rewrites what changed
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-cli-bundle-'));
});
after(() => server?.close());

test('after a build the CLI runs from its bundle, and shares through it; the override runs the sources', async () => {
  const configDir = path.join(dir, 'profile');
  const userId = uniqueUserId('bundle');
  const login = await runCli(['login', server.url, await server.createToken(userId)], { configDir });
  assert.equal(login.code, 0, login.stderr);

  const status = await runCli(['status', '--json'], { configDir });
  assert.equal(status.code, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).build, 'bundle');
  assert.match((await runCli(['status'], { configDir })).stdout, /Runs from: +the bundle \(dist\/cli\/main\.js\)/);

  const file = path.join(dir, 'from the bundle.txt');
  await writeFile(file, 'shared by the bundled CLI');
  const share = await runCli(['share', file, '--json', '--no-copy'], { configDir });
  assert.equal(share.code, 0, share.stderr);
  const [result] = JSON.parse(share.stdout);
  const served = await fetch(result.url.replace(server.config.shareBaseUrl, server.url));
  assert.equal(await served.text(), 'shared by the bundled CLI');

  const fromSource = await runCli(['status', '--json'], { configDir, env: { TRAYDROP_FROM_SOURCE: '1' } });
  assert.equal(JSON.parse(fromSource.stdout).build, 'source');
});

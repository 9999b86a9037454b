/**
 * `traydrop replace <link> <file>`, the headless way to update a link, as a user runs it: the real command in a child
 * process, the real server and RGW. The link stays the same and serves the new file; a link this machine did not
 * share, or a missing file, is a clear message.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let dir: string;
let configDir: string;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const fetchLink = async (url: string): Promise<Buffer> =>
  Buffer.from(await (await fetch(url.replace(server.config.shareBaseUrl, server.url) + '/raw')).arrayBuffer());

before(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-cli-replace-'));
  configDir = path.join(dir, 'profile');
  const login = await runCli(['login', server.url, await server.createToken(uniqueUserId('clirep'))], { configDir });
  assert.equal(login.code, 0, login.stderr);
});
after(() => server?.close());

test('replace puts the new bytes behind the same link', async () => {
  const first = path.join(dir, 'notes.png');
  await writeFile(first, randomBytes(2000));
  const shared = await runCli(['share', first, '--json', '--no-copy'], { configDir });
  assert.equal(shared.code, 0, shared.stderr);
  const { url } = (JSON.parse(shared.stdout) as { url: string }[])[0]!;
  const second = path.join(dir, 'notes-edited.png');
  const edited = randomBytes(3000);
  await writeFile(second, edited);
  const replaced = await runCli(['replace', url, second, '--json', '--no-copy'], { configDir });
  assert.equal(replaced.code, 0, replaced.stderr);
  const [result] = JSON.parse(replaced.stdout) as { url: string; bytes: number; ok: boolean }[];
  assert.equal(result!.url, url);
  assert.equal(result!.bytes, 3000);
  assert.equal(sha256(await fetchLink(url)), sha256(edited));
  // and again, from the replacement's own job
  const third = randomBytes(100);
  await writeFile(second, third);
  const again = await runCli(['replace', url, second, '--no-copy'], { configDir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(sha256(await fetchLink(url)), sha256(third));
});

test('replace refuses an unknown link and a missing file with a clear message', async () => {
  const file = path.join(dir, 'x.png');
  await writeFile(file, 'x');
  const unknown = await runCli(['replace', 'https://share.example.test/AAAAAAAAAAAA/x.png', file], { configDir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /is not a link this machine shared/);
  assert.doesNotMatch(unknown.stderr, /\n\s+at /, 'no stack trace');
  const usage = await runCli(['replace', 'only-one-arg'], { configDir });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: traydrop replace <link> <file>/);
  const shared = await runCli(['share', file, '--json', '--no-copy'], { configDir });
  const { url } = (JSON.parse(shared.stdout) as { url: string }[])[0]!;
  const missing = await runCli(['replace', url, path.join(dir, 'nope.png'), '--no-copy'], { configDir });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.png/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

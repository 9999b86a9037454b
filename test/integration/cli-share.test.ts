/**
 * The share path end to end as a user runs it: the real `traydrop` command in child processes,
 * the real server on a socket, the real Ceph RGW.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, writeFile, readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { runCli } from '../helpers/run-cli.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let dir: string;
let configDir: string;
let userId: string;
let token: string;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Links point at the configured share domain; in the test that domain is the test server itself. */
async function fetchLink(url: string): Promise<Response> {
  return fetch(url.replace(server.config.shareBaseUrl, server.url));
}

before(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-cli-'));
  configDir = path.join(dir, 'profile');
  userId = uniqueUserId('cli');
  token = await server.createToken(userId);
});
after(() => server?.close());

test('login checks the token, saves the pairing and status reports it', async () => {
  const bad = await runCli(['login', server.url, 'tdk_not-a-real-token'], { configDir });
  assert.equal(bad.code, 3, bad.stderr);
  assert.match(bad.stderr, /login failed: the server rejected this device token/);

  const notUrl = await runCli(['login', 'not a url', token], { configDir });
  assert.equal(notUrl.code, 2);
  assert.match(notUrl.stderr, /is not a URL/);

  const ok = await runCli(['login', server.url, '-'], { configDir, input: token + '\n' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, new RegExp(`Logged in to .* as ${userId}`));
  assert.doesNotMatch(await readFile(path.join(configDir, 'config.json'), 'utf8'), new RegExp(token));

  const status = await runCli(['status', '--json'], { configDir });
  assert.equal(status.code, 0, status.stderr);
  const report = JSON.parse(status.stdout);
  assert.equal(report.ok, true);
  assert.equal(report.user, userId);
  assert.ok(Date.parse(report.credentialsValidUntil) > Date.now());
});

test('share uploads files, prints links that serve the same bytes, and tags them for lifecycle', async () => {
  const photo = path.join(dir, 'photo.png');
  const video = path.join(dir, 'holiday video.mp4');
  const photoBytes = randomBytes(300_000);
  const videoBytes = randomBytes(12 * 1024 * 1024 + 7); // multipart
  await writeFile(photo, photoBytes);
  await writeFile(video, videoBytes);

  const run = await runCli(['share', photo, video, '--expire', '7d', '--json'], { configDir });
  assert.equal(run.code, 0, run.stderr);
  const results = JSON.parse(run.stdout);
  assert.equal(results.length, 2);
  const s3 = adminS3(server.rgw);
  for (const [result, bytes, type] of [
    [results[0], photoBytes, 'image/png'],
    [results[1], videoBytes, 'video/mp4'],
  ] as const) {
    assert.equal(result.ok, true);
    assert.equal(result.bytes, bytes.length);
    assert.equal(result.expire, '7d');
    assert.ok(result.key.startsWith(`users/${userId}/`), result.key);
    assert.ok(result.url.startsWith(server.config.shareBaseUrl + '/'), result.url);
    const response = await fetchLink(result.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), type);
    assert.equal(sha256(Buffer.from(await response.arrayBuffer())), sha256(bytes));
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: server.config.s3Bucket, Key: result.key }));
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '7d' }]);
  }
  assert.match(results[1].url, /\/holiday-video\.mp4$/);
});

test('plain share prints one link per line; the same file twice gives two links', async () => {
  const file = path.join(dir, 'notes.txt');
  await writeFile(file, 'hello traydrop\n');
  const run = await runCli(['share', file, file], { configDir });
  assert.equal(run.code, 0, run.stderr);
  const links = run.stdout.trim().split('\n');
  assert.equal(links.length, 2);
  assert.notEqual(links[0], links[1]);
  for (const link of links) assert.equal(await (await fetchLink(link)).text(), 'hello traydrop\n');
  assert.match(run.stderr, /✓ notes\.txt · 15 B · expires \d{4}-\d\d-\d\d/);
});

test('bad input: each bad file gets a clear error, good files still go up, nothing is half-uploaded', async () => {
  const folder = path.join(dir, 'a-folder');
  await mkdir(folder, { recursive: true });
  const weirdNames = [
    'a#b?c%d.txt',
    'line\nbreak.txt',
    '..hidden.txt',
    '🎉 party ünïcödé.txt',
    'x'.repeat(240) + '.txt',
  ];
  for (const name of weirdNames) await writeFile(path.join(dir, name), name);
  const missing = path.join(dir, 'missing.png');
  // a path that climbs out of a folder: the key takes only the file's name, never the path
  await writeFile(path.join(dir, 'climbed.txt'), 'climbed');
  const climbing = `${dir}/a-folder/../climbed.txt`; // not path.join, which would resolve the ..
  const run = await runCli(
    ['share', folder, missing, ...weirdNames.map((n) => path.join(dir, n)), climbing, '--json'],
    { configDir },
  );
  assert.equal(run.code, 1, 'a failed file makes the exit code non-zero');
  const results = JSON.parse(run.stdout);
  assert.equal(results[0].ok, false);
  assert.match(results[0].error, /is a folder/);
  assert.match(run.stderr, /a-folder: is a folder; zip it first/);
  assert.equal(results[1].ok, false);
  assert.match(results[1].error, /no such file/);

  const s3 = adminS3(server.rgw);
  for (const [i, name] of weirdNames.entries()) {
    const result = results[i + 2];
    assert.equal(result.ok, true, `${JSON.stringify(name)}: ${result.error}`);
    const objectName = result.key.split('/').pop();
    assert.doesNotMatch(objectName, /[#?%\n/\\]|^\./, `sanitized: ${objectName}`);
    assert.ok(Buffer.byteLength(objectName) <= 120, 'long names are shortened');
    assert.equal(await (await fetchLink(result.url)).text(), name);
  }
  assert.match(results[5].key, /🎉-party-ünïcödé\.txt$/, 'Unicode and emoji are kept');
  const climbed = results[weirdNames.length + 2];
  assert.equal(climbed.ok, true, climbed.error);
  assert.match(climbed.key, new RegExp(`^users/${userId}/[^/]+/climbed\\.txt$`), 'no path in the key');
  assert.equal(await (await fetchLink(climbed.url)).text(), 'climbed');

  const uploads = await s3.send(
    new ListMultipartUploadsCommand({ Bucket: server.config.s3Bucket, Prefix: `users/${userId}/` }),
  );
  assert.equal(uploads.Uploads?.length ?? 0, 0, 'no incomplete multipart uploads');
  const objects = await s3.send(
    new ListObjectsV2Command({ Bucket: server.config.s3Bucket, Prefix: `users/${userId}/` }),
  );
  assert.ok(!objects.Contents?.some((o) => /missing|a-folder/.test(o.Key ?? '')));
});

test('usage errors and an unknown --expire exit 2 with the allowed values', async () => {
  const run = await runCli(['share', 'x.png', '--expire', '2d'], { configDir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--expire 2d: expected one of 1d, 7d, 30d, 90d, 365d, never/);
  assert.equal((await runCli(['share'], { configDir })).code, 2);
  assert.equal((await runCli(['frobnicate'], { configDir })).code, 2);
});

test('a revoked token stops sharing with exit 3 and says how to pair again', async () => {
  const other = path.join(dir, 'revoked-profile');
  const revokedToken = await server.createToken(userId, 'to revoke');
  assert.equal((await runCli(['login', server.url, revokedToken], { configDir: other })).code, 0);
  const list = await server.call<{ id: string }[]>('GET', '/v1/me', revokedToken);
  assert.equal(list.status, 200);
  const { runServerCli } = await import('../../server/cli.ts');
  const out: string[] = [];
  const code = await runServerCli(['token', 'revoke', revokedToken], server.databaseEnv(), {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
  });
  assert.equal(code, 0, out.join(''));
  const file = path.join(dir, 'after-revoke.txt');
  await writeFile(file, 'x');
  const run = await runCli(['share', file], { configDir: other });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /revoked/);
  assert.match(run.stderr, /traydrop login/);
});

test('not logged in: exit 3 with the command to run', async () => {
  const run = await runCli(['share', 'x.png'], { configDir: path.join(dir, 'never-logged-in') });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /not logged in\. Pair this machine first: traydrop login/);
});

test('the server unreachable: exit 4, nothing else breaks', async () => {
  const other = path.join(dir, 'unreachable-profile');
  await mkdir(other, { recursive: true });
  const closedPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const serverUrl = `http://127.0.0.1:${closedPort}`;
  await writeFile(path.join(other, 'config.json'), JSON.stringify({ serverUrl }));
  await writeFile(path.join(other, 'device-token'), 'tdk_x');
  const file = path.join(dir, 'offline.txt');
  await writeFile(file, 'x');
  const run = await runCli(['share', file], { configDir: other });
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, new RegExp(`cannot reach the Traydrop server at ${serverUrl}: ECONNREFUSED`));
});

test('HeadObject agrees with what the CLI reported', async () => {
  const file = path.join(dir, 'report.pdf');
  await writeFile(file, randomBytes(1234));
  const run = await runCli(['share', file, '--json', '--expire', '1d'], { configDir });
  const [result] = JSON.parse(run.stdout);
  const head = await adminS3(server.rgw).send(
    new HeadObjectCommand({ Bucket: server.config.s3Bucket, Key: result.key }),
  );
  assert.equal(head.ContentLength, 1234);
  assert.equal(head.ContentType, 'application/pdf');
});

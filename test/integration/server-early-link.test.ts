/** Early links: a reserved share answers 202 "uploading…" until the upload is recorded, then the bytes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  API,
  FILES_API,
  type CredentialsResponse,
  type FileListResponse,
  type UploadRecord,
  type UploadReserveResponse,
} from '../../common/broker-api.ts';
import { s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, testClock, type TestServer, uniqueUserId } from '../helpers/server.ts';

describe('early links (reserve / release)', () => {
  let server: TestServer;
  const clock = testClock();
  const alice = uniqueUserId('early');
  let token: string;

  before(async () => {
    server = await startTestServer({ now: clock.now, config: { s3PublicEndpoint: 'http://s3.public.example:7480' } });
    token = await server.createToken(alice);
  });
  after(() => server.close());

  const reserve = (key: string, tok = token) =>
    server.call<UploadReserveResponse>('POST', API.reserve, tok, {
      key,
      expire: '7d',
      contentType: 'image/png',
      bytes: 3,
    });

  it('hands clients the public S3 endpoint, not the one the server uses', async () => {
    const creds = await server.call<CredentialsResponse>('POST', API.credentials, token, {});
    assert.equal(creds.body.endpoint, 'http://s3.public.example:7480');
  });

  it('answers 202 with Retry-After while uploading, then serves the file once it is recorded', async () => {
    const key = newKey(alice, 'shot-1.png');
    const reserved = await reserve(key);
    assert.equal(reserved.status, 200);
    const path = new URL(reserved.body.url).pathname;

    const pending = await fetch(server.url + path);
    assert.equal(pending.status, 202);
    assert.equal(pending.headers.get('retry-after'), '3');
    assert.equal(pending.headers.get('cache-control'), 'no-store');
    assert.match(pending.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await pending.text(), /still uploading/);
    assert.equal((await fetch(server.url + path, { method: 'HEAD' })).status, 202);
    assert.equal((await reserve(key)).status, 200, 'reserving again is harmless');

    const creds = (await server.call<CredentialsResponse>('POST', API.credentials, token, {})).body;
    const s3 = s3WithCredentials(server.rgw, creds);
    await s3.send(new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: 'png', Tagging: 'expire=7d' }));
    assert.equal((await server.call('POST', API.uploads, token, { key })).status, 200);
    const done = await fetch(server.url + path);
    assert.equal(done.status, 200);
    assert.equal(await done.text(), 'png');
  });

  it('serves a reserved upload once S3 has it, before the client reports it, and records it', async () => {
    const key = newKey(alice, 'live-early.png');
    const path = new URL((await reserve(key)).body.url).pathname;
    const creds = (await server.call<CredentialsResponse>('POST', API.credentials, token, {})).body;
    const s3 = s3WithCredentials(server.rgw, creds);
    assert.equal((await fetch(server.url + path)).status, 202, 'not in S3 yet');
    await s3.send(new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: 'png', Tagging: 'expire=7d' }));
    assert.equal(
      (await fetch(server.url + path)).status,
      202,
      'S3 was asked less than a second ago: not again (a link visited while its upload waits costs no S3 calls)',
    );
    clock.advance(1001); // the server's clock: a second has gone by
    const live = await fetch(server.url + path);
    assert.equal(live.status, 200);
    assert.equal(await live.text(), 'png');
    const listed = await server.call<FileListResponse>('GET', FILES_API.files, token);
    const entry = listed.body.files.find((f) => f.key === key);
    assert.ok(entry, 'the gateway recorded it');
    assert.equal(entry.expire, '7d');
    const report = await server.call<UploadRecord>('POST', API.uploads, token, { key });
    assert.equal(report.status, 200, "the client's late report is answered with the same record");
    assert.equal(report.body.uploadedAt, entry.uploadedAt);
  });

  it('release makes the link 404; so does a reservation that never finished within its TTL', async () => {
    const key = newKey(alice, 'cancelled.mp4');
    const path = new URL((await reserve(key)).body.url).pathname;
    assert.equal((await server.call('POST', API.release, token, { key })).status, 200);
    assert.equal((await fetch(server.url + path)).status, 404);

    const stale = newKey(alice, 'stale.mp4');
    const stalePath = new URL((await reserve(stale)).body.url).pathname;
    clock.advance(8 * 24 * 3600 * 1000);
    assert.equal((await fetch(server.url + stalePath)).status, 404);
  });

  it("refuses other users' keys and a share id already held by another key", async () => {
    const bob = await server.createToken(uniqueUserId('bob'));
    const key = newKey(alice, 'mine.txt');
    assert.equal((await reserve(key, bob)).status, 400);
    await reserve(key);
    const sameId = key.replace(/[^/]+$/, 'other.txt');
    assert.equal((await reserve(sameId)).status, 409);
  });
});

/** The share gateway over a real socket, serving real objects from the RGW. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  API,
  FILES_API,
  type CredentialsResponse,
  type FileStatsResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { adminS3, s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, testClock, type TestServer, uniqueUserId } from '../helpers/server.ts';

const DAY = 24 * 3600 * 1000;

describe('share gateway', () => {
  const clock = testClock();
  let server: TestServer;
  let creds: CredentialsResponse;
  let token: string;
  const alice = uniqueUserId('alice');
  const data = randomBytes(300_000);
  let file: UploadRecord;

  /** Upload as a client does (temporary creds, tagged PutObject) and report it. */
  async function share(name: string, body: Buffer | string, contentType: string, expire = '7d'): Promise<UploadRecord> {
    const key = newKey(alice, name);
    const s3 = s3WithCredentials(server.rgw, creds);
    await s3.send(
      new PutObjectCommand({
        Bucket: creds.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Tagging: `expire=${expire}`,
      }),
    );
    const res = await server.call<UploadRecord>('POST', API.uploads, token, { key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }

  /** Downloads as the app sees them (the stats API: the server flushes its counters first). */
  const downloadsOf = async (shareId: string): Promise<number> => {
    const res = await server.call<FileStatsResponse>('GET', FILES_API.stats.replace(':shareId', shareId), token);
    assert.equal(res.status, 200);
    return res.body.totals.downloads;
  };

  const get = (record: UploadRecord | string, init?: RequestInit & { query?: string }) => {
    const path = typeof record === 'string' ? record : `/${record.shareId}/${encodeURIComponent(record.name)}`;
    return fetch(server.url + path + (init?.query ?? ''), init);
  };

  before(async () => {
    server = await startTestServer({ now: clock.now });
    token = await server.createToken(alice);
    creds = (await server.call<CredentialsResponse>('POST', API.credentials, token, {})).body;
    file = await share('photo.png', data, 'image/png');
  });
  after(() => server.close());

  it('GET streams the whole object, byte-identical, inline, with the right headers', async () => {
    const res = await get(file);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(data));
    assert.equal(res.headers.get('content-length'), String(data.length));
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
    assert.ok(Date.parse(res.headers.get('last-modified') ?? '') > 0);
    assert.equal(res.headers.get('content-disposition'), `inline; filename="photo.png"; filename*=UTF-8''photo.png`);
    assert.equal((await get(`/${file.shareId}`)).status, 200, 'the short link works too');
    const cached = await get(file, { headers: { 'if-none-match': res.headers.get('etag')! } });
    assert.equal(cached.status, 304);
  });

  it('Range gives 206 with Content-Range; unsatisfiable gives 416', async () => {
    const res = await get(file, { headers: { range: 'bytes=1000-1999' } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), `bytes 1000-1999/${data.length}`);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(data.subarray(1000, 2000)));
    const suffix = await get(file, { headers: { range: 'bytes=-10' } });
    assert.equal(suffix.status, 206);
    assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(data.subarray(-10)));
    const bad = await get(file, { headers: { range: `bytes=${data.length + 10}-` } });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get('content-range'), `bytes */${data.length}`);
  });

  it('HEAD answers headers only and does not count as a download', async () => {
    const before = await downloadsOf(file.shareId);
    const res = await get(file, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(data.length));
    assert.match(res.headers.get('etag') ?? '', /^"/);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
    assert.equal(await downloadsOf(file.shareId), before);
    await (await get(file)).arrayBuffer();
    await (await get(file, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } })).arrayBuffer();
    assert.equal(await downloadsOf(file.shareId), before + 1);
  });

  it('?download forces an attachment', async () => {
    const res = await get(file, { query: '?download' });
    await res.arrayBuffer();
    assert.match(res.headers.get('content-disposition')!, /^attachment; filename="photo.png"/);
  });

  it('HTML and SVG are attachments with nosniff, whatever the content type says', async () => {
    for (const [name, type] of [
      ['page.html', 'text/html'],
      ['logo.svg', 'image/svg+xml'],
      ['sneaky.txt', 'text/html'],
    ] as const) {
      const record = await share(name, '<script>alert(1)</script>', type);
      const res = await get(record);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), '<script>alert(1)</script>');
      assert.match(res.headers.get('content-disposition')!, /^attachment;/, name);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  it('404 for unknown links, whatever their shape', async () => {
    for (const path of [
      '/AAAAAAAAAAAA/x.png',
      '/AAAAAAAAAAAA',
      '/nope',
      '/../etc/passwd',
      `/${file.shareId.slice(1)}/x`,
    ]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      await res.arrayBuffer();
    }
  });

  it('410 once the clock passes expiresAt, though the object still exists', async () => {
    const record = await share('soon.txt', 'bye', 'text/plain', '1d');
    assert.equal((await get(record)).status, 200);
    clock.advance(DAY + 1000);
    const res = await get(record);
    assert.equal(res.status, 410);
    assert.match(await res.text(), /expired/);
    assert.equal((await get(file)).status, 200, 'a 7d link still works after one day');
    clock.advance(-(DAY + 1000));
  });

  it('410 when the object is gone from the bucket', async () => {
    const record = await share('deleted.txt', 'x', 'text/plain');
    await adminS3(server.rgw).send(new DeleteObjectCommand({ Bucket: creds.bucket, Key: record.key }));
    assert.equal((await get(record)).status, 410);
  });
});

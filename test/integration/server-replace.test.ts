/**
 * Replacing a shared file under the same link (issue #17), on the real RGW and the real server, SQLite or PostgreSQL
 * (TRAYDROP_TEST_DATABASE): the same URL serves the new bytes and never the old ones after the completion, the object
 * keeps exactly its tag, a download resumed with If-Range across a replacement starts over, the page shows the new
 * size and version, another user's id and expired or still-uploading links are refused, the credentials write only
 * that key, and a large replacement goes multipart.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { API, apiPath, type CredentialsResponse, type UploadRecord } from '../../common/broker-api.ts';
import {
  REPLACE_API,
  type ReplacedRecord,
  type ReplaceMultipartResponse,
  type ReplaceStartResponse,
} from '../../common/replace-api.ts';
import { encodePng } from '../../main/capture/png.ts';
import { addExpiryTaggingHeader } from '../../main/upload/expiry-tagging-header.ts';
import { THUMBNAIL_API } from '../../server/routes/thumbnail.ts';
import { BROWSER_ACCEPT, gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { adminS3, s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, testClock, type TestServer } from '../helpers/server.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('replacing a shared file under the same link', () => {
  let server: TestServer;
  let user: GatewayUser;
  let other: GatewayUser;
  const clock = testClock();

  before(async () => {
    server = await startTestServer({ now: clock.now });
    user = await gatewayUser(server, 'rp');
    other = await gatewayUser(server, 'rpo');
  });
  after(async () => {
    await server?.close();
  });

  const start = (token: string, shareId: string, bytes: number, contentType = 'image/png') =>
    server.call<ReplaceStartResponse>('POST', apiPath(REPLACE_API.start, shareId), token, { bytes, contentType });
  const complete = (token: string, shareId: string, body: object = {}) =>
    server.call<ReplacedRecord>('POST', apiPath(REPLACE_API.complete, shareId), token, body);
  const get = (path: string, headers: Record<string, string> = {}) => rawRequest(server.url, path, { headers });

  /** start → PutObject with the replacement's own credentials → complete. */
  async function replace(rec: UploadRecord, data: Buffer, contentType = 'image/png'): Promise<ReplacedRecord> {
    const started = await start(user.token, rec.shareId, data.length, contentType);
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const { credentials, key, expire } = started.body;
    const s3 = s3WithCredentials(server.rgw, credentials);
    await s3.send(
      new PutObjectCommand({
        Bucket: credentials.bucket,
        Key: key,
        Body: data,
        ContentType: contentType,
        Tagging: `expire=${expire}`,
      }),
    );
    const done = await complete(user.token, rec.shareId);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    return done.body;
  }

  it('the same URL serves the new bytes, with a new ETag, version 2, the tag unchanged', async () => {
    const before = randomBytes(20_000);
    const rec = await user.share('shot.png', before, 'image/png', '30d');
    const raw = `${pathOf(rec)}/raw`;
    const old = await get(raw);
    assert.equal(sha(old.body), sha(before));
    const edited = randomBytes(23_456);
    const done = await replace(rec, edited);
    assert.equal(done.url, rec.url, 'the link is the same');
    assert.equal(done.version, 2);
    assert.equal(done.bytes, edited.length);
    assert.ok(done.replacedAt);
    const now = await get(raw);
    assert.equal(now.status, 200);
    assert.equal(sha(now.body), sha(edited));
    assert.notEqual(now.headers.etag, old.headers.etag, 'the validator changes with the bytes');
    const script = await get(pathOf(rec)); // the link's own URL, for a script: the bytes too
    assert.equal(sha(script.body), sha(edited));
    const tags = await adminS3(server.rgw).send(
      new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: rec.key }),
    );
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '30d' }]);
    // the index agrees: the list shows the new size, the expiry did not move
    const listed = await server.call<{ files: { shareId: string; bytes: number; expiresAt: string | null }[] }>(
      'GET',
      '/v1/files',
      user.token,
    );
    const entry = listed.body.files.find((f) => f.shareId === rec.shareId)!;
    assert.equal(entry.bytes, edited.length);
    assert.equal(entry.expiresAt, rec.expiresAt);
    // a second replacement: version 3, and again only the newest bytes
    const again = randomBytes(1000);
    assert.equal((await replace(rec, again)).version, 3);
    assert.equal(sha((await get(raw)).body), sha(again));
  });

  it("a replaced picture's thumbnail is made again from the new bytes, never the old one", async () => {
    const picture = (width: number, height: number, shade: number) =>
      encodePng({ width, height, data: Buffer.alloc(width * height * 4, shade) });
    const rec = await user.share('thumb.png', picture(400, 200, 40), 'image/png');
    const thumbnail = async () => {
      const res = await fetch(`${server.url}${apiPath(THUMBNAIL_API, rec.shareId)}`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      assert.equal(res.status, 200);
      return Buffer.from(await res.arrayBuffer());
    };
    const before = await thumbnail();
    await replace(rec, picture(200, 400, 220));
    const after = await thumbnail();
    assert.notEqual(sha(after), sha(before), 'the thumbnail of the edited picture, not the original');
  });

  it('the page shows the new size, "updated", and asks for the image by its version', async () => {
    const rec = await user.share('page.png', randomBytes(5000), 'image/png');
    const first = (await get(pathOf(rec), { accept: BROWSER_ACCEPT })).body.toString();
    assert.match(first, /<img src="[^"]*\/raw"/);
    assert.doesNotMatch(first, /updated/);
    await replace(rec, randomBytes(7000));
    const page = (await get(pathOf(rec), { accept: BROWSER_ACCEPT })).body.toString();
    assert.match(page, /<img src="[^"]*\/raw\?v=2"/);
    assert.match(page, /7(\.0)? KB · updated \d{4}-\d\d-\d\d/);
    assert.match(page, /og:image" content="[^"]*\/raw\?v=2"/);
  });

  it('a download resumed across a replacement starts over (If-Range): never new bytes glued to old ones', async () => {
    const before = randomBytes(40_000);
    const rec = await user.share('resume.bin', before, 'application/octet-stream');
    const raw = `${pathOf(rec)}/raw`;
    const part = await get(raw, { range: 'bytes=0-9999' });
    assert.equal(part.status, 206);
    const etag = String(part.headers.etag);
    const lastModified = String(part.headers['last-modified']);
    // before any change, the same If-Range resumes
    const same = await get(raw, { range: 'bytes=10000-', 'if-range': etag });
    assert.equal(same.status, 206);
    assert.deepEqual(Buffer.concat([part.body, same.body]), before);
    const edited = randomBytes(50_000);
    clock.advance(2000);
    await new Promise((r) => setTimeout(r, 1100)); // a Last-Modified of another second than the first write
    await replace(rec, edited);
    for (const validator of [etag, lastModified]) {
      const resumed = await get(raw, { range: 'bytes=10000-', 'if-range': validator });
      assert.equal(resumed.status, 200, `If-Range ${validator}: the whole new file, not a 206 of it`);
      assert.equal(resumed.headers['content-range'], undefined);
      assert.equal(sha(resumed.body), sha(edited));
    }
    const weak = await get(raw, { range: 'bytes=10000-', 'if-range': `W/${etag}` });
    assert.equal(weak.status, 200, 'a weak validator never allows a range');
    // with the new validator the resume works
    const current = String((await get(raw, { range: 'bytes=0-0' })).headers.etag);
    const tail = await get(raw, { range: 'bytes=10000-', 'if-range': current });
    assert.equal(tail.status, 206);
    assert.deepEqual(tail.body, edited.subarray(10000));
    // If-None-Match with the old ETag is no 304
    assert.equal((await get(raw, { 'if-none-match': etag })).status, 200);
    // a smaller file now: the old range is past its end (S3 answers 416), and the resume still gets all of it
    const smaller = randomBytes(5000);
    await replace(rec, smaller);
    const past = await get(raw, { range: 'bytes=20000-', 'if-range': current });
    assert.equal(past.status, 200);
    assert.equal(sha(past.body), sha(smaller));
    assert.equal((await get(raw, { range: 'bytes=20000-' })).status, 416, 'without If-Range: the range as asked');
  });

  it("another user's id, a deleted, an expired or a still-uploading link: 404 (409 for one's own upload)", async () => {
    const rec = await user.share('mine.png', randomBytes(100), 'image/png');
    const theirs = await start(other.token, rec.shareId, 10);
    assert.equal(theirs.status, 404);
    assert.equal((await complete(other.token, rec.shareId)).status, 404);
    assert.equal((await server.call('POST', apiPath(REPLACE_API.multipart, rec.shareId), other.token, {})).status, 404);
    const unknown = await start(user.token, 'AAAAAAAAAAAA', 10);
    assert.equal(unknown.status, 404);
    // reserved, not recorded yet
    const key = newKey(user.userId, 'coming.png');
    const shareId = key.split('/')[2]!;
    const reserved = await server.call('POST', API.reserve, user.token, {
      key,
      expire: '7d',
      contentType: 'image/png',
      bytes: 10,
    });
    assert.equal(reserved.status, 200);
    const uploading = await start(user.token, shareId, 10);
    assert.equal(uploading.status, 409);
    assert.match((uploading.body as unknown as { message: string }).message, /still uploading/);
    assert.equal((await start(other.token, shareId, 10)).status, 404, "another's reservation is not revealed");
    // deleted
    const gone = await user.share('gone.png', randomBytes(100), 'image/png');
    assert.equal((await server.call('DELETE', `/v1/files/${gone.shareId}`, user.token)).status, 200);
    assert.equal((await start(user.token, gone.shareId, 10)).status, 404);
    // expired
    const short = await user.share('short.png', randomBytes(100), 'image/png', '1d');
    clock.advance(2 * 86_400_000);
    try {
      assert.equal((await start(user.token, short.shareId, 10)).status, 404);
    } finally {
      clock.advance(-2 * 86_400_000);
    }
    // bad input: a clear 400
    const bad = await server.call<{ message: string }>('POST', apiPath(REPLACE_API.start, rec.shareId), user.token, {
      bytes: -1,
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /invalid request/);
  });

  it("the replacement's credentials write that key only, with its own tag only", async () => {
    const rec = await user.share('scope.png', randomBytes(100), 'image/png', '7d');
    const neighbour = await user.share('neighbour.png', randomBytes(100), 'image/png', '7d');
    const { credentials, key } = (await start(user.token, rec.shareId, 3)).body;
    assert.equal(credentials.prefix, key);
    assert.deepEqual(credentials.allowedExpiry, ['7d']);
    const s3 = s3WithCredentials(server.rgw, credentials);
    const put = (Key: string, Tagging: string) =>
      s3.send(new PutObjectCommand({ Bucket: credentials.bucket, Key, Body: 'abc', Tagging })).then(
        () => 'ok',
        (e: Error) => e.name,
      );
    assert.equal(await put(neighbour.key, 'expire=7d'), 'AccessDenied', 'another link of the same user');
    assert.equal(await put(key, 'expire=never'), 'AccessDenied', 'another tag');
    assert.equal(await put(key, 'expire=7d'), 'ok');
    const done = await complete(user.token, rec.shareId);
    assert.equal(done.status, 200);
    // a retry after a lost answer gets the same record
    const retry = await complete(user.token, rec.shareId);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.version, done.body.version);
  });

  it('complete refuses bytes that are not the announced ones, and leaves the link as it was', async () => {
    const data = randomBytes(300);
    const rec = await user.share('check.png', data, 'image/png');
    assert.equal((await complete(user.token, rec.shareId)).status, 409, 'nothing started');
    assert.equal((await start(user.token, rec.shareId, 999)).status, 200);
    // nothing was uploaded: S3 still has the old 300 bytes
    const refused = await complete(user.token, rec.shareId);
    assert.equal(refused.status, 409);
    assert.match((refused.body as unknown as { message: string }).message, /300 bytes .* not the 999 announced/);
    // the right size announced, but nothing uploaded: the object is the one S3 had at the start
    assert.equal((await start(user.token, rec.shareId, 300)).status, 200);
    const untouched = await complete(user.token, rec.shareId);
    assert.equal(untouched.status, 409);
    assert.match((untouched.body as unknown as { message: string }).message, /not in the storage service yet/);
    assert.equal(sha((await get(`${pathOf(rec)}/raw`)).body), sha(data));
    const listed = await server.call<{ files: { shareId: string; bytes: number }[] }>('GET', '/v1/files', user.token);
    assert.equal(listed.body.files.find((f) => f.shareId === rec.shareId)!.bytes, 300, 'the row is as it was');
  });

  it('a large replacement goes multipart: parts with the scoped credentials, the server completes and re-tags', async () => {
    const rec = await user.share('big.bin', randomBytes(1000), 'application/octet-stream', '90d');
    const partSize = 5 * 1024 * 1024;
    const data = randomBytes(partSize + 1234);
    const { credentials, key } = (await start(user.token, rec.shareId, data.length, 'application/octet-stream')).body;
    const mp = await server.call<ReplaceMultipartResponse>(
      'POST',
      apiPath(REPLACE_API.multipart, rec.shareId),
      user.token,
      {},
    );
    assert.equal(mp.status, 200, JSON.stringify(mp.body));
    const s3 = s3WithCredentials(server.rgw, credentials);
    const parts = [];
    for (const [n, body] of [data.subarray(0, partSize), data.subarray(partSize)].entries()) {
      // the session policy wants the tag on every part (RGW checks it there)
      const res = await s3.send(
        addExpiryTaggingHeader(
          new UploadPartCommand({
            Bucket: credentials.bucket,
            Key: key,
            UploadId: mp.body.uploadId,
            PartNumber: n + 1,
            Body: body,
          }),
          '90d',
        ),
      );
      parts.push({ partNumber: n + 1, etag: res.ETag! });
    }
    // the client may not complete it itself (create and complete stay with the server)
    const own = await s3
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: credentials.bucket,
          Key: key,
          UploadId: mp.body.uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      )
      .then(
        () => 'ok',
        (e: Error) => e.name,
      );
    assert.equal(own, 'AccessDenied');
    const done = await complete(user.token, rec.shareId, { uploadId: mp.body.uploadId, parts });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.bytes, data.length);
    assert.equal(sha((await get(`${pathOf(rec)}/raw`)).body), sha(data));
    const tags = await adminS3(server.rgw).send(new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: key }));
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '90d' }]);
  });

  it('the credentials of an ordinary session still cannot touch the key of another user', async () => {
    const rec = await other.share('theirs.png', randomBytes(10), 'image/png');
    const creds = (await server.call<CredentialsResponse>('POST', API.credentials, user.token, {})).body;
    const s3 = s3WithCredentials(server.rgw, creds);
    const res = await s3
      .send(new PutObjectCommand({ Bucket: creds.bucket, Key: rec.key, Body: 'x', Tagging: 'expire=7d' }))
      .then(
        () => 'ok',
        (e: Error) => e.name,
      );
    assert.equal(res, 'AccessDenied');
  });
});

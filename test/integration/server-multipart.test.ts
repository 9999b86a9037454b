/** Multipart through the server: it creates and completes, the client sends the parts; and POST /v1/uploads. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  GetObjectTaggingCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  API,
  type ApiError,
  type CompletedPart,
  type CredentialsResponse,
  type MultipartCreateResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { shareUrl } from '../../common/share-key.ts';
import { adminS3, s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

const MiB = 1024 * 1024;

describe('multipart via the server', () => {
  let server: TestServer;
  let creds: CredentialsResponse;
  let client: S3Client;
  const alice = uniqueUserId('alice');
  let token: string;
  let bobToken: string;

  before(async () => {
    server = await startTestServer();
    token = await server.createToken(alice);
    bobToken = await server.createToken(uniqueUserId('bob'));
    creds = (await server.call<CredentialsResponse>('POST', API.credentials, token, {})).body;
    client = s3WithCredentials(server.rgw, creds);
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-tagging'] = 'expire=30d';
        return next(args);
      },
      { step: 'build' },
    );
  });
  after(() => server.close());

  async function create(key: string, expire = '30d') {
    return server.call<MultipartCreateResponse>('POST', API.multipartCreate, token, {
      key,
      contentType: 'video/mp4',
      expire,
    });
  }

  async function uploadParts(key: string, uploadId: string, bodies: Buffer[]): Promise<CompletedPart[]> {
    const parts: CompletedPart[] = [];
    for (const [i, body] of bodies.entries()) {
      const res = await client.send(
        new UploadPartCommand({ Bucket: creds.bucket, Key: key, UploadId: uploadId, PartNumber: i + 1, Body: body }),
      );
      parts.push({ partNumber: i + 1, etag: res.ETag! });
    }
    return parts;
  }

  it('abort: the client cannot abort with its own credentials on RGW, the server does it for the owner only', async () => {
    const key = newKey(alice, 'cancelled.mp4');
    const { uploadId } = (await create(key)).body;
    await uploadParts(key, uploadId, [randomBytes(1024)]);
    await assert.rejects(
      client.send(new AbortMultipartUploadCommand({ Bucket: creds.bucket, Key: key, UploadId: uploadId })),
      (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 403,
      'RGW 16 authorizes Abort as the tag-conditioned s3:PutObject',
    );
    const bobs = await server.call<ApiError>('POST', API.multipartAbort, bobToken, { key, uploadId });
    assert.ok([400, 403, 404].includes(bobs.status), `another user may not abort it (got ${bobs.status})`);

    const res = await server.call<{ aborted: boolean }>('POST', API.multipartAbort, token, { key, uploadId });
    assert.equal(res.status, 200);
    assert.equal(res.body.aborted, true);
    const left = await adminS3(server.rgw).send(new ListMultipartUploadsCommand({ Bucket: creds.bucket, Prefix: key }));
    assert.equal(left.Uploads?.length ?? 0, 0, 'nothing incomplete is left');
    const again = await server.call('POST', API.multipartAbort, token, { key, uploadId });
    assert.equal(again.status, 200, 'aborting twice is harmless');
  });

  it('create → 2 parts → complete gives a tagged object and a record', async () => {
    const key = newKey(alice, 'clip.mp4');
    const created = await create(key);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const parts = await uploadParts(key, created.body.uploadId, [randomBytes(5 * MiB), randomBytes(1)]);
    const done = await server.call<UploadRecord>('POST', API.multipartComplete, token, {
      key,
      uploadId: created.body.uploadId,
      parts: [...parts].reverse(),
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const [, , shareId, name] = key.split('/') as [string, string, string, string];
    assert.equal(done.body.bytes, 5 * MiB + 1);
    assert.equal(done.body.shareId, shareId);
    assert.equal(done.body.contentType, 'video/mp4');
    assert.equal(done.body.expire, '30d');
    assert.equal(done.body.url, shareUrl(server.config.shareBaseUrl, shareId, name));
    const ms = Date.parse(done.body.expiresAt!) - Date.parse(done.body.uploadedAt);
    assert.equal(ms, 30 * 24 * 3600 * 1000);

    const tags = await adminS3(server.rgw).send(new GetObjectTaggingCommand({ Bucket: creds.bucket, Key: key }));
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '30d' }]);

    // a retry of a complete whose answer was lost gives the same record
    const again = await server.call<UploadRecord>('POST', API.multipartComplete, token, {
      key,
      uploadId: created.body.uploadId,
      parts,
    });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, done.body);
  });

  it("refuses to complete someone else's upload or an unknown one", async () => {
    const key = newKey(alice, 'mine.bin');
    const created = await create(key);
    const parts = await uploadParts(key, created.body.uploadId, [randomBytes(10)]);
    const bobs = await server.call<ApiError>('POST', API.multipartComplete, bobToken, {
      key,
      uploadId: created.body.uploadId,
      parts,
    });
    assert.equal(bobs.status, 404);
    assert.match(bobs.body.message, /no multipart upload .* of yours/);
    const unknown = await server.call<ApiError>('POST', API.multipartComplete, token, {
      key,
      uploadId: 'no-such-upload',
      parts,
    });
    assert.equal(unknown.status, 404);
    const wrongKey = await server.call<ApiError>('POST', API.multipartComplete, token, {
      key: newKey(alice, 'other.bin'),
      uploadId: created.body.uploadId,
      parts,
    });
    assert.equal(wrongKey.status, 400);
    const badPart = await server.call<ApiError>('POST', API.multipartComplete, token, {
      key,
      uploadId: created.body.uploadId,
      parts: [{ partNumber: 1, etag: '"0123"' }],
    });
    assert.equal(badPart.status, 400, JSON.stringify(badPart.body));
  });

  it('a complete that S3 already did (then tagging failed) is finished on retry', async () => {
    const key = newKey(alice, 'half-done.bin');
    const created = await create(key, '7d');
    const parts = await uploadParts(key, created.body.uploadId, [randomBytes(100)]);
    await adminS3(server.rgw).send(
      new CompleteMultipartUploadCommand({
        Bucket: creds.bucket,
        Key: key,
        UploadId: created.body.uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    const done = await server.call<UploadRecord>('POST', API.multipartComplete, token, {
      key,
      uploadId: created.body.uploadId,
      parts,
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.bytes, 100);
    const tags = await adminS3(server.rgw).send(new GetObjectTaggingCommand({ Bucket: creds.bucket, Key: key }));
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '7d' }]);
  });

  it('create validates the body, the key and the expiry with clear 400s', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ key: newKey(alice, 'a.bin'), contentType: 'video/mp4' }, /must have required property 'expire'/],
      [{ key: newKey(alice, 'a.bin'), contentType: 'video/mp4', expire: '2d' }, /expire must be equal to one of/],
      [
        { key: 'users/x/y', contentType: 'video/mp4', expire: '7d' },
        /must look like users\/<userId>\/<shareId>\/<name>/,
      ],
      [{ key: newKey('bob', 'a.bin'), contentType: 'video/mp4', expire: '7d' }, /outside your prefix users\/alice-/],
      [{ key: newKey(alice, 'a b.bin'), contentType: 'video/mp4', expire: '7d' }, /not a safe name .*"a-b.bin"/],
      [{ key: newKey(alice, 'a.bin'), contentType: 'nonsense', expire: '7d' }, /contentType must match pattern/],
    ];
    for (const [body, message] of cases) {
      const res = await server.call<ApiError>('POST', API.multipartCreate, token, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error, 'bad_request');
      assert.match(res.body.message, message);
    }
  });

  it('POST /v1/uploads records a tagged single PutObject and rejects missing or badly tagged ones', async () => {
    const key = newKey(alice, 'shot.png');
    await client.send(
      new PutObjectCommand({
        Bucket: creds.bucket,
        Key: key,
        Body: 'png!',
        ContentType: 'image/png',
        Tagging: 'expire=30d',
      }),
    );
    const rec = await server.call<UploadRecord>('POST', API.uploads, token, { key });
    assert.equal(rec.status, 200, JSON.stringify(rec.body));
    assert.equal(rec.body.bytes, 4);
    assert.equal(rec.body.contentType, 'image/png');
    assert.equal(rec.body.expire, '30d');

    assert.equal((await server.call('POST', API.uploads, token, { key: newKey(alice, 'never-sent.png') })).status, 404);
    assert.equal((await server.call('POST', API.uploads, bobToken, { key })).status, 400);

    const untagged = newKey(alice, 'untagged.png');
    await adminS3(server.rgw).send(new PutObjectCommand({ Bucket: creds.bucket, Key: untagged, Body: 'x' }));
    const res = await server.call<ApiError>('POST', API.uploads, token, { key: untagged });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /no expire tag is not allowed/);
  });
});

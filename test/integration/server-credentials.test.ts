/** POST /v1/credentials against the real RGW: what the temporary credentials may and may not do. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { API, type ApiError, type CredentialsResponse, type MultipartCreateResponse } from '../../common/broker-api.ts';
import { httpStatusOf } from '../../node/s3-client.ts';
import { adminS3, s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return httpStatusOf(error) ?? -1;
  }
}

/** Adds `x-amz-tagging` to every request (before signing), as the upload engine does for UploadPart. */
function withTaggingHeader(client: S3Client, tagging: string): S3Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-tagging'] = tagging;
      return next(args);
    },
    { step: 'build', name: 'addTaggingHeader' },
  );
  return client;
}

describe('POST /v1/credentials', () => {
  let server: TestServer;
  let creds: CredentialsResponse;
  let user: S3Client;
  const alice = uniqueUserId('alice');
  const bob = uniqueUserId('bob');
  let token: string;
  let bobKey: string;

  before(async () => {
    server = await startTestServer({ config: { allowedExpiry: ['1d', '7d'] } });
    token = await server.createToken(alice);
    const res = await server.call<CredentialsResponse>('POST', API.credentials, token, {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    creds = res.body;
    user = s3WithCredentials(server.rgw, creds);
    bobKey = newKey(bob, 'secret.txt');
    await adminS3(server.rgw).send(
      new PutObjectCommand({ Bucket: server.config.s3Bucket, Key: bobKey, Body: 'bob', Tagging: 'expire=7d' }),
    );
  });
  after(() => server.close());

  const put = (key: string, tagging?: string) =>
    user.send(new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: 'hello', Tagging: tagging }));

  it('describes the scope', () => {
    assert.equal(creds.userId, alice);
    assert.equal(creds.prefix, `users/${alice}/`);
    assert.equal(creds.bucket, server.config.s3Bucket);
    assert.equal(creds.endpoint, server.rgw.endpoint);
    assert.deepEqual(creds.allowedExpiry, ['1d', '7d']);
    const ttl = Date.parse(creds.expiration) - Date.now();
    assert.ok(ttl > 800_000 && ttl <= 900_000, `expiration in ${ttl} ms`);
  });

  it('allows a tagged PutObject under the user prefix, and reading it back', async () => {
    const key = newKey(alice, 'a.txt');
    assert.equal(await statusOf(put(key, 'expire=7d')), 200);
    const got = await user.send(new GetObjectCommand({ Bucket: creds.bucket, Key: key }));
    assert.equal(await got.Body!.transformToString(), 'hello');
  });

  it('denies writes outside the prefix', async () => {
    assert.equal(await statusOf(put(newKey(bob, 'x.txt'), 'expire=7d')), 403);
    assert.equal(await statusOf(put('root.txt', 'expire=7d')), 403);
    assert.equal(await statusOf(put(`users/${alice}x/abc/x.txt`, 'expire=7d')), 403);
  });

  it('denies untagged PutObject and expire values the server does not allow', async () => {
    assert.equal(await statusOf(put(newKey(alice, 'untagged.txt'))), 403);
    assert.equal(await statusOf(put(newKey(alice, 'long.txt'), 'expire=30d')), 403);
    assert.equal(await statusOf(put(newKey(alice, 'other.txt'), 'color=red')), 403);
  });

  it("denies reading and listing other users' objects", async () => {
    assert.equal(await statusOf(user.send(new GetObjectCommand({ Bucket: creds.bucket, Key: bobKey }))), 403);
    const list = (prefix?: string) => user.send(new ListObjectsV2Command({ Bucket: creds.bucket, Prefix: prefix }));
    assert.equal(await statusOf(list(`users/${bob}/`)), 403);
    assert.equal(await statusOf(list()), 403);
    assert.equal(await statusOf(list(creds.prefix)), 200);
  });

  it('allows UploadPart only with an allowed x-amz-tagging header', async () => {
    const key = newKey(alice, 'parts.bin');
    const created = await server.call<MultipartCreateResponse>('POST', API.multipartCreate, token, {
      key,
      contentType: 'application/octet-stream',
      expire: '7d',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const part = (client: S3Client, n: number) =>
      client.send(
        new UploadPartCommand({
          Bucket: creds.bucket,
          Key: key,
          UploadId: created.body.uploadId,
          PartNumber: n,
          Body: 'x',
        }),
      );
    assert.equal(await statusOf(part(withTaggingHeader(s3WithCredentials(server.rgw, creds), 'expire=7d'), 1)), 200);
    assert.equal(await statusOf(part(user, 2)), 403);
    assert.equal(await statusOf(part(withTaggingHeader(s3WithCredentials(server.rgw, creds), 'expire=30d'), 3)), 403);
  });

  it('answers 503 (an outage clients wait out, not a refusal) when the storage service is unreachable', async () => {
    const down = await startTestServer({ config: { s3Endpoint: 'http://127.0.0.1:1' } });
    try {
      const res = await down.call<ApiError>('POST', API.credentials, await down.createToken(alice), {});
      assert.equal(res.status, 503);
      assert.equal(res.body.error, 'storage_unavailable');
      assert.match(res.body.message, /unreachable right now \(.*ECONNREFUSED/);
    } finally {
      await down.close();
    }
  });

  it('answers 502 with the RGW status when AssumeRole fails', async () => {
    const broken = await startTestServer({ config: { stsRoleArn: 'arn:aws:iam:::role/no-such-role' } });
    try {
      const res = await broken.call<ApiError>('POST', API.credentials, await broken.createToken(alice), {});
      assert.equal(res.status, 502);
      assert.equal(res.body.error, 'sts_failed');
      assert.match(res.body.message, /AssumeRole \(HTTP 404\)/);
    } finally {
      await broken.close();
    }
  });
});

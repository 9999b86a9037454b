/**
 * RGW bucket notifications (HTTP push) keep the index current without reconcile, against the real RGW.
 * The notification is scoped to this test's own user prefix and removed in `after`, because the bucket
 * is shared by every test. Never DeleteObjects (multi-delete) a key a notification matches: RGW 16.2
 * aborts (see README, "Bucket notifications").
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { FILES_API, type FileListResponse } from '../../common/broker-api.ts';
import { runServerCli } from '../../server/cli.ts';
import { findUploadByShareId } from '../../server/db/uploads.ts';
import { gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { newShareId, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SECRET = randomBytes(24).toString('base64url');
const TOPIC = `traydrop-test-${randomBytes(4).toString('hex')}`;

describe('gateway: RGW bucket notifications', () => {
  let server: TestServer;
  let user: GatewayUser;
  let env: Record<string, string>;
  let installed = false;

  async function cli(argv: string[]) {
    const io = {
      stdout: '',
      stderr: '',
      out: (t: string) => void (io.stdout += t),
      err: (t: string) => void (io.stderr += t),
    };
    const code = await runServerCli(argv, env, io);
    return { code, ...io };
  }

  before(async () => {
    ({ server, user } = await gatewayFixture({ config: { notificationSecret: SECRET } }));
    const c = server.config;
    env = {
      S3_ENDPOINT: c.s3Endpoint,
      S3_REGION: c.s3Region,
      S3_BUCKET: c.s3Bucket,
      STS_ROLE_ARN: c.stsRoleArn,
      BROKER_ACCESS_KEY_ID: c.brokerAccessKeyId,
      BROKER_SECRET_ACCESS_KEY: c.brokerSecretAccessKey,
      SHARE_BASE_URL: c.shareBaseUrl,
      ...server.databaseEnv(),
      NOTIFICATION_SECRET: SECRET,
    };
  });
  after(async () => {
    if (installed) {
      const removed = await cli(['notifications', 'remove', '--topic', TOPIC]);
      assert.equal(removed.code, 0, removed.stderr);
    }
    await server.close();
  });

  it('installs the topic and the prefix-scoped bucket notification idempotently', async () => {
    const prefix = `users/${user.userId}/`;
    const first = await cli(['notifications', 'install', '--url', server.url, '--prefix', prefix, '--topic', TOPIC]);
    installed = true;
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^topic created: arn:aws:sns:/);
    assert.match(first.stdout, /bucket notification installed/);
    const second = await cli(['notifications', 'install', '--url', server.url, '--prefix', prefix, '--topic', TOPIC]);
    assert.match(second.stdout, /topic unchanged/);
    assert.match(second.stdout, /bucket notification unchanged/);
    const shown = await cli(['notifications', 'show', '--topic', TOPIC]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(!shown.stdout.includes(SECRET), 'show never prints the secret');
    const parsed = JSON.parse(shown.stdout) as {
      topic: { endpoint: string };
      notifications: { Id: string; Filter: unknown }[];
    };
    assert.equal(parsed.topic.endpoint, `${server.url}/internal/rgw-events/[secret]`);
    const mine = parsed.notifications.find((n) => n.Id === TOPIC);
    assert.deepEqual(mine?.Filter, { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } });
    assert.equal((await cli(['notifications', 'install', '--prefix', prefix])).code, 2, '--url is required');
  });

  it('an object deleted behind the server’s back answers 404 at once, without reconcile', async () => {
    const s3 = adminS3(server.rgw);
    const gone = await user.share('gone.txt', 'gone soon', 'text/plain');
    assert.equal((await fetch(server.url + pathOf(gone))).status, 200);
    await s3.send(new DeleteObjectCommand({ Bucket: server.config.s3Bucket, Key: gone.key }));
    await waitFor('the row to go', async () =>
      (await findUploadByShareId(server.db, gone.shareId)) ? undefined : true,
    );
    assert.equal((await fetch(server.url + pathOf(gone))).status, 404);
  });

  it('an object put directly under the user’s prefix with an expire tag appears in their file list', async () => {
    const s3 = adminS3(server.rgw);
    const shareId = newShareId();
    const key = `users/${user.userId}/${shareId}/direct.png`;
    const untagged = `users/${user.userId}/${newShareId()}/untagged.bin`;
    await s3.send(new PutObjectCommand({ Bucket: server.config.s3Bucket, Key: untagged, Body: 'x' }));
    await s3.send(
      new PutObjectCommand({
        Bucket: server.config.s3Bucket,
        Key: key,
        Body: 'png!',
        ContentType: 'image/png',
        Tagging: 'expire=30d',
      }),
    );
    const listed = await waitFor('the object in GET /v1/files', async () => {
      const res = await server.call<FileListResponse>('GET', FILES_API.files, user.token);
      return res.body.files.find((f) => f.shareId === shareId);
    });
    assert.equal(listed.name, 'direct.png');
    assert.equal(listed.expire, '30d');
    assert.equal(listed.bytes, 4);
    assert.equal(await (await fetch(`${server.url}/${shareId}/direct.png`)).text(), 'png!');
    // the same event again changes nothing; the untagged object is never indexed
    const repeat = await fetch(`${server.url}/internal/rgw-events/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Records: [
          { eventName: 'ObjectCreated:Put', s3: { bucket: { name: server.config.s3Bucket }, object: { key } } },
        ],
      }),
    });
    assert.equal(repeat.status, 200);
    const files = (await server.call<FileListResponse>('GET', FILES_API.files, user.token)).body.files;
    assert.equal(files.filter((f) => f.shareId === shareId).length, 1);
    assert.ok(!files.some((f) => f.key === untagged));
    for (const Key of [key, untagged]) await s3.send(new DeleteObjectCommand({ Bucket: server.config.s3Bucket, Key }));
    await waitFor('the direct object to leave the list', async () => {
      const res = await server.call<FileListResponse>('GET', FILES_API.files, user.token);
      return res.body.files.some((f) => f.shareId === shareId) ? undefined : true;
    });
  });

  it('a wrong secret is 404, a body that is not an S3 event batch is 400', async () => {
    const post = (secret: string, body: string) =>
      fetch(`${server.url}/internal/rgw-events/${secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    assert.equal((await post(`${SECRET}x`, '{"Records":[]}')).status, 404);
    assert.equal((await post('nope', '{"Records":[]}')).status, 404);
    assert.equal((await post(SECRET, '{"Records":[]}')).status, 200);
    assert.equal((await post(SECRET, 'not json')).status, 400);
    assert.equal((await post(SECRET, '{"foo":1}')).status, 400);
    assert.equal((await post(SECRET, '{"Records":[{"eventName":"ObjectCreated:Put","s3":{}}]}')).status, 400);
  });
});

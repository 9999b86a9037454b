/** `traydrop-server reconcile` and `lifecycle install` against the real RGW. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { newShareId } from '../helpers/server.ts';
import { runServerCli } from '../../server/cli.ts';
import { findUploadByShareId } from '../../server/db/uploads.ts';
import { gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { adminS3 } from '../helpers/rgw.ts';
import type { TestServer } from '../helpers/server.ts';

describe('gateway: reconcile and lifecycle', () => {
  let server: TestServer;
  let user: GatewayUser;
  let env: Record<string, string>;

  async function cli(argv: string[], extra: Record<string, string> = {}) {
    const io = {
      stdout: '',
      stderr: '',
      out: (t: string) => void (io.stdout += t),
      err: (t: string) => void (io.stderr += t),
    };
    const code = await runServerCli(argv, { ...env, ...extra }, io);
    return { code, ...io };
  }

  before(async () => {
    ({ server, user } = await gatewayFixture());
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
    };
  });
  after(() => server.close());

  it('finds an object deleted behind the server’s back and an object the index lacks; --fix repairs both', async () => {
    const s3 = adminS3(server.rgw);
    const Bucket = server.config.s3Bucket;
    const kept = await user.share('kept.txt', 'kept', 'text/plain');
    const gone = await user.share('gone.txt', 'gone', 'text/plain');
    await s3.send(new DeleteObjectCommand({ Bucket, Key: gone.key }));
    const orphanId = newShareId();
    const orphanKey = `users/${user.userId}/${orphanId}/orphan.png`;
    await s3.send(
      new PutObjectCommand({ Bucket, Key: orphanKey, Body: 'png!', ContentType: 'image/png', Tagging: 'expire=30d' }),
    );
    const untagged = `users/${user.userId}/${newShareId()}/untagged.bin`;
    await s3.send(new PutObjectCommand({ Bucket, Key: untagged, Body: 'x' }));
    const prefix = `users/${user.userId}/`;

    const check = await cli(['reconcile', '--prefix', prefix]);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /scanned 3 objects, 2 index rows/);
    assert.match(check.stdout, new RegExp(`missing in S3 \\(in index\\): ${gone.key}`));
    assert.match(check.stdout, new RegExp(`not in index \\(in S3\\): ${orphanKey}`));
    assert.match(check.stdout, new RegExp(`not in index \\(in S3\\): ${untagged}`));
    assert.doesNotMatch(check.stdout, /kept\.txt/);
    assert.ok(await findUploadByShareId(server.db, gone.shareId), 'a check alone changes nothing');

    const fix = await cli(['reconcile', '--fix', '--prefix', prefix]);
    assert.equal(fix.code, 0, fix.stderr);
    assert.match(fix.stdout, new RegExp(`removed row: ${gone.key}`));
    assert.match(fix.stdout, new RegExp(`indexed: ${orphanKey}`));
    assert.match(fix.stdout, new RegExp(`not indexed: ${untagged} \\(no valid expire tag\\)`));
    assert.equal((await fetch(server.url + pathOf(gone))).status, 404);
    const orphan = (await findUploadByShareId(server.db, orphanId))!;
    assert.equal(orphan.expire, '30d');
    assert.equal(orphan.contentType, 'image/png');
    const served = await fetch(`${server.url}/${orphanId}/orphan.png`);
    assert.equal(await served.text(), 'png!');
    assert.equal((await fetch(server.url + pathOf(kept))).status, 200);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: untagged }));
    const again = await cli(['reconcile', '--prefix', prefix]);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /no drift/);
    assert.equal((await cli(['reconcile', '--prefix', '../etc/'])).code, 2);
  });

  it('lifecycle install puts the rules once, then leaves them alone', async () => {
    const s3 = adminS3(server.rgw);
    const bucket = `lc-${randomBytes(4).toString('hex')}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    try {
      const first = await cli(['lifecycle', 'install'], { S3_BUCKET: bucket });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^installed: /);
      const second = await cli(['lifecycle', 'install'], { S3_BUCKET: bucket });
      assert.match(second.stdout, /^unchanged: /);
      const rules = JSON.parse((await cli(['lifecycle', 'show'], { S3_BUCKET: bucket })).stdout) as {
        Filter?: { Tag?: { Value: string } };
        Expiration?: { Days: number };
        AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
      }[];
      const byTag = Object.fromEntries(
        rules.filter((r) => r.Filter?.Tag).map((r) => [r.Filter!.Tag!.Value, r.Expiration?.Days]),
      );
      assert.deepEqual(byTag, { '1d': 1, '7d': 7, '30d': 30, '90d': 90, '365d': 365 });
      assert.equal(
        rules.find((r) => r.AbortIncompleteMultipartUpload)?.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
        7,
      );
    } finally {
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    }
  });
});

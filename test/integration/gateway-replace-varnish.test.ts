/**
 * A replaced link through the real Varnish (docs/deploy/varnish.vcl) with CACHE_PURGE_URLS pointing at it: the
 * completion purges the link, so the cache that held the old bytes serves the new ones at once, and a download
 * resumed with the old validator gets the whole new file, from the gateway or from the cache.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { apiPath, type UploadRecord } from '../../common/broker-api.ts';
import { REPLACE_API, type ReplaceStartResponse } from '../../common/replace-api.ts';
import { gatewayUser, type GatewayUser, pathOf, rawRequest, type RawResponse } from '../helpers/gateway.ts';
import { startVarnish, type StartedProxy } from '../helpers/proxy-stack.ts';
import { s3WithCredentials } from '../helpers/rgw.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { freePort } from './queue-fixtures.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('a replaced link through Varnish', () => {
  let server: TestServer;
  let user: GatewayUser;
  let varnish: StartedProxy;

  before(async () => {
    const port = await freePort();
    server = await startTestServer({ config: { cachePurgeUrls: [`http://127.0.0.1:${port}`] } });
    user = await gatewayUser(server, 'rv');
    varnish = await startVarnish({ backend: new URL(server.url).host, port, purgers: '127.0.0.1' });
  });
  after(async () => {
    await varnish?.stop();
    await server?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
    rawRequest(varnish.url, path, { headers });

  async function replace(rec: UploadRecord, data: Buffer): Promise<void> {
    const path = apiPath(REPLACE_API.start, rec.shareId);
    const started = await server.call<ReplaceStartResponse>('POST', path, user.token, {
      bytes: data.length,
      contentType: 'image/png',
    });
    const { credentials, key, expire } = started.body;
    await s3WithCredentials(server.rgw, credentials).send(
      new PutObjectCommand({ Bucket: credentials.bucket, Key: key, Body: data, Tagging: `expire=${expire}` }),
    );
    const done = await server.call('POST', apiPath(REPLACE_API.complete, rec.shareId), user.token, {});
    assert.equal(done.status, 200, JSON.stringify(done.body));
  }

  it('the cache that held the old bytes serves the new ones once the replacement is complete', async () => {
    const old = randomBytes(30_000);
    const rec = await user.share('cached.png', old, 'image/png');
    const raw = `${pathOf(rec)}/raw`;
    assert.equal((await get(raw)).headers['x-cache'], 'MISS');
    const hit = await get(raw);
    assert.equal(hit.headers['x-cache'], 'HIT');
    assert.equal(sha(hit.body), sha(old));
    const oldEtag = String(hit.headers.etag);
    const edited = randomBytes(31_000);
    await replace(rec, edited);
    const after = await get(raw);
    assert.equal(after.headers['x-cache'], 'MISS', 'the purge dropped the old entry');
    assert.equal(sha(after.body), sha(edited));
    assert.notEqual(after.headers.etag, oldEtag);
    // now the new bytes are cached; a resume that began on the old ones must not get a 206 of the new
    assert.equal((await get(raw)).headers['x-cache'], 'HIT');
    const resumed = await get(raw, { range: 'bytes=20000-', 'if-range': oldEtag });
    assert.equal(resumed.status, 200, `cache ${String(resumed.headers['x-cache'])}: the whole new file`);
    assert.equal(sha(resumed.body), sha(edited));
    const current = await get(raw, { range: 'bytes=20000-', 'if-range': String(after.headers.etag) });
    assert.equal(current.status, 206);
    assert.deepEqual(current.body, edited.subarray(20000));
  });

  it('a resume with the old validator that misses the cache goes to the gateway, which starts it over', async () => {
    const old = randomBytes(20_000);
    const rec = await user.share('miss.png', old, 'image/png');
    const raw = `${pathOf(rec)}/raw`;
    const first = await get(raw, { range: 'bytes=0-999' }); // passed to the gateway: nothing cached
    assert.equal(first.status, 206);
    await replace(rec, randomBytes(25_000));
    const resumed = await get(raw, { range: 'bytes=1000-', 'if-range': String(first.headers.etag) });
    assert.equal(resumed.status, 200);
    assert.equal(resumed.body.length, 25_000);
  });
});

/**
 * The real Varnish with docs/deploy/varnish.vcl in front of a real gateway (CACHE_PURGE_URLS pointing at it): public
 * links' bytes are served from memory, a Range from a cached object is a correct 206, and nothing outlives a change:
 * a deleted link is 404 at once, an expiry shortened to now is 410, a download limit or password set takes it out of
 * the cache; limited and password links, pages, other hosts and the API are never served from the cache; BAN is obeyed
 * only from the purgers' addresses.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { apiPath, FILES_API, type FileEntry, type FileStatsResponse } from '../../common/broker-api.ts';
import { BROWSER_ACCEPT, gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { startVarnish, type StartedProxy } from '../helpers/proxy-stack.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { reconcile } from '../../server/maintenance/reconcile.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { freePort } from './queue-fixtures.ts';

interface Got {
  status: number;
  body: Buffer;
  headers: Headers;
}

describe('Varnish in front of the gateway (docs/deploy/varnish.vcl)', () => {
  let server: TestServer;
  let user: GatewayUser;
  let varnish: StartedProxy;

  // node:http, not fetch: fetch would not send our Host
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> => {
    const res = await rawRequest(varnish.url, path, { method, headers });
    const h = new Headers();
    for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') h.set(name, value);
    return { status: res.status, body: res.body, headers: h };
  };
  const xcache = (g: Got): string | null => g.headers.get('x-cache');
  const stats = async (shareId: string) =>
    (await server.call<FileStatsResponse>('GET', apiPath(FILES_API.stats, shareId), user.token)).body;
  const limits = (shareId: string, body: object) =>
    server.call<FileEntry>('PUT', apiPath(FILES_API.limits, shareId), user.token, body);

  before(async () => {
    const port = await freePort();
    server = await startTestServer({ config: { cachePurgeUrls: [`http://127.0.0.1:${port}`] } });
    user = await gatewayUser(server, 'vc');
    varnish = await startVarnish({ backend: new URL(server.url).host, port, purgers: '127.0.0.1' });
  });
  after(async () => {
    await varnish?.stop();
    await server?.close();
  });

  it('caches a public link in memory; a Range is answered from it (206); the gateway counts only the miss', async () => {
    const data = randomBytes(50_000);
    const rec = await user.share('photo.png', data, 'image/png');
    const raw = `${pathOf(rec)}/raw`;
    const first = await get(raw);
    assert.equal(first.status, 200);
    assert.equal(xcache(first), 'MISS');
    assert.match(first.headers.get('cache-control')!, /^public, max-age=\d+$/);
    const second = await get(raw);
    assert.equal(xcache(second), 'HIT');
    assert.deepEqual(second.body, data);
    const range = await get(raw, { range: 'bytes=100-199' });
    assert.equal(range.status, 206);
    assert.equal(xcache(range), 'HIT');
    assert.equal(range.headers.get('content-range'), `bytes 100-199/${data.length}`);
    assert.deepEqual(range.body, data.subarray(100, 200));
    const head = await get(raw, {}, 'HEAD');
    assert.equal(head.status, 200);
    // a link's own URL for a script is the bytes too, cached apart from /raw
    assert.equal(xcache(await get(pathOf(rec))), 'MISS');
    assert.equal(xcache(await get(pathOf(rec))), 'HIT');
    const totals = (await stats(rec.shareId)).totals;
    assert.equal(totals.downloads, 2, 'the gateway saw the two misses only (hits are booked by cache-log)');
  });

  it('a Range on an object not in the cache goes to the gateway as it is', async () => {
    const data = randomBytes(30_000);
    const rec = await user.share('seek.bin', data, 'application/octet-stream');
    const range = await get(`${pathOf(rec)}/raw`, { range: 'bytes=29990-' });
    assert.equal(range.status, 206);
    assert.deepEqual(range.body, data.subarray(29990));
    assert.equal(xcache(await get(`${pathOf(rec)}/raw`)), 'MISS', 'the Range did not store a partial object');
  });

  it('a deleted link is 404 through the cache at once (every path form)', async () => {
    const rec = await user.share('gone.png', randomBytes(20_000), 'image/png');
    for (const path of [`${pathOf(rec)}/raw`, pathOf(rec), `${pathOf(rec)}?download`]) {
      await get(path);
      assert.equal(xcache(await get(path)), 'HIT', path);
    }
    assert.equal((await server.call('DELETE', apiPath(FILES_API.file, rec.shareId), user.token)).status, 200);
    for (const path of [`${pathOf(rec)}/raw`, pathOf(rec), `${pathOf(rec)}?download`]) {
      const after = await get(path);
      assert.equal(after.status, 404, path);
    }
  });

  it('an object deleted behind the server’s back: reconcile --fix drops the row and the cached copy', async () => {
    const rec = await user.share('behind.png', randomBytes(20_000), 'image/png');
    const raw = `${pathOf(rec)}/raw`;
    await get(raw);
    assert.equal(xcache(await get(raw)), 'HIT');
    await adminS3(server.rgw).send(new DeleteObjectCommand({ Bucket: server.config.s3Bucket, Key: rec.key }));
    const warnings: string[] = [];
    const log = { warn: (_detail: object, message: string) => void warnings.push(message) };
    const report = await reconcile(
      { db: server.db, s3: adminS3(server.rgw), config: server.config, log },
      { fix: true, prefix: `users/${user.userId}/` },
    );
    assert.deepEqual(report.removedRows, [rec.key]);
    assert.deepEqual(warnings, [], 'the cache took the purge');
    assert.equal((await get(raw)).status, 404, 'not the cached bytes of an object that is gone');
  });

  it('an expiry shortened to now is 410 through the cache at once', async () => {
    const rec = await user.share('brief.png', randomBytes(20_000), 'image/png');
    await get(`${pathOf(rec)}/raw`);
    assert.equal(xcache(await get(`${pathOf(rec)}/raw`)), 'HIT');
    const res = await limits(rec.shareId, { expiresAt: new Date().toISOString() });
    assert.equal(res.status, 200);
    assert.equal((await get(`${pathOf(rec)}/raw`)).status, 410);
    assert.equal((await limits(rec.shareId, { expiresAt: 'tomorrow' })).status, 400);
  });

  it('a download limit set on a cached link: no longer served from the cache, every download booked', async () => {
    const rec = await user.share('limited.png', randomBytes(20_000), 'image/png');
    await get(`${pathOf(rec)}/raw`);
    assert.equal(xcache(await get(`${pathOf(rec)}/raw`)), 'HIT');
    // the miss above was one download: two more are left
    assert.equal((await limits(rec.shareId, { maxDownloads: 3 })).status, 200);
    const a = await get(`${pathOf(rec)}/raw`);
    const b = await get(`${pathOf(rec)}/raw`);
    const c = await get(`${pathOf(rec)}/raw`);
    assert.deepEqual([a.status, b.status, c.status], [200, 200, 410]);
    assert.deepEqual([xcache(a), xcache(b)], ['MISS', 'MISS']);
    assert.equal(a.headers.get('cache-control'), 'private, no-store');
  });

  it('password and limited links are never cached', async () => {
    const locked = await user.share('locked.png', randomBytes(5000), 'image/png');
    await limits(locked.shareId, { password: 'open sesame' });
    const limited = await user.share('few.png', randomBytes(5000), 'image/png');
    await limits(limited.shareId, { maxDownloads: 100 });
    for (const rec of [locked, limited])
      for (let i = 0; i < 2; i++) assert.equal(xcache(await get(`${pathOf(rec)}/raw`)), 'MISS', rec.name);
  });

  it('pages are never cached, and never confused with the bytes at the same URL', async () => {
    const data = randomBytes(8000);
    const rec = await user.share('page.png', data, 'image/png');
    assert.deepEqual((await get(pathOf(rec))).body, data);
    assert.equal(xcache(await get(pathOf(rec))), 'HIT');
    const asking: Record<string, string>[] = [
      { accept: BROWSER_ACCEPT },
      { 'user-agent': 'Slackbot-LinkExpanding 1.0' },
    ];
    for (const headers of asking) {
      const page = await get(pathOf(rec), headers);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      assert.equal(xcache(page), 'MISS');
      assert.equal(page.headers.get('cache-control'), 'private, no-cache');
    }
  });

  it('keys on the host: another host never gets an entry stored for the main host', async () => {
    const rec = await user.share('host.png', randomBytes(5000), 'image/png');
    await get(`${pathOf(rec)}/raw`);
    assert.equal(xcache(await get(`${pathOf(rec)}/raw`)), 'HIT');
    const elsewhere = await get(`${pathOf(rec)}/raw`, { host: 'unknown.example' });
    assert.equal(elsewhere.status, 421);
    // the same host spelled without the port and with a trailing dot shares the entry
    assert.equal(xcache(await get(`${pathOf(rec)}/raw`, { host: '127.0.0.1.' })), 'HIT');
  });

  it('the API and the health check always reach the gateway', async () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(xcache(await get('/v1/health')), 'MISS');
      assert.equal((await get('/v1/me')).status, 401);
    }
  });

  it('BAN and PURGE only from the purgers (loopback 127.0.0.1 here)', async () => {
    const ban = (localAddress: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const u = new URL(varnish.url);
        const req = request(
          {
            host: u.hostname,
            port: u.port,
            method: 'BAN',
            path: '/',
            localAddress,
            headers: { 'x-traydrop-share': 'abcdefABCDEF' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end();
      });
    assert.equal(await ban('127.0.0.2'), 403);
    assert.equal(await ban('127.0.0.1'), 200);
  });
});

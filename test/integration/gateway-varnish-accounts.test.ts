/**
 * The real Varnish (docs/deploy/varnish.vcl) in front of a real gateway with CACHE_PURGE_URLS pointing at it: a user
 * disabled with `traydrop-server user disable` (a process) loses their cached links at once (404, not a cached 200),
 * and the download that takes a user past the month's transfer limit purges their links, so the next request gets
 * the gateway's 429 instead of a cached copy.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { setQuota } from '../../server/db/users.ts';
import { gatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { startVarnish, type StartedProxy } from '../helpers/proxy-stack.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { freePort } from './queue-fixtures.ts';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));

describe('Varnish in front: disabled users and the transfer limit', () => {
  let server: TestServer;
  let varnish: StartedProxy;
  let purgeUrl: string;

  const get = (path: string) => rawRequest(varnish.url, path);

  before(async () => {
    const port = await freePort();
    purgeUrl = `http://127.0.0.1:${port}`;
    server = await startTestServer({ config: { cachePurgeUrls: [purgeUrl] } });
    varnish = await startVarnish({ backend: new URL(server.url).host, port, purgers: '127.0.0.1' });
  });
  after(async () => {
    await varnish?.stop();
    await server?.close();
  });

  it('user disable (the command) purges the user’s cached links: 404 at once', async () => {
    const u = await gatewayUser(server, 'vdis');
    const rec = await u.share('a.bin', randomBytes(20_000), 'application/octet-stream');
    const raw = `${pathOf(rec)}/raw`;
    assert.equal((await get(raw)).headers['x-cache'], 'MISS');
    assert.equal((await get(raw)).headers['x-cache'], 'HIT');
    const env = { ...process.env, ...server.databaseEnv(), CACHE_PURGE_URLS: purgeUrl };
    const code = await new Promise<number>((resolve) =>
      execFile(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'disable', u.userId], { env }, (error) =>
        resolve(error ? Number(error.code ?? 1) : 0),
      ),
    );
    assert.equal(code, 0);
    const after = await get(raw);
    assert.equal(after.status, 404);
    assert.equal(after.headers['x-cache'], 'MISS');
  });

  it('the download that crosses the transfer limit purges the user’s links: the next request is 429', async () => {
    const u = await gatewayUser(server, 'vtr');
    const size = 30_000;
    const rec = await u.share('b.bin', randomBytes(size), 'application/octet-stream');
    const other = await u.share('c.bin', randomBytes(1000), 'application/octet-stream');
    assert.equal((await get(`${pathOf(other)}/raw`)).headers['x-cache'], 'MISS'); // 1000 bytes, cached
    await setQuota(server.db, u.userId, { transferLimit: size });
    const crossing = await get(`${pathOf(rec)}/raw`);
    assert.equal(crossing.status, 200, 'admitted under the limit, it finishes past it');
    assert.equal(crossing.body.length, size);
    // the purge follows the response; then neither link comes from the cache
    await waitFor('the cached link to be purged', async () => {
      const r = await get(`${pathOf(other)}/raw`);
      return r.status === 429 ? r : undefined;
    });
    const again = await get(`${pathOf(rec)}/raw`);
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers['retry-after']) > 0);
  });
});

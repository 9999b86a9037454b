/** Streaming: many stalled downloads do not hold up other links (no upstream socket cap). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type ClientRequest, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import type { TestServer } from '../helpers/server.ts';

describe('gateway: streaming under stalled clients', () => {
  let server: TestServer;
  let user: GatewayUser;
  before(async () => ({ server, user } = await gatewayFixture()));
  after(() => server.close());

  it('100 downloads that stop reading leave the next download unaffected', async () => {
    const big = await user.share('big.bin', randomBytes(8 << 20), 'application/octet-stream');
    const small = await user.share('small.txt', 'still served', 'text/plain');
    const url = new URL(server.url);
    const stalled: ClientRequest[] = [];
    const responded = await Promise.all(
      Array.from({ length: 100 }, () => {
        return new Promise<number>((resolve, reject) => {
          const req = request({ host: url.hostname, port: url.port, path: `${pathOf(big)}/raw` }, (res) => {
            res.pause(); // never read: the gateway's upstream read stalls on backpressure
            res.on('error', () => {}); // destroyed at the end
            resolve(res.statusCode!);
          });
          req.on('error', (error) => (stalled.includes(req) ? undefined : reject(error)));
          req.end();
          stalled.push(req);
        });
      }),
    );
    assert.ok(responded.every((s) => s === 200));
    const started = Date.now();
    const res = await fetch(`${server.url}${pathOf(small)}/raw`, { signal: AbortSignal.timeout(5000) });
    assert.equal(await res.text(), 'still served');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    for (const req of stalled) req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
});

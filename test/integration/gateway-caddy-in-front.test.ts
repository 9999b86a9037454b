/**
 * The README's Caddy recipe keeps working in front of the cache and the balancer: Caddy (its `reverse_proxy`, plain HTTP
 * here) → Varnish (docs/deploy/varnish.vcl) → HAProxy (docs/deploy/haproxy.cfg) → a gateway. Hosts pass through: the
 * main host and a user's verified custom domain each get their own cache entries, the custom domain serves only its
 * owner's links, /caddy/ask still answers for the domain, and a delete still purges both hosts' entries.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API, type UploadRecord } from '../../common/broker-api.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { startHaproxy, startVarnish, type StartedProxy } from '../helpers/proxy-stack.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { freePort } from './queue-fixtures.ts';

describe('Caddy → Varnish → HAProxy → gateway', () => {
  let server: TestServer;
  let alice: GatewayUser;
  let bob: GatewayUser;
  let varnish: StartedProxy;
  let lb: StartedProxy;
  let caddy: ChildProcess | undefined;
  let caddyUrl: string;
  let dir: string;
  const domain = `files-${randomBytes(3).toString('hex')}.alice.test`;
  const get = (host: string, path: string) => rawRequest(caddyUrl, path, { headers: { host } });

  before(async () => {
    const varnishPort = await freePort();
    // every domain claimed here counts as verified: the HTTP check itself has its own tests
    server = await startTestServer({
      config: { cachePurgeUrls: [`http://127.0.0.1:${varnishPort}`] },
      domainVerifiers: [{ name: 'http', verify: async () => true }],
    });
    alice = await gatewayUser(server, 'alice');
    bob = await gatewayUser(server, 'bob');
    lb = await startHaproxy({ gateways: [new URL(server.url).host] });
    varnish = await startVarnish({ backend: new URL(lb.url).host, port: varnishPort });
    dir = mkdtempSync(join(tmpdir(), 'traydrop-caddy-test-'));
    const port = await freePort();
    caddyUrl = `http://127.0.0.1:${port}`;
    // the recipe's reverse_proxy, pointed at Varnish; plain HTTP on loopback (no certificates in a test)
    writeFileSync(
      join(dir, 'Caddyfile'),
      `{\n\tauto_https off\n\tadmin off\n\tstorage file_system ${dir}/data\n}\n\nhttp://:${port} {\n\tbind 127.0.0.1\n\treverse_proxy ${new URL(varnish.url).host}\n}\n`,
    );
    caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      stdio: 'ignore',
    });
    await waitFor('Caddy', async () =>
      (await fetch(`${caddyUrl}/v1/health`).catch(() => null))?.ok ? true : undefined,
    );
  });
  after(async () => {
    if (caddy && caddy.exitCode === null) {
      caddy.kill('SIGTERM');
      await once(caddy, 'exit');
    }
    await varnish?.stop();
    await lb?.stop();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the main host and a custom domain: cached apart, scoped, purged together; /caddy/ask answers', async () => {
    const settings = { expiryRules: DEFAULT_EXPIRY_RULES, customDomain: domain };
    assert.equal((await server.call('PUT', FILES_API.settings, alice.token, settings)).status, 200);
    assert.equal((await server.call('POST', FILES_API.verifyDomain, alice.token)).status, 200);
    const data = randomBytes(4000);
    const mine: UploadRecord = await alice.share('alice.png', data, 'image/png');
    const theirs: UploadRecord = await bob.share('bob.png', randomBytes(100), 'image/png');
    const raw = `${pathOf(mine)}/raw`;

    for (const host of ['share.example.test', domain]) {
      const first = await get(host, raw);
      assert.equal(first.status, 200, host);
      assert.deepEqual(first.body, data);
      assert.equal(first.headers['x-cache'], 'MISS', `${host}: an entry of its own`);
      assert.equal((await get(host, raw)).headers['x-cache'], 'HIT', host);
    }
    assert.equal((await get(domain, `${pathOf(theirs)}/raw`)).status, 404, "another user's link on alice's domain");
    assert.equal((await get('share.example.test', `/caddy/ask?domain=${domain}`)).status, 200);
    assert.equal((await get('share.example.test', '/caddy/ask?domain=nobody.test')).status, 404);

    assert.equal((await server.call('DELETE', apiPath(FILES_API.file, mine.shareId), alice.token)).status, 200);
    for (const host of ['share.example.test', domain]) assert.equal((await get(host, raw)).status, 404, host);
  });
});

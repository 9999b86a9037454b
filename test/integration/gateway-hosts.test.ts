/**
 * Hosts: a verified custom domain serves only its owner's links, unknown hosts nothing, Caddy's
 * ask endpoint approves only known hosts; and no path, however encoded, reaches another object.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  API,
  type DomainVerifyResponse,
  FILES_API,
  type FileListResponse,
  type MeResponse,
  type SettingsResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { httpVerifier } from '../../server/domains/verify.ts';
import { gatewayFixture, gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import type { TestServer } from '../helpers/server.ts';

/**
 * Every name resolves to this machine, and only for this test may the verifier connect there: the HTTP
 * check really goes over a socket to the gateway.
 */
const toThisMachine = {
  resolveAll: async () => [{ address: '127.0.0.1', family: 4 }],
  isAllowedAddress: (address: string) => address === '127.0.0.1',
};

describe('gateway: hosts, custom domains, traversal', () => {
  let server: TestServer;
  let alice: GatewayUser;
  let bob: GatewayUser;
  let aliceFile: UploadRecord;
  let bobFile: UploadRecord;
  const aliceData = randomBytes(777);
  const domain = `files-${randomBytes(3).toString('hex')}.alice.test`;
  const get = (host: string, path: string, headers: Record<string, string> = {}) =>
    rawRequest(server.url, path, { headers: { host, ...headers } });
  const setDomain = (user: GatewayUser, customDomain: string | null) =>
    server.call<SettingsResponse>('PUT', FILES_API.settings, user.token, {
      expiryRules: DEFAULT_EXPIRY_RULES,
      customDomain,
    });

  before(async () => {
    const verifiers = [
      {
        name: 'http',
        verify: (d: string, t: string) =>
          httpVerifier({ port: Number(new URL(server.url).port), ...toThisMachine }).verify(d, t),
      },
    ];
    ({ server, user: alice } = await gatewayFixture({ domainVerifiers: verifiers }));
    bob = await gatewayUser(server, 'bob');
    aliceFile = await alice.share('alice.png', aliceData, 'image/png');
    bobFile = await bob.share('bob.png', randomBytes(100), 'image/png');
  });
  after(() => server.close());

  it('the main share host and SHARE_HOSTS serve every link; unknown or spoofed hosts get 421', async () => {
    assert.equal((await get('share.example.test', pathOf(aliceFile))).status, 200);
    assert.equal((await get('share.example.test:443', pathOf(bobFile))).status, 200);
    for (const host of ['evil.test', 'share.example.test.evil.test', 'example.test', domain, 'a@share.example.test']) {
      const res = await get(host, pathOf(aliceFile));
      assert.ok(res.status === 421 || res.status === 400, `${host}: ${res.status}`);
      assert.ok(!res.body.equals(aliceData));
    }
  });

  it('a claimed domain answers only its token until verified; Caddy is told no', async () => {
    const claimed = await setDomain(alice, domain);
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    const status = claimed.body.domainStatus!;
    assert.equal(status.verified, false);
    assert.equal(claimed.body.shareBaseUrl, 'https://share.example.test');
    const token = status.httpCheckUrl.split('/').pop()!;
    assert.equal(status.txtValue, `traydrop-verify=${token}`);
    assert.equal((await get(domain, `/.well-known/traydrop-verify/${token}`)).body.toString(), token);
    assert.equal((await get('evil.test', `/.well-known/traydrop-verify/${token}`)).status, 404);
    assert.equal((await get(domain, `/.well-known/traydrop-verify/${'x'.repeat(32)}`)).status, 404);
    assert.equal((await get(domain, pathOf(aliceFile))).status, 421);
    assert.equal((await get('localhost', `/caddy/ask?domain=${domain}`)).status, 404);
  });

  it('once verified over HTTP, the domain serves only its owner, and links point at it', async () => {
    const verified = await server.call<DomainVerifyResponse>('POST', FILES_API.verifyDomain, alice.token);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.verified, true);
    assert.equal(verified.body.method, 'http');
    const base = `https://${domain}`;
    assert.equal((await server.call<MeResponse>('GET', API.me, alice.token)).body.shareBaseUrl, base);
    const creds = await server.call<{ shareBaseUrl: string }>('POST', API.credentials, alice.token, {});
    assert.equal(creds.body.shareBaseUrl, base);
    assert.ok((await alice.share('new.txt', 'n', 'text/plain')).url.startsWith(`${base}/`));
    // the files list reads the domain with the token, in one statement (server/db/with-owner.ts)
    const listed = (await server.call<FileListResponse>('GET', FILES_API.files, alice.token)).body.files;
    assert.ok(listed.length >= 2 && listed.every((f) => f.url.startsWith(`${base}/`)), JSON.stringify(listed));
    assert.equal(
      (await server.call<MeResponse>('GET', API.me, bob.token)).body.shareBaseUrl,
      'https://share.example.test',
    );

    const own = await get(`${domain}:443`, pathOf(aliceFile));
    assert.equal(own.status, 200);
    assert.ok(own.body.equals(aliceData));
    const page = await get(domain, pathOf(aliceFile), { accept: 'text/html' });
    assert.match(page.body.toString(), new RegExp(`og:url" content="${base}/${aliceFile.shareId}/alice.png"`));
    const foreign = await get(domain, pathOf(bobFile), { 'x-forwarded-host': 'share.example.test' });
    assert.equal(foreign.status, 404, "another user's link does not exist on this domain");
    assert.equal((await get(domain.toUpperCase() + '.', pathOf(bobFile))).status, 404);
    for (const [d, status] of [
      [domain, 200],
      ['share.example.test', 200],
      ['127.0.0.1', 200],
      ['evil.test', 404],
      ['', 404],
    ]) {
      assert.equal((await get('localhost', `/caddy/ask?domain=${d}`)).status, status, String(d));
    }
  });

  it('nobody else can claim a verified domain; removing it stops serving it', async () => {
    assert.equal((await setDomain(bob, domain)).status, 409);
    assert.equal((await setDomain(bob, 'share.example.test')).status, 400);
    assert.equal((await setDomain(bob, '127.0.0.1')).status, 400);
    assert.equal((await setDomain(alice, null)).status, 200);
    const listed = (await server.call<FileListResponse>('GET', FILES_API.files, alice.token)).body.files;
    assert.ok(listed.length >= 2 && listed.every((f) => f.url.startsWith('https://share.example.test/')));
    assert.equal((await get(domain, pathOf(aliceFile))).status, 421);
    assert.equal((await get('localhost', `/caddy/ask?domain=${domain}`)).status, 404);
  });

  it('traversal, encoded dots and key-looking paths never reach an object', async () => {
    const host = 'share.example.test';
    for (const path of [
      '/../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      `/${alice.userId}/${aliceFile.shareId}/alice.png`,
      `/users/${alice.userId}/${aliceFile.shareId}/alice.png`,
      `/users%2f${alice.userId}%2f${aliceFile.shareId}%2falice.png`,
      `/${encodeURIComponent(aliceFile.key)}`,
      `/%2e%2e%2f${aliceFile.shareId}/alice.png`,
      `/${aliceFile.shareId.toLowerCase()}x/alice.png`,
    ]) {
      const res = await get(host, path);
      assert.ok([400, 404].includes(res.status), `${path}: ${res.status}`);
      assert.ok(!res.body.equals(aliceData), path);
    }
    // the name part is ignored: the share id alone picks the object, from the index
    const renamed = await get(host, `/${aliceFile.shareId}/..%2f..%2f${bobFile.shareId}%2fbob.png`);
    assert.ok(renamed.body.equals(aliceData));
  });
});

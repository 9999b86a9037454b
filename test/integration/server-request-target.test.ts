/**
 * Whose links a request reaches is decided by the host it really targets (RFC 9112 §3.2): an
 * absolute-form target's authority wins over Host, and a request with two Host lines, an empty or
 * malformed Host, no Host on HTTP/1.1 or a garbage absolute URI is refused with 400 before any
 * route runs. Raw sockets: no HTTP client sends these.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { API, type UploadRecord } from '../../common/broker-api.ts';
import { claimDomain, markVerified } from '../../server/db/domains.ts';
import { gatewayFixture, gatewayUser, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { header, type RawAnswer, sendRaw } from '../helpers/raw-http.ts';
import type { TestServer } from '../helpers/server.ts';

describe('server: the host a request targets', () => {
  let server: TestServer;
  let alice: GatewayUser;
  let bob: GatewayUser;
  let aliceFile: UploadRecord;
  let bobFile: UploadRecord;
  const aliceData = randomBytes(501);
  const bobData = randomBytes(502);
  const domain = `files-${randomBytes(3).toString('hex')}.alice.test`;
  const bobsClaim = {
    domain: `files-${randomBytes(3).toString('hex')}.bob.test`,
    token: randomBytes(16).toString('hex'),
  };

  /** One request: the request line as given, then the header lines, then Connection: close. */
  const send = (requestLine: string, headerLines: string[]): Promise<RawAnswer> =>
    sendRaw(server.url, `${requestLine}\r\n${[...headerLines, 'Connection: close'].join('\r\n')}\r\n\r\n`);
  const bodyIs = (res: RawAnswer, data: Buffer): boolean => Buffer.from(res.body, 'latin1').equals(data);

  before(async () => {
    ({ server, user: alice } = await gatewayFixture());
    bob = await gatewayUser(server, 'bob');
    aliceFile = await alice.share('alice.bin', aliceData, 'application/octet-stream');
    bobFile = await bob.share('bob.bin', bobData, 'application/octet-stream');
    // alice's domain is verified, bob's only claimed (how they get there: gateway-hosts.test.ts)
    const createdAt = new Date().toISOString();
    await claimDomain(server.db, { userId: alice.userId, domain, token: randomBytes(16).toString('hex'), createdAt });
    await markVerified(server.db, alice.userId, new Date());
    await claimDomain(server.db, { userId: bob.userId, ...bobsClaim, createdAt });
  });
  after(() => server.close());

  it("an absolute URI's authority decides, not Host: alice's domain never serves bob's file", async () => {
    const viaDomain = await send(`GET http://${domain}${pathOf(bobFile)} HTTP/1.1`, ['Host: share.example.test']);
    assert.equal(viaDomain.status, 404, 'the target is alice’s domain, whatever Host says');
    assert.ok(!bodyIs(viaDomain, bobData));

    const unknown = await send(`GET http://evil.test${pathOf(aliceFile)} HTTP/1.1`, ['Host: share.example.test']);
    assert.equal(unknown.status, 421);

    // and the other way round: the main host serves every link even when Host names alice's domain
    const viaMain = await send(`GET http://share.example.test${pathOf(bobFile)} HTTP/1.1`, [`Host: ${domain}`]);
    assert.equal(viaMain.status, 200);
    assert.ok(bodyIs(viaMain, bobData));

    // HTTP/1.0 needs no Host: the authority alone decides
    const old = await send(`GET http://${domain.toUpperCase()}.:443${pathOf(aliceFile)} HTTP/1.0`, []);
    assert.equal(old.status, 200);
    assert.ok(bodyIs(old, aliceData));
  });

  it('a proxy sending absolute-form targets still reaches every route', async () => {
    const origin = new URL(server.url).host;
    const raw = await send(`GET http://${origin}${pathOf(aliceFile)}/raw HTTP/1.1`, [`Host: ${origin}`]);
    assert.equal(raw.status, 200);
    assert.ok(bodyIs(raw, aliceData));
    const health = await send(`GET HTTP://${origin}${API.health}?x=1 HTTP/1.1`, [`Host: ${origin}`]);
    assert.equal(health.status, 200, health.body);
  });

  it("a domain's verification token answers on the authority the request targets", async () => {
    const tokenPath = `/.well-known/traydrop-verify/${bobsClaim.token}`;
    const onDomain = await send(`GET http://${bobsClaim.domain}${tokenPath} HTTP/1.1`, ['Host: evil.test']);
    assert.equal(onDomain.status, 200);
    assert.equal(onDomain.body, bobsClaim.token);
    const elsewhere = await send(`GET http://evil.test${tokenPath} HTTP/1.1`, [`Host: ${bobsClaim.domain}`]);
    assert.equal(elsewhere.status, 404);
  });

  it('two Host lines are refused with 400, whichever comes first', async () => {
    for (const lines of [
      ['Host: evil.test', 'Host: share.example.test'],
      ['Host: share.example.test', 'host: evil.test'],
      ['Host: share.example.test', 'Host: share.example.test'],
    ]) {
      const res = await send(`GET ${pathOf(aliceFile)} HTTP/1.1`, lines);
      assert.equal(res.status, 400, lines.join(' + '));
      assert.ok(!bodyIs(res, aliceData));
    }
    const health = await send(`GET ${API.health} HTTP/1.1`, ['Host: 127.0.0.1', 'Host: 127.0.0.1']);
    assert.equal(health.status, 400, 'refused before any route runs');
  });

  it('an empty or malformed Host, or none on HTTP/1.1, is 400 on every route', async () => {
    for (const value of ['', 'a b', 'a@share.example.test', 'share.example.test:80:80', 'share.example.test:99999']) {
      const res = await send(`GET ${API.health} HTTP/1.1`, [`Host: ${value}`]);
      assert.equal(res.status, 400, JSON.stringify(value));
    }
    const missing = await send(`GET ${API.health} HTTP/1.1`, []);
    assert.equal(missing.status, 400);
    assert.equal(header(missing, 'x-content-type-options'), 'nosniff', 'our 400, not Node’s bare one');
    // still fine: HTTP/1.0 without Host, a host with an underscore (valid URI syntax, serves no links)
    assert.equal((await send(`GET ${API.health} HTTP/1.0`, [])).status, 200);
    assert.equal((await send(`GET ${API.health} HTTP/1.1`, ['Host: traydrop_server:3000'])).status, 200);
  });

  it('an absolute URI with a garbage scheme or authority is 400, and the answer does not echo it', async () => {
    for (const target of [
      `ftp://share.example.test${pathOf(aliceFile)}`,
      `http://alice@share.example.test${pathOf(aliceFile)}`,
      `http://${pathOf(aliceFile)}`,
      `http://share.example.test:http${pathOf(aliceFile)}`,
      `http://[zz]${pathOf(aliceFile)}`,
      `http://share.example.test${pathOf(aliceFile)}#frag`,
      `share.example.test${pathOf(aliceFile)}`,
      '*',
    ]) {
      const res = await send(`GET ${target} HTTP/1.1`, ['Host: share.example.test']);
      assert.equal(res.status, 400, target);
      assert.ok(!res.body.includes(aliceFile.shareId), `${target}: ${res.body}`);
    }
  });
});

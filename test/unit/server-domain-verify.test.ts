/**
 * The HTTP domain check cannot be turned against the server's own network: every resolved address is
 * checked, one bad answer refuses the name, the socket goes to the checked address (no second lookup
 * for DNS rebinding to change), and redirects are not followed. Real sockets: servers on 127.0.0.1 (the
 * "private" target) and 127.0.0.2 (what a test policy lets count as "public").
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpVerifier } from '../../server/domains/verify.ts';
import { RefusedAddressError, resolveCheckedAddress } from '../../server/net/resolve-checked.ts';

const TOKEN = 'tok-0123456789abcdef';
const PUBLIC = '127.0.0.2';
const PRIVATE = '127.0.0.1';
const asIf =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: 4 }));
/** Test policy: only 127.0.0.2 counts as public. */
const onlyPublic = (address: string) => address === PUBLIC;

interface Target {
  server: Server;
  hits: number;
  hosts: IncomingHttpHeaders['host'][];
}

function listen(address: string, port: number, answer: (res: ServerResponse) => void) {
  const target: Target = { server: createServer(), hits: 0, hosts: [] };
  target.server.on('request', (req, res) => {
    target.hits++;
    target.hosts.push(req.headers.host);
    answer(res);
  });
  return new Promise<Target>((resolve, reject) =>
    target.server.once('error', reject).listen(port, address, () => resolve(target)),
  );
}

describe('resolveCheckedAddress (default policy: global unicast)', () => {
  it('refuses a name when any address it resolves to is not global, whatever the order', async () => {
    for (const answers of [
      ['1.1.1.1', '10.0.0.1'],
      ['10.0.0.1', '1.1.1.1'],
      ['1.1.1.1', '100.64.0.1'],
    ])
      await assert.rejects(
        resolveCheckedAddress('mixed.example', { resolveAll: asIf(...answers) }),
        RefusedAddressError,
      );
    await assert.rejects(
      resolveCheckedAddress('v6.example', {
        resolveAll: async () => [
          { address: '2606:4700::1111', family: 6 },
          { address: '::ffff:7f00:1', family: 6 },
        ],
      }),
      RefusedAddressError,
    );
  });

  it('refuses a name with no address; returns the first of all-global answers', async () => {
    await assert.rejects(resolveCheckedAddress('none.example', { resolveAll: asIf() }), RefusedAddressError);
    const got = await resolveCheckedAddress('ok.example', { resolveAll: asIf('1.1.1.1', '8.8.8.8') });
    assert.deepEqual(got, { address: '1.1.1.1', family: 4 });
  });

  it('the system resolver: IP literals and localhost are checked like any name', async () => {
    for (const name of ['127.0.0.1', '0.0.0.0', '::1', '::ffff:127.0.0.1', 'localhost'])
      await assert.rejects(resolveCheckedAddress(name), RefusedAddressError, name);
  });
});

describe('httpVerifier', () => {
  let privateSide: Target;
  let publicSide: Target;
  let redirecting: Target;
  let port: number;

  before(async () => {
    // the private side answers the token too: reaching it would verify the domain
    privateSide = await listen(PRIVATE, 0, (res) => res.end(TOKEN));
    port = (privateSide.server.address() as AddressInfo).port;
    publicSide = await listen(PUBLIC, port, (res) => res.end(TOKEN));
  });
  after(() => {
    privateSide.server.close();
    publicSide.server.close();
    redirecting?.server.close();
  });
  const resetHits = () => {
    for (const t of [privateSide, publicSide]) {
      t.hits = 0;
      t.hosts = [];
    }
  };

  it('default policy: never connects to loopback, whether named, faked by DNS or given as an IP', async () => {
    resetHits();
    assert.equal(await httpVerifier({ port, resolveAll: asIf(PRIVATE) }).verify('evil.example', TOKEN), false);
    for (const domain of ['localhost', PRIVATE, '0.0.0.0'])
      assert.equal(await httpVerifier({ port }).verify(domain, TOKEN), false, domain);
    assert.equal(privateSide.hits, 0);
  });

  it('the test policy lets a "public" address through (so the refusals below mean something)', async () => {
    resetHits();
    const verifier = httpVerifier({ port, resolveAll: asIf(PUBLIC), isAllowedAddress: onlyPublic });
    assert.equal(await verifier.verify('files.example', TOKEN), true);
    assert.equal(publicSide.hits, 1);
    assert.deepEqual(publicSide.hosts, [`files.example:${port}`], 'the domain goes in the Host header');
  });

  it('a name resolving to one public and one private address is refused, not filtered', async () => {
    resetHits();
    for (const answers of [
      [PUBLIC, PRIVATE],
      [PRIVATE, PUBLIC],
    ]) {
      const verifier = httpVerifier({ port, resolveAll: asIf(...answers), isAllowedAddress: onlyPublic });
      assert.equal(await verifier.verify('mixed.example', TOKEN), false, answers.join(' '));
    }
    assert.equal(publicSide.hits + privateSide.hits, 0);
  });

  it('DNS rebinding: resolved once, and the socket goes to the checked address', async () => {
    resetHits();
    let lookups = 0;
    const rebinding = async () => [{ address: lookups++ === 0 ? PUBLIC : PRIVATE, family: 4 }];
    const verifier = httpVerifier({ port, resolveAll: rebinding, isAllowedAddress: onlyPublic });
    assert.equal(await verifier.verify('rebind.example', TOKEN), true);
    assert.equal(lookups, 1);
    assert.equal(privateSide.hits, 0);
    assert.equal(publicSide.hits, 1);
  });

  it('redirects are not followed, not even to the same host; only a 200 with the token counts', async () => {
    publicSide.server.close();
    redirecting = await listen(PUBLIC, port, (res) =>
      res.writeHead(302, { location: `http://${PRIVATE}:${port}/.well-known/traydrop-verify/${TOKEN}` }).end(TOKEN),
    );
    resetHits();
    const verifier = httpVerifier({ port, resolveAll: asIf(PUBLIC), isAllowedAddress: onlyPublic });
    assert.equal(await verifier.verify('redirect.example', TOKEN), false);
    assert.equal(redirecting.hits, 1);
    assert.equal(privateSide.hits, 0);
  });
});

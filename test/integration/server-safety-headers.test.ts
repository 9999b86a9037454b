/**
 * Every answer the server sends carries the safety headers (nosniff, no-referrer), whoever writes it:
 * a route, the error handler, the 404 handler, Fastify's own answers for bad URLs, or the
 * socket-level answers for requests Node's parser refused (400, 431). Errors add a CSP under which
 * nothing loads, and no error echoes the request target back.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { API } from '../../common/broker-api.ts';
import { gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { header, type RawAnswer, sendRaw } from '../helpers/raw-http.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

describe('server: safety headers on every answer', () => {
  let server: TestServer;
  let user: GatewayUser;
  let sharePath: string;

  const request = (head: string, body = ''): Promise<RawAnswer> =>
    sendRaw(server.url, `${head}\r\nConnection: close\r\n\r\n${body}`);
  const json = (method: string, path: string, contentType: string, body: string, token = user.token) =>
    request(
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}`,
      body,
    );

  function assertSafe(res: RawAnswer, status: number, what: string): void {
    assert.equal(res.status, status, `${what}: ${res.status} ${res.body.slice(0, 200)}`);
    assert.equal(header(res, 'x-content-type-options'), 'nosniff', `${what}: nosniff`);
    assert.equal(header(res, 'referrer-policy'), 'no-referrer', `${what}: referrer-policy`);
  }
  /** An error the server writes itself: also a CSP under which nothing loads or frames it. */
  function assertSafeError(res: RawAnswer, status: number, what: string): void {
    assertSafe(res, status, what);
    assert.match(header(res, 'content-security-policy') ?? '', /default-src 'none'/, `${what}: CSP`);
    assert.match(header(res, 'content-security-policy') ?? '', /frame-ancestors 'none'/, `${what}: CSP`);
  }

  before(async () => {
    ({ server, user } = await gatewayFixture());
    sharePath = pathOf(await user.share('a.txt', 'hello', 'text/plain'));
  });
  after(() => server.close());

  it('400 for what Node’s parser refuses (invalid bytes, a bad request line)', async () => {
    assertSafeError(await request('GET /\x01 HTTP/1.1\r\nHost: 127.0.0.1'), 400, 'control byte in the target');
    assertSafeError(
      await request(`GET ${API.health} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: \x00`),
      400,
      'NUL in a header',
    );
    assertSafeError(await request('GET http://a b/ HTTP/1.1\r\nHost: 127.0.0.1'), 400, 'space in the target');
  });

  it('400 for a bad percent-encoding, without echoing the path', async () => {
    const res = await request('GET /%zz/<script>x HTTP/1.1\r\nHost: 127.0.0.1');
    assertSafeError(res, 400, 'bad encoding');
    assert.ok(!res.body.includes('script'), res.body);
  });

  it('400 for bad JSON on /v1, 401 without a token, 413 for a body too big, 415 for a wrong type', async () => {
    assertSafeError(await json('POST', API.credentials, 'application/json', '{"a":'), 400, 'bad JSON');
    assertSafeError(await request(`GET ${API.me} HTTP/1.1\r\nHost: 127.0.0.1`), 401, 'no token');
    const big = await request(
      `POST ${API.uploads} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${user.token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 2000000',
    );
    assertSafeError(big, 413, 'body too big');
    assertSafeError(await json('POST', API.credentials, 'text/xml', '<a/>'), 415, 'wrong content type');
  });

  it('400 for two Host lines and for a missing Host on HTTP/1.1', async () => {
    assertSafeError(
      await request(`GET ${API.health} HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1`),
      400,
      'two Hosts',
    );
    assertSafeError(await request(`GET ${API.health} HTTP/1.1`), 400, 'no Host');
  });

  it('404 for an unknown route, on /v1 and elsewhere', async () => {
    assertSafeError(await request('GET /v1/no/such/route HTTP/1.1\r\nHost: 127.0.0.1'), 404, '/v1 unknown');
    // two segments look like a share link to the router: the gateway's "No such link."
    assertSafeError(
      await request('GET /v1/nothing-here HTTP/1.1\r\nHost: 127.0.0.1'),
      404,
      '/v1 unknown, share-shaped',
    );
    assertSafeError(await request('DELETE /a/b/c/d HTTP/1.1\r\nHost: 127.0.0.1'), 404, 'unknown');
  });

  it('414 for a 20 KB URL and for an overlong path segment, neither echoing the path', async () => {
    const long = await request(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1`);
    assertSafeError(long, 414, '20 KB URL');
    assert.ok(!long.body.includes('aaaaaaaa'), 'the path is not echoed');
    const segment = await request(`GET /${'b'.repeat(2_000)}/x HTTP/1.1\r\nHost: 127.0.0.1`);
    assertSafeError(segment, 414, 'long segment');
    assert.ok(!segment.body.includes('bbbbbbbb'), 'the path is not echoed');
  });

  it('417 for an Expect the server does not meet', async () => {
    assertSafeError(await request(`GET ${API.health} HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: teapot`), 417, 'expect');
  });

  it('431 for 40 KB of headers', async () => {
    const res = await request(`GET ${API.health} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'c'.repeat(40_000)}`);
    assertSafeError(res, 431, 'headers too large');
  });

  it('200 answers outside the share routes carry them too', async () => {
    assertSafe(await request(`GET ${API.health} HTTP/1.1\r\nHost: 127.0.0.1`), 200, '/health');
    assertSafe(
      await request(`GET ${API.me} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${user.token}`),
      200,
      'me',
    );
    assertSafe(await request('GET /caddy/ask?domain=127.0.0.1 HTTP/1.1\r\nHost: 127.0.0.1'), 200, 'caddy');
  });

  it('the share routes keep them: 200, and 404 and 421 as errors (text answers too)', async () => {
    assertSafe(await request(`GET ${sharePath} HTTP/1.1\r\nHost: 127.0.0.1`), 200, 'a link');
    assertSafeError(await request('GET /AAAAAAAAAAAA/x HTTP/1.1\r\nHost: 127.0.0.1'), 404, 'no such link');
    assertSafeError(await request(`GET ${sharePath} HTTP/1.1\r\nHost: evil.test`), 421, 'unknown host');
  });
});

describe('server: safety headers while closing', () => {
  it('503 for a request that arrives on an open connection after close began', async () => {
    const server = await startTestServer();
    const token = await server.createToken(uniqueUserId('closing'));
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => {});
    // a request under way (its body not sent yet) keeps the connection busy while the server starts closing
    socket.write(
      `POST ${API.uploads} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = server.app.close();
    socket.write(`{}GET ${API.health} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5000))]);
    socket.destroy();
    await closing;
    await server.close();
    const answers = Buffer.concat(received)
      .toString('latin1')
      .split(/(?=HTTP\/1\.1 \d{3} )/);
    const unavailable = answers.find((a) => a.startsWith('HTTP/1.1 503 '));
    assert.ok(unavailable, `no 503 among ${answers.map((a) => a.slice(0, 15)).join(', ')}`);
    assert.match(unavailable, /\r\nx-content-type-options: nosniff\r\n/i);
    assert.match(unavailable, /\r\nreferrer-policy: no-referrer\r\n/i);
  });
});

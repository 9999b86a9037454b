/**
 * The host a request targets and what makes its target or Host malformed (server/http/request-target.ts),
 * and the socket-level answers for requests Node's parser refused (server/http/client-error.ts),
 * including the 408 the integration tests would wait a minute for.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { answerClientError } from '../../server/http/client-error.ts';
import { requestAuthority, requestTargetProblem } from '../../server/http/request-target.ts';
import { requestHostName } from '../../server/share/host-scope.ts';

function message(url: string, hosts: string[], version = '1.1', method = 'GET'): IncomingMessage {
  const [major, minor] = version.split('.').map(Number);
  return {
    url,
    method,
    rawHeaders: hosts.flatMap((h) => ['Host', h]),
    headers: hosts.length ? { host: hosts[0] } : {},
    httpVersionMajor: major,
    httpVersionMinor: minor,
  } as unknown as IncomingMessage;
}

describe('request target', () => {
  it("an absolute-form target's authority wins over Host; otherwise Host; X-Forwarded-Host never", () => {
    assert.equal(requestAuthority(message('http://Alice.Example:8080/x?y', ['share.test'])), 'Alice.Example:8080');
    assert.equal(requestAuthority(message('HTTPS://alice.example', ['share.test'])), 'alice.example');
    assert.equal(requestAuthority(message('/x', ['share.test'])), 'share.test');
    assert.equal(requestAuthority(message('/x', [], '1.0')), '');
    const forwarded = message('/x', ['share.test']);
    forwarded.headers['x-forwarded-host'] = 'alice.example';
    assert.equal(requestHostName({ raw: forwarded }), 'share.test');
    assert.equal(requestHostName({ raw: message('http://ALICE.example.:443/x', ['share.test']) }), 'alice.example');
  });

  it('accepts the forms a client or proxy sends', () => {
    for (const [url, hosts, version, method] of [
      ['/a/b?c=d', ['share.test'], '1.1', 'GET'],
      ['/a', ['share.test:8443'], '1.1', 'GET'],
      ['/a', ['[::1]:80'], '1.1', 'GET'],
      ['/a', ['traydrop_server:3000'], '1.1', 'GET'],
      ['/a', [], '1.0', 'GET'],
      ['http://share.test/a', ['other.test'], '1.1', 'GET'],
      ['http://share.test', [], '1.0', 'GET'],
      ['http://share.test?x', ['share.test'], '1.1', 'GET'],
      ['*', ['share.test'], '1.1', 'OPTIONS'],
    ] as const)
      assert.equal(requestTargetProblem(message(url, [...hosts], version, method)), null, `${url} ${hosts}`);
  });

  it('refuses two Hosts, a missing one on HTTP/1.1, a malformed one, and garbage targets', () => {
    for (const [url, hosts, version] of [
      ['/a', ['share.test', 'evil.test'], '1.1'],
      ['/a', ['share.test', 'share.test'], '1.0'],
      ['/a', [], '1.1'],
      ['/a', [''], '1.1'],
      ['/a', ['a b'], '1.1'],
      ['/a', ['user@share.test'], '1.1'],
      ['/a', ['share.test:65536'], '1.1'],
      ['/a', ['share.test/x'], '1.1'],
      ['ftp://share.test/a', ['share.test'], '1.1'],
      ['http:///a', ['share.test'], '1.1'],
      ['http://user@share.test/a', ['share.test'], '1.1'],
      ['http://share.test:x/a', ['share.test'], '1.1'],
      ['http://share.test/a#b', ['share.test'], '1.1'],
      ['share.test/a', ['share.test'], '1.1'],
      ['*', ['share.test'], '1.1'],
    ] as const) {
      const problem = requestTargetProblem(message(url, [...hosts], version));
      assert.ok(problem, `${url} ${JSON.stringify(hosts)}`);
      assert.ok(!problem.includes('share.test'), 'the reason echoes nothing');
    }
  });
});

describe('client errors', () => {
  function fakeSocket(inFlight?: { headersSent: boolean }) {
    const written: string[] = [];
    let destroyed = false;
    const socket = {
      writable: true,
      get destroyed() {
        return destroyed;
      },
      _httpMessage: inFlight ?? null,
      write: (data: string) => void written.push(data),
      destroy: () => void (destroyed = true),
    } as unknown as Socket;
    return { socket, written, isDestroyed: () => destroyed };
  }
  const error = (code: string) => Object.assign(new Error(code), { code });

  it('answers 400, 408 and 431 with the safety headers and a fixed body, then closes', () => {
    for (const [code, status] of [
      ['HPE_INVALID_METHOD', 400],
      ['ERR_HTTP_REQUEST_TIMEOUT', 408],
      ['HPE_HEADER_OVERFLOW', 431],
    ] as const) {
      const { socket, written, isDestroyed } = fakeSocket();
      answerClientError(error(code), socket);
      assert.equal(written.length, 1);
      const answer = written[0]!;
      assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `));
      assert.match(answer, /\r\nx-content-type-options: nosniff\r\n/);
      assert.match(answer, /\r\nreferrer-policy: no-referrer\r\n/);
      assert.match(answer, /\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'\r\n/);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      assert.match(answer, new RegExp(`\\r\\ncontent-length: ${Buffer.byteLength(body)}\\r\\n`));
      assert.equal(typeof JSON.parse(body).error, 'string');
      assert.ok(isDestroyed());
    }
  });

  it('never writes into an answer already under way, nor to a client that reset', () => {
    const busy = fakeSocket({ headersSent: true });
    answerClientError(error('HPE_INVALID_METHOD'), busy.socket);
    assert.deepEqual(busy.written, []);
    assert.ok(busy.isDestroyed());
    const reset = fakeSocket();
    answerClientError(error('ECONNRESET'), reset.socket);
    assert.deepEqual(reset.written, []);
  });
});

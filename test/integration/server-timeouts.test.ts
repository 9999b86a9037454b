/**
 * The server's socket timeouts: a request's head must arrive within 60 s, a body may take as long as it keeps
 * moving (an upload from a phone takes minutes: POST /v1/upload), and a connection idle for 2 minutes is cut.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('server timeouts', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  it('bounds the head and idleness, never the whole request', () => {
    const http = server.app.server;
    assert.equal(http.requestTimeout, 0, 'a large upload is not cut after a fixed time');
    assert.equal(http.headersTimeout, 60_000);
    assert.equal(http.timeout, 120_000, 'a stalled body or download is cut after 2 minutes idle');
  });
});

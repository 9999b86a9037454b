import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { API } from '../../common/broker-api.ts';
import { BrokerClient, BrokerError, isAuthError } from '../../main/credentials/broker-client.ts';

const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
let server: http.Server;
let url: string;

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      if (req.headers.authorization === 'Bearer slow') return; // never answers
      if (req.headers.authorization === 'Bearer moved')
        return res.writeHead(308, { location: 'https://secure.example/v1/me' }).end();
      if (req.headers.authorization !== 'Bearer good')
        return send(401, { error: 'unauthorized', message: 'token revoked' });
      if (req.url === API.me) return send(200, { userId: 'alice', shareBaseUrl: 'https://s' });
      if (req.url === API.multipartCreate) return send(200, { uploadId: 'U1' });
      if (req.url === API.uploads) return send(422, { error: 'not_found', message: 'no such object' });
      if (req.url === API.multipartComplete) return res.writeHead(502).end('<html>bad gateway</html>');
      send(404, { error: 'not_found', message: 'nope' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test('sends the token and JSON, parses the answer', async () => {
  const client = new BrokerClient({ serverUrl: url, token: 'good' });
  assert.deepEqual(await client.me(), { userId: 'alice', shareBaseUrl: 'https://s' });
  assert.deepEqual(await client.createMultipart({ key: 'k', contentType: 'text/plain', expire: '7d' }), {
    uploadId: 'U1',
  });
  const last = seen.at(-1)!;
  assert.equal(last.method, 'POST');
  assert.equal(last.url, API.multipartCreate);
  assert.equal(last.auth, 'Bearer good');
  assert.deepEqual(JSON.parse(last.body), { key: 'k', contentType: 'text/plain', expire: '7d' });
});

test('a 401 is an auth error with the server message', async () => {
  const client = new BrokerClient({ serverUrl: url, token: 'bad' });
  const error = await client.credentials().catch((e: unknown) => e);
  assert.ok(error instanceof BrokerError);
  assert.equal(error.status, 401);
  assert.equal(error.code, 'unauthorized');
  assert.equal(error.message, 'token revoked');
  assert.ok(isAuthError(error));
});

test('other errors keep status and code; non-JSON bodies still give a message', async () => {
  const client = new BrokerClient({ serverUrl: url, token: 'good' });
  const report = await client.reportUpload('k').catch((e: unknown) => e);
  assert.ok(report instanceof BrokerError && report.status === 422 && report.code === 'not_found');
  assert.equal(report.message, 'no such object');
  assert.equal(isAuthError(report), false);
  const complete = await client.completeMultipart({ key: 'k', uploadId: 'U', parts: [] }).catch((e: unknown) => e);
  assert.ok(complete instanceof BrokerError && complete.status === 502 && complete.code === 'http_502');
  assert.match(complete.message, /502/);
});

test('an unreachable server is status 0 with a readable message', async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const client = new BrokerClient({ serverUrl: `http://127.0.0.1:${port}`, token: 'good' });
  const error = await client.me().catch((e: unknown) => e);
  assert.ok(error instanceof BrokerError);
  assert.equal(error.status, 0);
  assert.equal(error.message, `cannot reach the Traydrop server at http://127.0.0.1:${port}: ECONNREFUSED`);
});

test('a redirect is not followed: the error names the address to pair with', async () => {
  const client = new BrokerClient({ serverUrl: url, token: 'moved' });
  const error = await client.me().catch((e: unknown) => e);
  assert.ok(error instanceof BrokerError);
  assert.equal(error.status, 308);
  assert.equal(
    error.message,
    'the Traydrop server redirects to https://secure.example: pair with that address instead',
  );
});

test('a server that never answers is status 0 after the time limit', async () => {
  const client = new BrokerClient({ serverUrl: url, token: 'slow', timeoutMs: 200 });
  const started = Date.now();
  const error = await client.me().catch((e: unknown) => e);
  assert.ok(error instanceof BrokerError);
  assert.equal(error.status, 0);
  assert.equal(error.message, `cannot reach the Traydrop server at ${url.replace(/\/$/, '')}: no answer in time`);
  assert.ok(Date.now() - started < 5000);
});

test('calls reuse one keep-alive connection', async () => {
  const client = new BrokerClient({ serverUrl: url, token: 'good' });
  const sockets = new Set<unknown>();
  const onConnection = (socket: unknown) => sockets.add(socket);
  server.on('connection', onConnection);
  try {
    for (let i = 0; i < 5; i++) await client.me();
  } finally {
    server.off('connection', onConnection);
  }
  assert.equal(sockets.size, 1);
});

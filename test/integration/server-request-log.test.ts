/** The access log: one line per answered request at info level (downloads too), headers only at debug. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { API, type CredentialsResponse, type UploadRecord } from '../../common/broker-api.ts';
import { s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

type Line = Record<string, unknown> & { msg: string; level: number };

async function loggingServer(level: string) {
  const lines: Line[] = [];
  const stream = new Writable({
    write: (chunk, _encoding, done) => {
      for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const server = await startTestServer({ logger: { level, stream } });
  return { server, lines };
}

describe('request log', () => {
  let info: { server: TestServer; lines: Line[] };
  let debug: { server: TestServer; lines: Line[] };
  before(async () => {
    info = await loggingServer('info');
    debug = await loggingServer('debug');
  });
  after(async () => {
    await info.server.close();
    await debug.server.close();
  });

  it('at info: one line per request, downloads included, without headers; secrets in paths redacted', async () => {
    const { server, lines } = info;
    const user = uniqueUserId('log');
    const token = await server.createToken(user);
    const key = newKey(user, 'logged.txt');
    const creds = (await server.call<CredentialsResponse>('POST', API.credentials, token, {})).body;
    await s3WithCredentials(server.rgw, creds).send(
      new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: 'hello', Tagging: 'expire=7d' }),
    );
    const record = (await server.call<UploadRecord>('POST', API.uploads, token, { key })).body;
    const path = new URL(record.url).pathname;
    const download = await fetch(`${server.url}${path}/raw`, { headers: { 'user-agent': 'curl/8' } });
    assert.equal(await download.text(), 'hello');
    await fetch(`${server.url}/internal/rgw-events/s3cr3t-value`, { method: 'POST', body: '{}' });
    // a request's line comes when its response has finished, which may be after the client has read it
    const completedNow = () => lines.filter((l) => l.msg === 'request completed');
    const wanted = [`${path}/raw`, '/internal/rgw-events/[redacted]'];
    const completed = await waitFor(
      'the download and the notification logged',
      () => (wanted.every((url) => completedNow().some((l) => l.url === url)) ? completedNow() : undefined),
      5000,
      20,
    ).catch((error: Error) => assert.fail(`${error.message}: ${JSON.stringify(completedNow().map((l) => l.url))}`));
    const downloadLine = completed.find((l) => l.url === `${path}/raw`);
    assert.ok(downloadLine, 'the download is logged');
    assert.equal(downloadLine.method, 'GET');
    assert.equal(downloadLine.status, 200);
    assert.equal(typeof downloadLine.ms, 'number');
    assert.equal(downloadLine.ip, '127.0.0.1');
    assert.equal(completed.filter((l) => l.url === `${path}/raw`).length, 1, 'one line per request');
    assert.ok(completed.some((l) => l.url === API.uploads && l.status === 200));
    assert.ok(completed.some((l) => l.url === '/internal/rgw-events/[redacted]'));
    const all = JSON.stringify(lines);
    assert.ok(!all.includes('s3cr3t-value'), 'the notification secret is not logged');
    assert.ok(!all.includes('curl/8'), 'no headers at info level');
    assert.ok(!all.includes(token), 'no token');
    assert.equal(lines.filter((l) => l.msg === 'incoming request').length, 0);
  });

  it('at debug: the incoming request with its headers, authorization redacted', async () => {
    const { server, lines } = debug;
    const token = await server.createToken(uniqueUserId('dbg'));
    await server.call('GET', API.me, token);
    const incoming = lines.find((l) => l.msg === 'incoming request');
    assert.ok(incoming);
    const headers = (incoming.req as { headers: Record<string, string> }).headers;
    assert.equal(headers.authorization, '[redacted]');
    assert.ok(!JSON.stringify(lines).includes(token));
  });
});

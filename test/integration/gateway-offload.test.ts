/**
 * BYTES_OFFLOAD=x-accel behind the real nginx (docs/deploy/nginx-offload.conf, scripts/nginx-start.sh) with the real
 * RGW: the gateway runs every check and books, nginx fetches the bytes from the storage. Byte-identical whole, ranged
 * and resumed; 416 and 410 answered by the gateway with no bytes; max downloads 1 under 30 parallel GETs gives one
 * download; a password link; active content with the same safe headers as the gateway's own; the presigned URL never
 * reaches a client. Booking from nginx's log: gateway-offload-log.test.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API } from '../../common/broker-api.ts';
import { gatewayUser, type GatewayUser, pathOf, rawRequest, type RawResponse } from '../helpers/gateway.ts';
import { startNginxBefore, type StartedProxy } from '../helpers/proxy-stack.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startTestServer, testClock, type TestServer } from '../helpers/server.ts';

const SECRET = 'offload-secret-for-the-tests-0123';

/** Nothing of the storage's signed URL, nor what the gateway tells nginx alone, may reach a client. */
function assertNothingLeaks(res: RawResponse): void {
  const text = `${JSON.stringify(res.headers)}\n${res.body.subarray(0, 65536).toString('latin1')}`;
  assert.doesNotMatch(text, /X-Amz-(Signature|Credential)|_traydrop_storage|x-accel|x-traydrop-|x-amz-/i, text);
}

/** The headers that make a served file safe, as a client sees them. */
const safeHeaders = (r: RawResponse) =>
  Object.fromEntries(
    [
      'content-type',
      'content-disposition',
      'content-security-policy',
      'x-content-type-options',
      'referrer-policy',
      'cache-control',
      'accept-ranges',
      'content-length',
      'etag',
    ].map((h) => [h, r.headers[h]]),
  );

describe('gateway with the bytes offloaded to nginx (X-Accel-Redirect)', () => {
  const clock = testClock();
  let server: TestServer;
  let user: GatewayUser;
  let nginx: StartedProxy & { log: string };
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const res = await rawRequest(nginx.url, path, { headers, method });
    assertNothingLeaks(res);
    return res;
  };
  /**
   * The `offloaded` field of nginx's log line for this response (docs/deploy/nginx-offload.conf). nginx writes the
   * line after the last byte is sent, so the client may have the whole body first: waited for, up to 5 s.
   */
  const offloadedField = (res: RawResponse): Promise<string> => {
    const id = res.headers['x-request-id'];
    assert.ok(id !== undefined, 'nginx names the request (X-Request-Id)');
    return waitFor(
      `nginx's log line for request ${String(id)}`,
      () =>
        readFileSync(nginx.log, 'utf8')
          .split('\n')
          .find((l) => l.startsWith(`${String(id)} `))
          ?.split(' ')[4],
      5000,
      50,
    );
  };
  const limits = (shareId: string, body: object) =>
    server.call('PUT', apiPath(FILES_API.limits, shareId), user.token, body);

  before(async () => {
    server = await startTestServer({
      now: clock.now,
      config: { bytesOffload: { secret: SECRET, prefix: '/_traydrop_storage', minBytes: 1000 } },
    });
    user = await gatewayUser(server, 'off');
    nginx = await startNginxBefore(server, SECRET);
  });
  after(async () => {
    await nginx?.stop();
    await server?.close();
  });

  it('whole, ranged and resumed downloads are byte-identical; 416 and HEAD come from the gateway', async () => {
    const data = randomBytes(3_000_000 + 7);
    const rec = await user.share('big.bin', data, 'application/octet-stream');
    const raw = `${pathOf(rec)}/raw`;
    const whole = await get(raw);
    assert.equal(whole.status, 200);
    assert.ok(whole.body.equals(data));
    assert.equal(whole.headers['content-length'], String(data.length));
    assert.equal(await offloadedField(whole), '1', 'nginx fetched the bytes itself');
    const part = await get(raw, { range: 'bytes=1000-1999' });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 1000-1999/${data.length}`);
    assert.ok(part.body.equals(data.subarray(1000, 2000)));
    const suffix = await get(raw, { range: 'bytes=-10' });
    assert.ok(suffix.body.equals(data.subarray(-10)));
    // a download cut at 1 MB resumes from there with If-Range: the rest, and both halves make the file
    const rest = await get(raw, { range: 'bytes=1000000-', 'if-range': String(whole.headers.etag) });
    assert.equal(rest.status, 206);
    assert.ok(Buffer.concat([data.subarray(0, 1_000_000), rest.body]).equals(data));
    // an If-Range that no longer holds: the whole file, 200
    const stale = await get(raw, { range: 'bytes=1000000-', 'if-range': '"0123"' });
    assert.equal(stale.status, 200);
    assert.ok(stale.body.equals(data));
    // several ranges: the whole file, as the gateway serves them itself
    const several = await get(raw, { range: 'bytes=0-1,5-6' });
    assert.equal(several.status, 200);
    assert.ok(several.body.equals(data));
    const beyond = await get(raw, { range: `bytes=${data.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${data.length}`);
    const notModified = await get(raw, { 'if-none-match': String(whole.headers.etag) });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body.length, 0);
    const unchanged = await get(raw, { 'if-modified-since': String(whole.headers['last-modified']) });
    assert.equal(unchanged.status, 304);
    const head = await get(raw, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(data.length));
  });

  it('a name that is percent-encoded in the signed path (Unicode, parentheses, !, @) is fetched as signed', async () => {
    const data = randomBytes(3000);
    const rec = await user.share('Grüße-(1)!-👩‍👩‍👧-@home,-v2.bin', data, 'application/octet-stream');
    assert.match(rec.name, /[^\x20-\x7e]/, 'the name keeps its Unicode');
    const res = await get(`${pathOf(rec)}/raw`);
    assert.equal(res.status, 200, res.body.toString());
    assert.ok(res.body.equals(data));
    assert.equal(await offloadedField(res), '1');
  });

  it('410 from the exact moment of expiry, with no bytes', async () => {
    const data = randomBytes(5000);
    const rec = await user.share('soon.bin', data, 'application/octet-stream', '1d');
    const raw = `${pathOf(rec)}/raw`;
    const left = Date.parse(rec.expiresAt!) - clock.now().getTime();
    clock.advance(left - 1);
    const last = await get(raw);
    assert.equal(last.status, 200);
    assert.ok(last.body.equals(data));
    clock.advance(1);
    const gone = await get(raw);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.indexOf(data.subarray(0, 64)), -1);
    clock.advance(-left); // back to now for the other tests
  });

  it('max downloads 1 under 30 parallel GETs: exactly one full download; its cookie resumes it', async () => {
    const data = randomBytes(2_000_000);
    const rec = await user.share('once.bin', data, 'application/octet-stream');
    assert.equal((await limits(rec.shareId, { maxDownloads: 1 })).status, 200);
    const raw = `${pathOf(rec)}/raw`;
    const all = await Promise.all(Array.from({ length: 30 }, () => get(raw)));
    const full = all.filter((r) => r.status === 200);
    assert.equal(full.length, 1, all.map((r) => r.status).join(' '));
    assert.ok(full[0]!.body.equals(data));
    assert.equal(all.filter((r) => r.status === 410).length, 29);
    for (const r of all.filter((r) => r.status === 410)) assert.equal(r.body.indexOf(data.subarray(0, 64)), -1);
    const cookie = String(full[0]!.headers['set-cookie']).split(';')[0]!;
    assert.match(cookie, new RegExp(`^tdr_${rec.shareId}=`));
    const resumed = await get(raw, { cookie, range: 'bytes=1500000-' });
    assert.equal(resumed.status, 206);
    assert.ok(resumed.body.equals(data.subarray(1_500_000)));
    assert.equal((await get(raw, { range: 'bytes=1500000-' })).status, 410, 'without the cookie: nothing left');
  });

  it('a password link: 401 without the cookie, the bytes with it', async () => {
    const data = randomBytes(4000);
    const rec = await user.share('secret.bin', data, 'application/octet-stream');
    await limits(rec.shareId, { password: 'pass word' });
    const raw = `${pathOf(rec)}/raw`;
    const refused = await get(raw);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.indexOf(data.subarray(0, 64)), -1);
    const post = await fetch(nginx.url + pathOf(rec), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'pass word' }).toString(),
    });
    assert.equal(post.status, 303);
    const cookie = post.headers.get('set-cookie')!.split(';')[0]!;
    const opened = await get(raw, { cookie });
    assert.equal(opened.status, 200);
    assert.ok(opened.body.equals(data));
    assert.equal(opened.headers['cache-control'], 'private, no-store');
  });

  it('active content and PDFs get the same safe headers as from the gateway itself', async () => {
    const html = await user.share('page.html', `<script>alert(1)</script>${'x'.repeat(5000)}`, 'text/html');
    const pdf = await user.share(
      'doc.pdf',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(5000)]),
      'application/pdf',
    );
    for (const rec of [html, pdf]) {
      for (const suffix of ['/raw', '/raw?download']) {
        const path = `${pathOf(rec)}${suffix}`;
        const offloaded = await get(path);
        const piped = await rawRequest(server.url, path); // straight to the gateway: no offload header, piped
        assert.equal(piped.headers['x-accel-redirect'], undefined);
        assert.ok(offloaded.body.equals(piped.body));
        assert.deepEqual(safeHeaders(offloaded), safeHeaders(piped), path);
      }
    }
    const page = await get(`${pathOf(html)}/raw`);
    assert.equal(page.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(String(page.headers['content-disposition']), /^attachment/);
    assert.equal(page.headers['content-security-policy'], "sandbox; default-src 'none'");
  });

  it('the storage location is internal, a client cannot switch offload on, small files are piped', async () => {
    const rec = await user.share('tiny.bin', randomBytes(500), 'application/octet-stream');
    const signed = new URL(`${server.config.s3Endpoint}/${server.config.s3Bucket}/x`);
    assert.equal((await get(`/_traydrop_storage/${signed.host}${signed.pathname}`)).status, 404);
    const tiny = await get(`${pathOf(rec)}/raw`); // under BYTES_OFFLOAD_MIN_BYTES: the gateway's own answer
    assert.equal(tiny.status, 200);
    assert.equal(tiny.body.length, 500);
    assert.equal(tiny.headers['x-request-id'], undefined, 'not offloaded: no line of the internal location');
    const big = await user.share('direct.bin', randomBytes(5000), 'application/octet-stream');
    // straight to the gateway, even naming the header: piped, no redirect, no presigned URL
    for (const forged of ['x-accel', SECRET.slice(1), `${SECRET}x`]) {
      const direct = await rawRequest(server.url, `${pathOf(big)}/raw`, { headers: { 'x-traydrop-offload': forged } });
      assertNothingLeaks(direct);
      assert.equal(direct.body.length, 5000);
    }
  });
});

describe('offload off (the default): nginx in front passes the gateway’s bytes through', () => {
  let server: TestServer;
  let nginx: StartedProxy;
  before(async () => {
    server = await startTestServer();
    nginx = await startNginxBefore(server);
  });
  after(async () => {
    await nginx?.stop();
    await server?.close();
  });

  it('the gateway pipes, whatever header a client sends', async () => {
    const user = await gatewayUser(server, 'offoff');
    const data = randomBytes(2_000_000);
    const rec = await user.share('plain.bin', data, 'application/octet-stream');
    const res = await rawRequest(nginx.url, `${pathOf(rec)}/raw`, { headers: { 'x-traydrop-offload': 'x-accel' } });
    assertNothingLeaks(res);
    assert.ok(res.body.equals(data));
    const straight = await rawRequest(server.url, `${pathOf(rec)}/raw`, {
      headers: { 'x-traydrop-offload': 'x-accel' },
    });
    assert.equal(straight.headers['x-accel-redirect'], undefined);
    assert.ok(straight.body.equals(data));
  });
});

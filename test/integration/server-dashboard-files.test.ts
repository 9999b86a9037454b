/**
 * The files list both the app and the dashboard read (GET /v1/files with q, kind, state, sort and keyset
 * cursors), the session's CSRF rule on /v1, and another user's ids: 404 on every route, by token and by session;
 * the uploads in flight (GET /v1/files/uploading and the page's "uploading" state). On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API, FILES_API, type FileEntry, type FileListResponse } from '../../common/broker-api.ts';
import { DASHBOARD_FILES_API, type UploadingListResponse } from '../../common/dashboard-api.ts';
import { insertUpload, setLimits } from '../../server/db/uploads.ts';
import { startDashboardServer, type WebSignIn, webSignIn } from '../helpers/dashboard.ts';
import { gatewayUser, type GatewayUser } from '../helpers/gateway.ts';
import { startUpload } from '../helpers/in-flight.ts';
import { newKey, newShareId, type TestServer, uniqueUserId } from '../helpers/server.ts';

const TYPES = ['image/png', 'video/mp4', 'application/pdf', 'text/plain', 'application/zip'];

describe('GET /v1/files: search, filters, sorts and paging', () => {
  let server: TestServer;
  let token: string;
  const now = Date.now();
  before(async () => {
    server = await startDashboardServer();
    const userId = uniqueUserId('list');
    token = await server.createToken(userId);
    for (let i = 0; i < 60; i++) {
      const shareId = newShareId();
      await insertUpload(server.db, {
        shareId,
        key: `users/${userId}/${shareId}/f`,
        userId,
        name: i % 10 === 0 ? `Holiday_${i} 100%.png` : `file-${i}.bin`,
        bytes: 1000 + ((i * 37) % 60) * 10,
        contentType: TYPES[i % TYPES.length]!,
        expire: '7d',
        uploadedAt: new Date(now - (60 - i) * 60_000).toISOString(),
        expiresAt: i % 7 === 0 ? new Date(now - 1000).toISOString() : new Date(now + 86_400_000).toISOString(),
        uploadId: null,
      });
      if (i % 9 === 0) await setLimits(server.db, shareId, { maxDownloads: 1 });
      if (i % 9 === 0)
        await server.db.updateTable('uploads').set({ downloads: 1 }).where('share_id', '=', shareId).execute();
      else
        await server.db
          .updateTable('uploads')
          .set({ downloads: i % 13 })
          .where('share_id', '=', shareId)
          .execute();
    }
  });
  after(() => server?.close());

  async function all(query: string, limit = 7): Promise<FileEntry[]> {
    const files: FileEntry[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `${FILES_API.files}?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await server.call<FileListResponse>('GET', q, token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      files.push(...res.body.files);
      cursor = res.body.nextCursor;
    } while (cursor);
    return files;
  }

  it('pages through every link once, newest first', async () => {
    const files = await all('');
    assert.equal(files.length, 60);
    assert.equal(new Set(files.map((f) => f.shareId)).size, 60);
    const dates = files.map((f) => f.uploadedAt);
    assert.deepEqual(dates, [...dates].sort().reverse());
  });

  it('q matches part of the name in any case, % and _ taken literally', async () => {
    assert.equal((await all('q=holiday')).length, 6);
    assert.deepEqual(
      (await all(`q=${encodeURIComponent('_50 100%')}`)).map((f) => f.name),
      ['Holiday_50 100%.png'],
    );
    assert.equal((await all(`q=${encodeURIComponent('%')}`)).length, 6, 'a lone % matches only names with one');
    assert.equal((await all('q=nothing-like-this')).length, 0);
  });

  it('kind, state and sort (keyset per sort, ties by share id)', async () => {
    assert.ok((await all('kind=pdf')).every((f) => f.contentType === 'application/pdf'));
    assert.equal((await all('kind=pdf')).length, 12);
    assert.equal((await all('kind=other')).length, 12, 'application/zip is "other"');
    const expired = await all('state=expired');
    assert.equal(expired.length, 9);
    assert.ok(expired.every((f) => f.expired));
    const limited = await all('state=limited');
    assert.ok(limited.length > 0 && limited.every((f) => !f.expired && f.downloads >= f.maxDownloads!));
    const live = await all('state=live');
    assert.equal(live.length + limited.length + expired.length, 60);
    for (const [sort, value] of [
      ['size', (f: FileEntry) => f.bytes],
      ['downloads', (f: FileEntry) => f.downloads],
    ] as const) {
      const files = await all(`sort=${sort}`, 5);
      assert.equal(files.length, 60, sort);
      assert.equal(new Set(files.map((f) => f.shareId)).size, 60, `${sort}: no link twice across pages`);
      for (let i = 1; i < files.length; i++) {
        const [a, b] = [files[i - 1]!, files[i]!];
        assert.ok(value(a) > value(b) || (value(a) === value(b) && a.shareId > b.shareId), `${sort} order at ${i}`);
      }
    }
    const combined = await all('q=holiday&kind=image&sort=size');
    assert.equal(combined.length, 6, 'every Holiday_ file is a PNG (i % 10 = 0)');
  });

  it('a value no form offers is a clear 400', async () => {
    for (const q of ['kind=exe', 'state=gone', 'sort=name', `q=${'x'.repeat(201)}`]) {
      const res = await server.call<{ message: string }>('GET', `${FILES_API.files}?${q}`, token);
      assert.equal(res.status, 400, q);
      assert.match(res.body.message, /invalid request/);
    }
  });
});

describe('sessions on /v1, and another user’s ids', () => {
  let server: TestServer;
  let alice: GatewayUser;
  let bob: GatewayUser;
  let aliceWeb: WebSignIn;
  let bobWeb: WebSignIn;
  let bobFile: string;
  before(async () => {
    server = await startDashboardServer();
    alice = await gatewayUser(server, 'alice');
    bob = await gatewayUser(server, 'bob');
    aliceWeb = await webSignIn(server, alice.token);
    bobWeb = await webSignIn(server, bob.token);
    bobFile = (await bob.share('bob.png', 'png bytes', 'image/png')).shareId;
  });
  after(() => server?.close());

  const web = (w: WebSignIn, method: string, path: string, extra: Record<string, string> = {}, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: {
        cookie: w.cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a session reads /v1 without a token; a change needs the CSRF token or a same-origin Origin (else 403)', async () => {
    const mine = await alice.share('mine.txt', 'hello', 'text/plain');
    const list = await web(aliceWeb, 'GET', FILES_API.files);
    assert.equal(list.status, 200);
    assert.deepEqual(
      ((await list.json()) as FileListResponse).files.map((f) => f.shareId),
      [mine.shareId],
    );
    const limits = `/v1/files/${mine.shareId}/limits`;
    assert.equal((await web(aliceWeb, 'PUT', limits, {}, { maxDownloads: 5 })).status, 403, 'no token, no Origin');
    const foreign = { origin: 'http://evil.example' };
    assert.equal((await web(aliceWeb, 'PUT', limits, foreign, { maxDownloads: 5 })).status, 403, 'foreign Origin');
    const wrong = { 'x-csrf-token': bobWeb.csrf };
    assert.equal(
      (await web(aliceWeb, 'PUT', limits, wrong, { maxDownloads: 5 })).status,
      403,
      'another session’s token',
    );
    assert.equal(
      (await web(aliceWeb, 'PUT', limits, { 'x-csrf-token': aliceWeb.csrf }, { maxDownloads: 5 })).status,
      200,
    );
    assert.equal((await web(aliceWeb, 'PUT', limits, { origin: server.url }, { maxDownloads: 6 })).status, 200);
    const check = await server.call<FileListResponse>('GET', FILES_API.files, alice.token);
    assert.equal(check.body.files[0]!.maxDownloads, 6);
  });

  it('every route answers 404 for another user’s ids, by device token and by session, and changes nothing', async () => {
    const csrf = { 'x-csrf-token': aliceWeb.csrf };
    const bobSession = ((await (await web(bobWeb, 'GET', '/v1/sessions')).json()) as { sessions: { id: string }[] })
      .sessions[0]!.id;
    const routes: [string, string, unknown?][] = [
      ['DELETE', `/v1/files/${bobFile}`],
      ['GET', `/v1/files/${bobFile}/stats`],
      ['PUT', `/v1/files/${bobFile}/limits`, { maxDownloads: 1 }],
      ['PUT', `/v1/files/${bobFile}/expiry`, { expire: '1d' }],
      ['GET', `/v1/files/${bobFile}/daily`],
      ['DELETE', `/v1/sessions/${bobSession}`],
    ];
    for (const [method, path, body] of routes) {
      assert.equal((await server.call(method, path, alice.token, body)).status, 404, `token ${method} ${path}`);
      assert.equal((await web(aliceWeb, method, path, csrf, body)).status, 404, `session ${method} ${path}`);
    }
    const form = (path: string, fields: Record<string, string>) =>
      fetch(server.url + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: aliceWeb.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: aliceWeb.csrf, ...fields }).toString(),
      });
    assert.equal((await form('/dashboard/files/delete', { id: bobFile })).status, 404, 'bulk delete');
    assert.equal((await form(`/dashboard/sessions/${bobSession}/revoke`, {})).status, 404, 'revoke');
    assert.equal((await form(`/dashboard/files/${bobFile}/expiry`, { expire: '1d' })).status, 404, 'expiry form');
    assert.equal((await form(`/dashboard/files/${bobFile}/limits`, { maxDownloads: '1' })).status, 404, 'limits form');
    const page = await fetch(`${server.url}/dashboard/files/${bobFile}`, { headers: { cookie: aliceWeb.cookie } });
    assert.equal(page.status, 404, 'link page');
    const preview = await fetch(`${server.url}/dashboard/files/${bobFile}/preview`, {
      headers: { cookie: aliceWeb.cookie },
    });
    assert.equal(preview.status, 404, 'thumbnail');
    // nothing of Bob's changed
    const bobs = await server.call<FileListResponse>('GET', FILES_API.files, bob.token);
    assert.deepEqual(
      bobs.body.files.map((f) => [f.shareId, f.maxDownloads, f.expire]),
      [[bobFile, null, '7d']],
    );
    assert.equal((await web(bobWeb, 'GET', '/v1/sessions')).status, 200, 'Bob is still signed in');
  });
});

describe('uploads in flight: GET /v1/files/uploading and the Files page’s "uploading" state', () => {
  let server: TestServer;
  let alice: GatewayUser;
  let bob: GatewayUser;
  let aliceWeb: WebSignIn;
  before(async () => {
    server = await startDashboardServer();
    alice = await gatewayUser(server, 'alice');
    bob = await gatewayUser(server, 'bob');
    aliceWeb = await webSignIn(server, alice.token);
  });
  after(() => server?.close());

  const uploading = async (query = '', token = alice.token) => {
    const res = await server.call<UploadingListResponse>('GET', `${DASHBOARD_FILES_API.uploading}${query}`, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.uploads;
  };

  it('reserved and multipart uploads are listed newest first, never another user’s; complete makes a link', async () => {
    const clip = await startUpload(server, alice, 'holiday-clip.mp4', Buffer.alloc(3000, 1), 'video/mp4');
    const shot = await startUpload(server, alice, 'unreserved-shot.png', Buffer.alloc(500, 2), 'image/png', {
      reserve: false,
    });
    const reservedOnly = newKey(alice.userId, 'notes.txt');
    const reserve = { key: reservedOnly, expire: '7d', contentType: 'text/plain', bytes: 42 };
    assert.equal((await server.call('POST', API.reserve, alice.token, reserve)).status, 200);
    const bobs = await startUpload(server, bob, 'bob-secret.mp4', Buffer.alloc(100), 'video/mp4');

    const list = await uploading();
    assert.deepEqual(
      list.map((u) => [u.name, u.bytes, u.contentType, u.multipart, u.expire]),
      [
        ['notes.txt', 42, 'text/plain', false, '7d'],
        ['unreserved-shot.png', null, 'image/png', true, '7d'],
        ['holiday-clip.mp4', 3000, 'video/mp4', true, '7d'],
      ],
    );
    assert.equal(list[2]!.key, clip.key);
    assert.ok(!list.some((u) => u.key === bobs.key), 'Bob’s upload is not Alice’s');
    assert.deepEqual(
      (await uploading('', bob.token)).map((u) => u.name),
      ['bob-secret.mp4'],
    );
    assert.deepEqual(
      (await uploading('?q=HOLIDAY')).map((u) => u.name),
      ['holiday-clip.mp4'],
    );
    assert.deepEqual(
      (await uploading('?kind=image')).map((u) => u.name),
      ['unreserved-shot.png'],
    );
    assert.equal((await uploading('?limit=1')).length, 1);
    for (const bad of ['?kind=exe', '?limit=0', `?q=${'x'.repeat(201)}`]) {
      const res = await server.call<{ message: string }>('GET', `${DASHBOARD_FILES_API.uploading}${bad}`, alice.token);
      assert.equal(res.status, 400, bad);
    }

    // the page, by session: alone under state=uploading, first in the whole list; no link to open, nothing to select
    const page = async (query: string) => {
      const res = await fetch(`${server.url}/dashboard${query}`, { headers: { cookie: aliceWeb.cookie } });
      assert.equal(res.status, 200);
      return res.text();
    };
    const only = await page('?state=uploading');
    assert.equal((only.match(/<tr class="in-flight"/g) ?? []).length, 3);
    assert.match(only, /holiday-clip\.mp4/);
    assert.match(
      only,
      /unreserved-shot\.png<\/span>.*\n<td class="num" data-label="Size">unknown</,
      'no size announced',
    );
    assert.doesNotMatch(only, /bob-secret/);
    assert.doesNotMatch(only, new RegExp(`href="[^"]*${clip.key.split('/')[2]}`), 'no link to open yet');
    assert.match(only, /<option value="uploading" selected>Uploading<\/option>/);
    assert.equal((await page('?state=live')).includes('in-flight'), false);

    // completed: no longer in flight, a live link instead
    const done = await clip.finish();
    assert.equal(done.bytes, 3000);
    assert.deepEqual(
      (await uploading()).map((u) => u.name),
      ['notes.txt', 'unreserved-shot.png'],
    );
    const files = await server.call<FileListResponse>('GET', `${FILES_API.files}?state=live`, alice.token);
    assert.deepEqual(
      files.body.files.map((f) => f.name),
      ['holiday-clip.mp4'],
    );
    const whole = await page('');
    assert.equal((whole.match(/<tr class="in-flight"/g) ?? []).length, 2);
    assert.match(whole, new RegExp(`href="/dashboard/files/${done.shareId}"`));
    // released (the job was cancelled): gone from the list
    await server.call('POST', API.release, alice.token, { key: reservedOnly });
    assert.deepEqual(
      (await uploading()).map((u) => u.name),
      ['unreserved-shot.png'],
    );
    await shot.finish();
    assert.deepEqual(await uploading(), []);
    assert.match(await page('?state=uploading'), /No upload in flight\./);
  });
});

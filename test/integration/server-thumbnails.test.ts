/**
 * Server-made thumbnails on the real RGW and a real server (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE):
 * a PNG, a JPEG and a short video get WebP thumbnails 480 px on the long side (dimensions read back by ffprobe),
 * stored under thumbs/ with the link's expire tag, where the user's own STS credentials cannot write; served to the
 * owner through the API and to anyone only for public links; deleted with the link; used as og:image of a large
 * image; made once by two instances on one database; and a corrupt image or a pixel bomb ends as failed quickly
 * while the server keeps answering.
 */
import assert from 'node:assert/strict';
import { DASHBOARD_FILES_API } from '../../common/dashboard-api.ts';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { API, apiPath, type CredentialsResponse, FILES_API, type UploadRecord } from '../../common/broker-api.ts';
import { pngFile } from '../../main/capture/png.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { findThumbnail } from '../../server/db/thumbnails.ts';
import { deleteUploadRow, findUploadByShareId } from '../../server/db/uploads.ts';
import { reconcile } from '../../server/maintenance/reconcile.ts';
import { applyEvent } from '../../server/notifications/apply.ts';
import { THUMBNAIL_API } from '../../server/routes/thumbnail.ts';
import { DEFAULT_LIMITS } from '../../server/thumbnails/run-ffmpeg.ts';
import { thumbnailKey } from '../../server/thumbnails/thumbnail-key.ts';
import { Thumbnailer } from '../../server/thumbnails/thumbnailer.ts';
import { BROWSER_ACCEPT, gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { testDatabaseKind } from '../helpers/pg.ts';
import { startFaultProxy } from '../helpers/fault-proxy.ts';
import { adminS3, s3WithCredentials } from '../helpers/rgw.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const exec = promisify(execFile);
const quiet = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => quiet,
  level: 'silent',
};
const log = quiet as unknown as ConstructorParameters<typeof Thumbnailer>[1];

/** Width and height of an encoded picture, decoded by ffprobe. */
async function dimensions(dir: string, bytes: Uint8Array): Promise<[number, number]> {
  const file = join(dir, `probe-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, bytes);
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ]);
  const [w, h] = stdout.trim().split(',').map(Number);
  return [w!, h!];
}

async function ffmpeg(...args: string[]): Promise<void> {
  await exec('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** A valid PNG header and zlib stream for a picture of width × height 1-bit pixels, all black: 200 MP in ~25 KB. */
function pixelBombPng(width: number, height: number): Buffer {
  // each row: filter byte 0, then width bits of 0; 25 MB of zeros deflate to about 25 KB
  const all = deflateSync(Buffer.alloc((1 + Math.ceil(width / 8)) * height), { level: 9 });
  return pngFile(width, height, 1, 0, all); // 1-bit greyscale
}

describe('thumbnails', () => {
  let dir: string;
  let server: TestServer;
  let user: GatewayUser;
  let other: GatewayUser;
  let s3: S3Client;
  const files: Record<string, Buffer> = {};

  const thumbnail = (token: string, shareId: string) =>
    fetch(server.url + apiPath(THUMBNAIL_API, shareId), { headers: { authorization: `Bearer ${token}` } });

  const thumbnailObject = async (rec: UploadRecord): Promise<Uint8Array> => {
    const got = await s3.send(
      new GetObjectCommand({ Bucket: server.rgw.bucket, Key: thumbnailKey(user.userId, rec.shareId) }),
    );
    return got.Body!.transformToByteArray();
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-thumbs-'));
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1200x800',
      '-frames:v',
      '1',
      '-pix_fmt',
      'rgba',
      join(dir, 'a.png'),
    );
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=900x1600', '-frames:v', '1', join(dir, 'b.jpg'));
    await ffmpeg(
      ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '2'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(dir, 'c.mp4')],
    );
    // random pixels do not compress: a 1700x1100 PNG of noise is above the 5 MB og:image threshold
    writeFileSync(join(dir, 'noise.rgb'), randomBytes(1700 * 1100 * 3));
    await ffmpeg(
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '1700x1100'],
      '-i',
      join(dir, 'noise.rgb'),
      join(dir, 'big.png'),
    );
    // 25 s of 1080p MJPEG, index at the end (ffmpeg's default): 75 MB, of which the first second is 3 MB
    await ffmpeg(
      ...['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-t', '1'],
      ...['-c:v', 'mjpeg', '-q:v', '1', join(dir, 'second.mp4')],
    );
    await ffmpeg('-stream_loop', '24', '-i', join(dir, 'second.mp4'), '-c', 'copy', join(dir, 'long.mp4'));
    for (const name of ['a.png', 'b.jpg', 'c.mp4', 'big.png', 'long.mp4']) files[name] = readFileSync(join(dir, name));
    server = await startTestServer({ thumbnailSweepMs: 0 }); // the test sweeps itself
    user = await gatewayUser(server, 'thumb');
    other = await gatewayUser(server, 'thumb-other');
    s3 = adminS3(server.rgw);
  });
  after(async () => {
    await server?.close();
    s3?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a PNG, a JPEG and a video get WebP thumbnails 480 px on the long side, tagged like the link', async () => {
    const cases: [string, string, string, [number, number]][] = [
      ['a.png', 'image/png', '7d', [480, 320]],
      ['b.jpg', 'image/jpeg', '30d', [270, 480]],
      ['c.mp4', 'video/mp4', '1d', [480, 270]],
    ];
    for (const [name, type, expire, size] of cases) {
      const rec = await user.share(name, files[name]!, type, expire);
      const res = await thumbnail(user.token, rec.shareId);
      assert.equal(res.status, 200, `${name}: ${await res.clone().text()}`);
      assert.equal(res.headers.get('content-type'), 'image/webp');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      const body = new Uint8Array(await res.arrayBuffer());
      assert.equal(Buffer.from(body.subarray(8, 12)).toString('latin1'), 'WEBP', name);
      assert.deepEqual(await dimensions(dir, body), size, name);
      const key = thumbnailKey(user.userId, rec.shareId);
      assert.ok(key.startsWith('thumbs/'), key);
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: key }));
      assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: expire }], `${name}: the link's expire tag`);
      const row = await findThumbnail(server.db, rec.shareId);
      assert.equal(row?.state, 'done');
      assert.equal(row?.bytes, body.length);
    }
  });

  it("a link's new expiry re-tags its thumbnail too, so lifecycle deletes the two together", async () => {
    const rec = await user.share('a.png', files['a.png']!, 'image/png', '7d');
    assert.equal((await thumbnail(user.token, rec.shareId)).status, 200);
    const changed = await server.call('PUT', apiPath(DASHBOARD_FILES_API.expiry, rec.shareId), user.token, {
      expire: '30d',
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const key = thumbnailKey(user.userId, rec.shareId);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: key }));
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '30d' }]);
  });

  it('a video is read with Range requests: its first second and its index, not the whole file', async (t) => {
    const rec = await user.share('long.mp4', files['long.mp4']!, 'video/mp4');
    const rgw = new URL(server.rgw.endpoint);
    const ranges: string[] = [];
    const proxy = await startFaultProxy(
      { host: rgw.hostname, port: Number(rgw.port) },
      {
        tap: (chunk, direction) =>
          void (direction === 'up' && ranges.push(...(chunk.toString('latin1').match(/^range: .*$/gim) ?? []))),
      },
    );
    try {
      // ffmpeg reaches S3 through the proxy, which counts what S3 sent (the sockets' buffers included)
      const config = { ...server.config, s3Endpoint: proxy.url };
      const maker = new Thumbnailer({ db: server.db, s3, config, now: () => new Date() }, log);
      const row = await maker.ensure((await findUploadByShareId(server.db, rec.shareId))!);
      assert.equal(row?.state, 'done', row?.detail ?? '');
      const size = files['long.mp4']!.length;
      assert.ok(size > 60_000_000, `${size} bytes`);
      assert.ok(
        ranges.some((r) => /bytes=[1-9]\d*-/i.test(r)),
        `ffmpeg seeked with a Range request: ${ranges.join(', ')}`,
      );
      t.diagnostic(`S3 sent ${proxy.bytesDown} of ${size} bytes; requests: ${ranges.join(', ')}`);
      assert.ok(proxy.bytesDown < size / 3, `read ${proxy.bytesDown} of ${size} bytes`);
      assert.deepEqual(await dimensions(dir, await thumbnailObject(rec)), [480, 270]);
    } finally {
      await proxy.close();
    }
  });

  it("another user's id, and a file that is no picture, are 404", async () => {
    const rec = await user.share('a.png', files['a.png']!, 'image/png');
    const theirs = await thumbnail(other.token, rec.shareId);
    assert.equal(theirs.status, 404);
    assert.equal(((await theirs.json()) as { error: string }).error, 'not_found');
    const text = await user.share('notes.txt', 'hello', 'text/plain');
    const none = await thumbnail(user.token, text.shareId);
    assert.equal(none.status, 404);
    assert.match(((await none.json()) as { message: string }).message, /not an image or a video/);
    assert.equal((await findThumbnail(server.db, text.shareId))?.state, 'none');
  });

  it('an expired link gets none, and no row is kept (its expiry may yet move); the sweep passes it by', async () => {
    const rec = await user.share('a.png', files['a.png']!, 'image/png');
    const past = new Date(Date.now() - 1000).toISOString();
    const set = await server.call('PUT', apiPath(FILES_API.limits, rec.shareId), user.token, { expiresAt: past });
    assert.equal(set.status, 200);
    const res = await thumbnail(user.token, rec.shareId);
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { message: string }).message, /the link has expired/);
    const sweeper = new Thumbnailer({ db: server.db, s3, config: server.config, now: () => new Date() }, log);
    const report = await sweeper.sweep();
    assert.ok(report && ![...report.done, ...report.failed, ...report.none].includes(rec.shareId));
    assert.equal(await findThumbnail(server.db, rec.shareId), null);
    assert.equal(sweeper.runs, report.done.length + report.failed.length);
  });

  it("the user's own STS credentials can neither write nor overwrite a thumbnail", async () => {
    const rec = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal((await thumbnail(user.token, rec.shareId)).status, 200);
    const before = Buffer.from(await thumbnailObject(rec));
    const creds = (await server.call<CredentialsResponse>('POST', API.credentials, user.token, {})).body;
    const userS3 = s3WithCredentials(server.rgw, creds);
    try {
      for (const Key of [thumbnailKey(user.userId, rec.shareId), thumbnailKey(user.userId, 'AAAAAAAAAAAA')]) {
        await assert.rejects(
          userS3.send(
            new PutObjectCommand({
              Bucket: creds.bucket,
              Key,
              Body: 'evil',
              ContentType: 'image/webp',
              Tagging: 'expire=7d',
            }),
          ),
          (error: Error & { Code?: string }) => (error.Code ?? error.name) === 'AccessDenied',
          Key,
        );
        await assert.rejects(userS3.send(new DeleteObjectCommand({ Bucket: creds.bucket, Key })), /AccessDenied/, Key);
      }
    } finally {
      userS3.destroy();
    }
    assert.deepEqual(Buffer.from(await thumbnailObject(rec)), before, 'unchanged');
  });

  it('the public path serves public links only: not with a password, not with max downloads', async () => {
    const open = await user.share('a.png', files['a.png']!, 'image/png');
    const res = await fetch(`${server.url}${pathOf(open)}/thumbnail`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
    const body = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual(await dimensions(dir, body), [480, 320]);
    const head = await rawRequest(server.url, `${pathOf(open)}/thumbnail`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(body.length));
    assert.equal(head.body.length, 0);
    const cached = await fetch(`${server.url}${pathOf(open)}/thumbnail`, {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    assert.equal(cached.status, 304);
    // the host decides whose links it serves, here as on the link itself
    const elsewhere = await rawRequest(server.url, `${pathOf(open)}/thumbnail`, { headers: { host: 'evil.test' } });
    assert.equal(elsewhere.status, 404);
    assert.equal(elsewhere.body.length < 100, true);

    const locked = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal(
      (await server.call('PUT', apiPath(FILES_API.limits, locked.shareId), user.token, { password: 'pw' })).status,
      200,
    );
    const limited = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal(
      (await server.call('PUT', apiPath(FILES_API.limits, limited.shareId), user.token, { maxDownloads: 3 })).status,
      200,
    );
    for (const rec of [locked, limited]) {
      const pub = await fetch(`${server.url}${pathOf(rec)}/thumbnail`);
      assert.equal(pub.status, 404, `${rec.shareId}: not public`);
      assert.equal(pub.headers.get('content-type'), 'text/plain; charset=utf-8');
      await pub.arrayBuffer();
      assert.equal((await thumbnail(user.token, rec.shareId)).status, 200, 'the owner still gets it');
    }
    const page = await (await fetch(`${server.url}${pathOf(locked)}`, { headers: { accept: BROWSER_ACCEPT } })).text();
    assert.doesNotMatch(page, /thumbnail/, 'the password form names no thumbnail');
  });

  it('the thumbnail is deleted with its link', async () => {
    const rec = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal((await thumbnail(user.token, rec.shareId)).status, 200);
    const Key = thumbnailKey(user.userId, rec.shareId);
    await s3.send(new HeadObjectCommand({ Bucket: server.rgw.bucket, Key }));
    assert.equal((await server.call('DELETE', apiPath(FILES_API.file, rec.shareId), user.token)).status, 200);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: server.rgw.bucket, Key })), /NotFound/);
    assert.equal(await findThumbnail(server.db, rec.shareId), null);
  });

  it('reconcile --fix drops the thumbnail of a link whose object was deleted behind the server', async () => {
    const rec = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal((await thumbnail(user.token, rec.shareId)).status, 200);
    await s3.send(new DeleteObjectCommand({ Bucket: server.rgw.bucket, Key: rec.key }));
    const ctx = { db: server.db, s3, config: server.config, log: { warn() {} } };
    const report = await reconcile(ctx, { fix: true, prefix: `users/${user.userId}/${rec.shareId}/` });
    assert.deepEqual(report.removedRows, [rec.key]);
    const Key = thumbnailKey(user.userId, rec.shareId);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: server.rgw.bucket, Key })), /NotFound/);
    assert.equal(await findThumbnail(server.db, rec.shareId), null);
  });

  it("a bucket notification of the object's removal drops its thumbnail; the sweep drops one whose row went", async () => {
    const gone = async (shareId: string) => {
      const Key = thumbnailKey(user.userId, shareId);
      await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: server.rgw.bucket, Key })), /NotFound/);
      assert.equal(await findThumbnail(server.db, shareId), null);
    };
    const notified = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal((await thumbnail(user.token, notified.shareId)).status, 200);
    await s3.send(new DeleteObjectCommand({ Bucket: server.rgw.bucket, Key: notified.key }));
    const event = { kind: 'removed' as const, bucket: server.rgw.bucket, key: notified.key, size: 0, time: new Date() };
    assert.equal((await applyEvent({ db: server.db, s3, config: server.config }, event)).result, 'removed');
    await gone(notified.shareId);

    // a path that drops only the index row (or a link deleted while its thumbnail was being made)
    const dropped = await user.share('a.png', files['a.png']!, 'image/png');
    assert.equal((await thumbnail(user.token, dropped.shareId)).status, 200);
    await deleteUploadRow(server.db, dropped.shareId);
    const sweeper = new Thumbnailer({ db: server.db, s3, config: server.config, now: () => new Date() }, log);
    assert.ok((await sweeper.sweep())?.removed.includes(dropped.shareId));
    await gone(dropped.shareId);
  });

  it('a corrupt image and a 200 MP pixel bomb end as failed within seconds; the server keeps answering', async () => {
    const corrupt = await user.share(
      'broken.png',
      Buffer.concat([files['a.png']!.subarray(0, 200), Buffer.alloc(5000, 0x5a)]),
      'image/png',
    );
    const bomb = await user.share('bomb.png', pixelBombPng(20_000, 10_000), 'image/png');
    for (const rec of [corrupt, bomb]) {
      const started = performance.now();
      const [res, health] = await Promise.all([
        thumbnail(user.token, rec.shareId),
        (async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return fetch(server.url + API.health);
        })(),
      ]);
      const seconds = (performance.now() - started) / 1000;
      assert.equal(res.status, 404, rec.name);
      assert.match(((await res.json()) as { message: string }).message, /no thumbnail/);
      assert.ok(seconds < 10, `${rec.name}: ${seconds} s`);
      assert.equal(health.status, 200, 'the server answered meanwhile');
      const row = await findThumbnail(server.db, rec.shareId);
      assert.equal(row?.state, 'failed', rec.name);
      if (rec === bomb) assert.match(row?.detail ?? '', /Picture size 20000x10000 exceeds specified max pixel count/);
      // failed is final: asking again runs nothing
      const again = await thumbnail(user.token, rec.shareId);
      assert.equal(again.status, 404);
      assert.equal((await findThumbnail(server.db, rec.shareId))?.made_at, row?.made_at);
    }
  });

  it("ffmpeg's limits are applied: past the timeout, or out of memory, the thumbnail ends as failed", async (t) => {
    await ffmpeg(
      ...['-f', 'lavfi', '-i', 'testsrc2=size=8000x8000', '-frames:v', '1', '-pix_fmt', 'rgba'],
      join(dir, 'huge.png'),
    );
    // 64 MP: just within max_pixels, but 256 MB decoded; under 300 MiB of address space it fails with Debian's ffmpeg
    // and with @ffmpeg-installer's static one alike, while a 1200x800 PNG is made by both
    const huge = readFileSync(join(dir, 'huge.png'));
    const small = 300 * 1024 * 1024;
    const cases: [string, Buffer, Partial<typeof DEFAULT_LIMITS>, 'done' | 'failed', RegExp][] = [
      ['a.png', files['a.png']!, { timeoutMs: 1 }, 'failed', /ffmpeg took longer than 0.001 s/],
      ['a.png', files['a.png']!, { memoryBytes: small }, 'done', /^$/],
      ['huge.png', huge, { memoryBytes: small }, 'failed', /get_buffer\(\) failed|Cannot allocate memory/],
    ];
    for (const [name, bytes, limits, state, reason] of cases) {
      const rec = await user.share(name, bytes, 'image/png');
      const ctx = { db: server.db, s3, config: server.config, now: () => new Date() };
      const maker = new Thumbnailer(ctx, log, { limits: { ...DEFAULT_LIMITS, ...limits } });
      const row = await maker.ensure((await findUploadByShareId(server.db, rec.shareId))!);
      t.diagnostic(`${name} ${JSON.stringify(limits)}: ${row?.state} ${row?.detail ?? ''}`);
      assert.equal(row?.state, state, `${name} ${JSON.stringify(limits)}`);
      assert.match(row?.detail ?? '', reason);
    }
  });

  it("a large image's og:image is its thumbnail; a small one's stays the image", async () => {
    assert.ok(files['big.png']!.length > 5_000_000, `${files['big.png']!.length} bytes`);
    const big = await user.share('big.png', files['big.png']!, 'image/png');
    const small = await user.share('a.png', files['a.png']!, 'image/png');
    const ogImage = async (rec: UploadRecord) => {
      const res = await fetch(`${server.url}${pathOf(rec)}`, {
        headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' },
      });
      const html = await res.text();
      return /<meta property="og:image" content="([^"]+)">/.exec(html)?.[1];
    };
    const bigImage = await ogImage(big);
    assert.equal(bigImage, `${server.config.shareBaseUrl}${pathOf(big)}/thumbnail`);
    assert.equal(await ogImage(small), `${server.config.shareBaseUrl}${pathOf(small)}/raw`);
    // what an unfurler then fetches: the thumbnail, made on demand
    const res = await fetch(`${server.url}${new URL(bigImage!).pathname}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await dimensions(dir, new Uint8Array(await res.arrayBuffer())), [480, 311]);
  });

  it('two instances on one database make each thumbnail once: the sweep under the job lock, and on demand', async () => {
    const recs = await Promise.all(
      ['a.png', 'b.jpg', 'c.mp4'].map((n, i) => user.share(n, files[n]!, ['image/png', 'image/jpeg', 'video/mp4'][i]!)),
    );
    const second =
      testDatabaseKind() === 'postgres'
        ? await openDatabase({ url: server.config.databaseUrl, path: '' })
        : await openDatabase(server.config.databasePath);
    const ctxOf = (db: typeof server.db) => ({ db, s3, config: server.config, now: () => new Date() });
    const [one, two] = [new Thumbnailer(ctxOf(server.db), log), new Thumbnailer(ctxOf(second), log)];
    try {
      const [a, b] = await Promise.all([one.sweep(), two.sweep()]);
      const made = [...(a?.done ?? []), ...(b?.done ?? [])];
      for (const rec of recs) assert.equal(made.filter((id) => id === rec.shareId).length, 1, rec.name);
      if (testDatabaseKind() === 'postgres')
        assert.ok(a === null || b === null, 'one instance swept, the other skipped');
      const runs = one.runs + two.runs;
      // on demand, both at once, for a new link: one ffmpeg run between them, the same thumbnail for both
      const fresh = await user.share('a.png', files['a.png']!, 'image/png');
      const upload = (await findUploadByShareId(server.db, fresh.shareId))!;
      const [r1, r2] = await Promise.all([one.ensure(upload), two.ensure(upload)]);
      assert.equal(r1?.state, 'done');
      assert.deepEqual(r2, r1);
      assert.equal(one.runs + two.runs, runs + 1);
    } finally {
      await second.destroy();
    }
  });
});

describe("the server's own background sweep", () => {
  let server: TestServer;
  after(() => server?.close());

  it("makes a new upload's thumbnail before anyone asks for it", async () => {
    server = await startTestServer({ thumbnailSweepMs: 200 });
    const user = await gatewayUser(server, 'thumb-sweep');
    const png = await exec(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x480'],
        ...['-frames:v', '1', '-c:v', 'png', '-f', 'image2pipe', 'pipe:1'],
      ],
      { encoding: 'buffer' },
    );
    const rec = await user.share('swept.png', png.stdout, 'image/png');
    const deadline = Date.now() + 15_000;
    while ((await findThumbnail(server.db, rec.shareId))?.state !== 'done' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const row = await findThumbnail(server.db, rec.shareId);
    assert.equal(row?.state, 'done', JSON.stringify(row));
    const s3 = adminS3(server.rgw);
    try {
      const Key = thumbnailKey(user.userId, rec.shareId);
      const head = await s3.send(new HeadObjectCommand({ Bucket: server.rgw.bucket, Key }));
      assert.equal(head.ContentLength, row?.bytes);
      assert.equal(head.ContentType, 'image/webp');
    } finally {
      s3.destroy();
    }
  });
});

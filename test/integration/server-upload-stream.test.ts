/**
 * POST /v1/upload streams, on SQLite and on PostgreSQL: a client that disconnects mid-body leaves no object, no
 * multipart upload in RGW, no reservation and no pending row (with a Content-Length and without, in one PUT's
 * buffer and in the middle of a multipart upload); a chunked body larger than the first reservation step grows its
 * reservation and arrives whole; a plan's storage limit refuses a body over it (413, nothing left) but never a
 * chunked file that fits; and a server process's memory stays flat while a few hundred MiB go through it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type QuotaChange, setQuota } from '../../server/db/users.ts';
import { FIRST_RESERVATION, RESERVE_STEP } from '../../server/uploads/stream-upload.ts';
import { type FormBody, formBody } from '../helpers/multipart-body.ts';
import { adminS3, ensureRgw } from '../helpers/rgw.ts';
import {
  createTokenCli,
  processDatabase,
  processEnv,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const MiB = 1024 * 1024;

interface Sent {
  status: number;
  body: { url?: string; message?: string };
}

/** A point where `send` stops writing: no more than `at` bytes are out until `until()` has resolved. */
interface Pause {
  at: number;
  until: () => Promise<unknown>;
}

/**
 * Sends `body` to POST /v1/upload with back-pressure; chunked when `chunked`. With `stopAfter`, destroys the
 * request once that many bytes are written and `before()` has resolved (what the server must have begun by then).
 * With `pauses`, holds the rest of the body at each pause, so the test sees the server's state there whatever the
 * machine's speed.
 */
function send(
  baseUrl: string,
  token: string,
  body: FormBody,
  options: { chunked?: boolean; stopAfter?: number; before?: () => Promise<unknown>; pauses?: Pause[] } = {},
): Promise<Sent | 'aborted'> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': body.contentType };
    if (!options.chunked) headers['content-length'] = String(body.length);
    const req = request(`${baseUrl}/v1/upload`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Sent['body'] }));
    });
    req.on('error', (error) => (options.stopAfter === undefined ? reject(error) : resolve('aborted')));
    void (async () => {
      let written = 0;
      const pauses = [...(options.pauses ?? [])].sort((a, b) => a.at - b.at);
      for (const chunk of body.chunks()) {
        while (pauses.length > 0 && written + chunk.length > pauses[0]!.at) await pauses.shift()!.until();
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        written += chunk.length;
        if (options.stopAfter !== undefined && written >= options.stopAfter) {
          await options.before?.();
          req.destroy();
          resolve('aborted');
          return;
        }
      }
      req.end();
    })().catch(reject);
  });
}

async function sha256Of(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  const hash = createHash('sha256');
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

describe('POST /v1/upload: aborts and chunked bodies', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const local = (url: string): string => server.url + new URL(url).pathname;

  async function leftovers(userId: string) {
    const s3 = adminS3(server.rgw);
    const Bucket = server.config.s3Bucket;
    const Prefix = `users/${userId}/`;
    return {
      objects: ((await s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key),
      multipart: ((await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix }))).Uploads ?? []).map((u) => u.Key),
      reservations: (await server.db.selectFrom('reservations').select('key').where('user_id', '=', userId).execute())
        .length,
      pending: (await server.db.selectFrom('pending_multipart').select('key').where('user_id', '=', userId).execute())
        .length,
      links: (await server.db.selectFrom('uploads').select('key').where('user_id', '=', userId).execute()).length,
    };
  }

  async function expectNothingLeft(userId: string): Promise<void> {
    const clean = { objects: [], multipart: [], reservations: 0, pending: 0, links: 0 };
    await waitFor(
      `nothing left of ${userId}'s aborted upload`,
      async () => {
        const now = await leftovers(userId);
        return JSON.stringify(now) === JSON.stringify(clean) ? true : undefined;
      },
      15_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await leftovers(userId))}`);
    });
  }

  it('a client gone mid-body in the middle of a multipart upload leaves nothing behind (Content-Length)', async () => {
    const userId = uniqueUserId('abort');
    const token = await server.createToken(userId);
    const body = formBody({ name: 'big.bin', bytes: 200 * MiB });
    const outcome = await send(server.url, token, body, {
      stopAfter: 40 * MiB,
      // the server has reserved the link and is sending parts: a multipart upload is open in RGW
      before: () =>
        waitFor('a multipart upload open in RGW', async () => {
          const now = await leftovers(userId);
          return now.multipart.length === 1 && now.reservations === 1 && now.pending === 1 ? true : undefined;
        }),
    });
    assert.equal(outcome, 'aborted');
    await expectNothingLeft(userId);
  });

  it('a chunked body cut while it still fits one PUT leaves nothing behind either', async () => {
    const userId = uniqueUserId('abort');
    const token = await server.createToken(userId);
    const body = formBody({ name: 'small.bin', bytes: 6 * MiB });
    const outcome = await send(server.url, token, body, {
      chunked: true,
      stopAfter: 3 * MiB,
      before: () =>
        waitFor('the reservation of the chunked body', async () =>
          (await leftovers(userId)).reservations === 1 ? true : undefined,
        ),
    });
    assert.equal(outcome, 'aborted');
    await expectNothingLeft(userId);
  });

  it(`a chunked body grows its reservation (${FIRST_RESERVATION / MiB} MiB, then ${RESERVE_STEP / MiB} MiB steps) and arrives whole`, async () => {
    const userId = uniqueUserId('chunked');
    const token = await server.createToken(userId);
    const bytes = FIRST_RESERVATION + RESERVE_STEP + 6 * MiB + 7;
    const body = formBody({ name: 'long.bin', bytes, fields: { expire: '1d' } });
    // Each step is seen with the body held just before the bytes that would make the next one (the body goes out
    // in 1 MiB blocks after a short head, so a pause at N MiB has sent N - 1 MiB of the file).
    const reservation = (what: string, ok: (bytes: number) => boolean) => () =>
      waitFor(
        what,
        async () => {
          const rows = await server.db
            .selectFrom('reservations')
            .select('bytes')
            .where('user_id', '=', userId)
            .execute();
          return rows.length === 1 && ok(Number(rows[0]!.bytes)) ? true : undefined;
        },
        15_000,
        20,
      ).catch(async (error: Error) => {
        const rows = await server.db.selectFrom('reservations').select('bytes').where('user_id', '=', userId).execute();
        throw new Error(`${error.message}; reservations: ${rows.map((r) => r.bytes).join(', ') || 'none'}`);
      });
    const sent = await send(server.url, token, body, {
      chunked: true,
      pauses: [
        {
          at: FIRST_RESERVATION - MiB,
          until: reservation('the first reservation', (b) => b === FIRST_RESERVATION),
        },
        {
          at: FIRST_RESERVATION + RESERVE_STEP - MiB,
          until: reservation('one step more', (b) => b === FIRST_RESERVATION + RESERVE_STEP),
        },
        {
          at: FIRST_RESERVATION + RESERVE_STEP + 2 * MiB,
          until: reservation('a reservation covering the file', (b) => b >= bytes),
        },
      ],
    });
    assert.ok(sent !== 'aborted');
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(await sha256Of(`${local(sent.body.url!)}/raw`), body.fileSha256());
    const now = await leftovers(userId);
    assert.equal(now.links, 1);
    assert.equal(now.reservations, 0, 'the reservation ends when the link is recorded');
    assert.equal(now.multipart.length, 0);
  });
});

describe('POST /v1/upload within a plan (issue #16: quotas apply as to the app)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  async function limitedUser(change: QuotaChange): Promise<{ userId: string; token: string }> {
    const userId = uniqueUserId('plan');
    const token = await server.createToken(userId);
    await setQuota(server.db, userId, change);
    return { userId, token };
  }
  async function objectsOf(userId: string): Promise<unknown[]> {
    const s3 = adminS3(server.rgw);
    const Bucket = server.config.s3Bucket;
    const Prefix = `users/${userId}/`;
    const objects = (await s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? [];
    const multipart = (await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix }))).Uploads ?? [];
    const reservations = await server.db
      .selectFrom('reservations')
      .select('key')
      .where('user_id', '=', userId)
      .execute();
    return [...objects, ...multipart, ...reservations];
  }

  it('a body whose Content-Length is over the storage left: 413 before a byte reaches S3', async () => {
    const { userId, token } = await limitedUser({ storageLimit: 5 * MiB });
    const sent = await send(server.url, token, formBody({ name: 'big.bin', bytes: 6 * MiB }));
    assert.ok(sent !== 'aborted');
    assert.equal(sent.status, 413, JSON.stringify(sent.body));
    assert.equal((sent.body as { error?: string }).error, 'quota_exceeded');
    assert.deepEqual(await objectsOf(userId), []);
  });

  it('a chunked body that goes over the storage left is cut with 413, and leaves nothing', async () => {
    const { userId, token } = await limitedUser({ storageLimit: 12 * MiB });
    const sent = await send(server.url, token, formBody({ name: 'big.bin', bytes: 30 * MiB }), { chunked: true });
    assert.ok(sent !== 'aborted');
    assert.equal(sent.status, 413, JSON.stringify(sent.body));
    await waitFor('nothing left of the refused body', async () =>
      (await objectsOf(userId)).length === 0 ? true : undefined,
    );
  });

  it('a chunked file that fits is never refused because its reservation grows in steps', async () => {
    // a 64 MiB step past the first 8 MiB would be over both limits; the 20 MiB file is under them
    const { token } = await limitedUser({ storageLimit: 30 * MiB, maxFileSize: 25 * MiB });
    const body = formBody({ name: 'fits.bin', bytes: 20 * MiB });
    const sent = await send(server.url, token, body, { chunked: true });
    assert.ok(sent !== 'aborted');
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(await sha256Of(`${server.url}${new URL(sent.body.url!).pathname}/raw`), body.fileSha256());
  });
});

/** VmRSS of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

describe('POST /v1/upload: the server process memory stays flat', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof processDatabase>>;
  let gw: ServerProcess;
  let token: string;

  before(async () => {
    const rgw = await ensureRgw();
    dir = mkdtempSync(join(tmpdir(), 'traydrop-upload-rss-'));
    db = await processDatabase(dir);
    const env = processEnv(rgw, join(dir, 'traydrop.db'), db.env);
    token = createTokenCli(env, uniqueUserId('rss'));
    gw = await startServerProcess(env);
  });
  after(async () => {
    await gw?.kill();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // the bench (bench/dashboard/upload-endpoint.ts) measures 1 GiB and the absolute numbers; here: no body is held
  it('400 MiB through POST /v1/upload: resident memory grows by less than a quarter of it', async (t) => {
    const pid = gw.child.pid!;
    // warm up (the first upload loads the multipart code and opens S3 connections), then measure from there
    const warm = await send(gw.url, token, formBody({ name: 'warm.bin', bytes: 20 * MiB }));
    assert.ok(warm !== 'aborted' && warm.status === 200);
    const baseline = rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 25);
    const body = formBody({ name: 'large.bin', bytes: 400 * MiB });
    let sent: Sent | 'aborted';
    try {
      sent = await send(gw.url, token, body);
    } finally {
      clearInterval(sampler);
    }
    assert.ok(sent !== 'aborted');
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const growth = (peak - baseline) / MiB;
    const detail = `baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB`;
    t.diagnostic(`server RSS: ${detail}`);
    assert.ok(growth < 100, `grew by ${growth.toFixed(0)} MiB (${detail})`);
    assert.equal(await sha256Of(`${gw.url}${new URL(sent.body.url!).pathname}/raw`), body.fileSha256());
  });
});

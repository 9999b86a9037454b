/**
 * Graceful stop of a real `traydrop-server serve` process: on SIGTERM /v1/health answers 503 at once, after
 * SHUTDOWN_DRAIN_SECONDS new connections are refused, a slow download in flight still completes byte-identical, and
 * the process exits 0; a download still open after SHUTDOWN_GRACE_SECONDS is cut and the exit is 0 all the same.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API } from '../../common/broker-api.ts';
import { ensureRgw, type RgwEnv } from '../helpers/rgw.ts';
import {
  createTokenCli,
  processDatabase,
  processEnv,
  shareObject,
  type SharedObject,
  startServerProcess,
} from '../helpers/server-process.ts';
import { uniqueUserId } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A GET that reads `bytesPerTick` every 20 ms: a slow client. Resolves with what it got, or the error. */
function slowGet(url: string, bytesPerTick: number, started: () => void): Promise<{ body: Buffer; error?: Error }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const req = request(url, { agent: false }, (res) => {
      started();
      res.pause();
      const tick = setInterval(() => {
        let got = 0;
        let chunk: Buffer | null;
        while (got < bytesPerTick && (chunk = res.read() as Buffer | null) !== null) {
          chunks.push(chunk);
          got += chunk.length;
        }
      }, 20);
      res.on('end', () => {
        clearInterval(tick);
        resolve({ body: Buffer.concat(chunks) });
      });
      res.on('error', (error) => {
        clearInterval(tick);
        resolve({ body: Buffer.concat(chunks), error });
      });
      res.on('aborted', () => undefined);
    });
    req.on('error', (error) => resolve({ body: Buffer.concat(chunks), error }));
    req.end();
  });
}

/** A status over a new connection, or the connection error's code. */
async function statusOnNewConnection(url: string): Promise<number | string> {
  try {
    return (await fetch(url, { headers: { connection: 'close' } })).status;
  } catch (error) {
    return ((error as Error & { cause?: { code?: string } }).cause?.code ?? String(error)) as string;
  }
}

describe('graceful stop (a real server process)', () => {
  let rgw: RgwEnv;
  let dir: string;
  let database: Awaited<ReturnType<typeof processDatabase>> | undefined;
  const userId = uniqueUserId('stop');
  let token: string;
  const body = randomBytes(12 << 20);
  const objects: SharedObject[] = [];

  before(async () => {
    rgw = await ensureRgw();
    dir = mkdtempSync(join(tmpdir(), 'traydrop-stop-test-'));
    database = await processDatabase(dir);
    token = createTokenCli(processEnv(rgw, join(dir, 'db'), database.env), userId);
  });
  after(async () => {
    for (const o of objects) await o.remove();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM: health 503 at once, new connections refused after the drain, the download in flight completes, exit 0', async () => {
    const env = processEnv(rgw, join(dir, 'db'), {
      ...database!.env,
      SHUTDOWN_DRAIN_SECONDS: '1',
      SHUTDOWN_GRACE_SECONDS: '30',
    });
    const gw = await startServerProcess(env);
    try {
      const link = await shareObject(rgw, gw.url, token, userId, 'slow.bin', body);
      objects.push(link);
      let began!: () => void;
      const responding = new Promise<void>((resolve) => (began = resolve));
      // 12 MiB at 64 KiB per 20 ms: about 4 s
      const download = slowGet(gw.url + link.rawPath, 64 << 10, began);
      await responding;
      await sleep(300);
      let downloaded = false;
      void download.then(() => (downloaded = true));
      const signalled = Date.now();
      gw.child.kill('SIGTERM');
      // health fails while the listener still takes connections (a refused fetch here throws: no drain at all)…
      const health = await waitFor(
        'health 503 after SIGTERM',
        async () => {
          const res = await fetch(gw.url + API.health, { headers: { connection: 'close' } });
          if (res.status === 503) return (await res.json()) as unknown;
          await res.arrayBuffer();
          return undefined;
        },
        1000,
        20,
      );
      assert.deepEqual(health, { ok: false, storage: 'ok', stopping: true });
      // …then, the drain time later, the listener closes while the download is still in flight
      await waitFor(
        'the listener closed',
        async () => ((await statusOnNewConnection(gw.url + API.health)) === 'ECONNREFUSED' ? true : undefined),
        5000,
        50,
      );
      assert.ok(Date.now() - signalled >= 1000, 'not before SHUTDOWN_DRAIN_SECONDS');
      assert.equal(downloaded, false, 'the download was still in flight when the listener closed');
      const got = await download;
      assert.equal(got.error, undefined);
      assert.equal(got.body.length, body.length);
      assert.equal(sha(got.body), sha(body), 'byte-identical');
      assert.equal(await gw.exited, 0);
    } finally {
      await gw.kill();
    }
  });

  it('a download still open after SHUTDOWN_GRACE_SECONDS is cut, and the exit is 0', async () => {
    const env = processEnv(rgw, join(dir, 'db'), {
      ...database!.env,
      SHUTDOWN_DRAIN_SECONDS: '0',
      SHUTDOWN_GRACE_SECONDS: '1',
    });
    const gw = await startServerProcess(env);
    try {
      const link = await shareObject(rgw, gw.url, token, userId, 'stalled.bin', body);
      objects.push(link);
      let began!: () => void;
      const responding = new Promise<void>((resolve) => (began = resolve));
      const download = slowGet(gw.url + link.rawPath, 1024, began); // 50 KiB/s: would take minutes
      await responding;
      const signalled = Date.now();
      gw.child.kill('SIGTERM');
      assert.equal(await gw.exited, 0);
      const took = Date.now() - signalled;
      assert.ok(took >= 900 && took < 5000, `exited after the grace time (${took} ms)`);
      const got = await download;
      assert.ok(got.body.length < body.length, 'cut short');
    } finally {
      await gw.kill();
    }
  });
});

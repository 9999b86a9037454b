/**
 * The whole chain of docs/scaling.md at once (test/helpers/cluster.ts): Varnish → HAProxy → three `traydrop-server
 * serve` processes → one PostgreSQL and the real RGW, with varnishncsa piped into `traydrop-server cache-log`. What
 * several instances must keep as one server does, proved across them and the cache: a max-downloads-1 link is
 * downloaded once, wrong passwords are counted together, statistics are exact (gateway downloads and cache hits,
 * bots apart), and a change reaches past the cache at once. Last, PostgreSQL is stopped for 4 s during steady traffic
 * and started again: requests meanwhile answer 503 within 5 s, the same processes serve again within 10 s after, and
 * the statistics equal exactly the downloads the clients received (docs/scaling.md, "When the database goes away").
 *
 * It runs once, in the main pass, on a PostgreSQL cluster of its own whatever TRAYDROP_TEST_DATABASE says: the chain
 * only makes sense on a shared PostgreSQL, and stopping the shared test cluster would pull it from under every other
 * test; hence not a `gateway-*` name.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { request } from 'node:http';
import { API, apiPath, FILES_API, type FileListResponse, type HealthResponse } from '../../common/broker-api.ts';
import { type Cluster, startCluster } from '../helpers/cluster.ts';
import { BROWSER_ACCEPT, rawRequest } from '../helpers/gateway.ts';
import { waitFor } from '../helpers/wait-for.ts';

const BOT = 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)';
const PERSON = 'curl/8.5.0';

/** Every gateway got some of the requests made between two readings of HAProxy's counters. */
function assertSpread(before: Record<string, number>, after: Record<string, number>, what: string): void {
  const got = Object.fromEntries(Object.keys(after).map((gw) => [gw, after[gw]! - (before[gw] ?? 0)]));
  assert.deepEqual(Object.keys(got).sort(), ['gw1', 'gw2', 'gw3']);
  for (const [gw, n] of Object.entries(got)) assert.ok(n > 0, `${what}: ${gw} got none (${JSON.stringify(got)})`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  stream: string;
  /** ms since the traffic began */
  start: number;
  ms: number;
  /** 0: no answer (refused, cut, or no answer within 15 s) */
  status: number;
  bytes: number;
  cache: string | undefined;
  /** A 200 of a link: its bytes were the file's. */
  intact: boolean;
}

/** One GET that never waits more than 15 s: its status (0 for none), bytes and X-Cache. */
function timedGet(base: string, path: string, headers: Record<string, string>) {
  const url = new URL(base);
  return new Promise<{ status: number; body: Buffer; cache: string | undefined }>((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path, headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks), cache: res.headers['x-cache'] as string }),
      );
      res.on('error', () => resolve({ status: 0, body: Buffer.alloc(0), cache: undefined }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', () => resolve({ status: 0, body: Buffer.alloc(0), cache: undefined }));
    req.end();
  });
}

/** Runs `tasks` with at most `width` at a time. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe('three gateways on one PostgreSQL, HAProxy and Varnish in front, cache-log booking hits', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c?.stop();
  });

  it('max-downloads 1: of 30 parallel downloads spread over the instances, exactly one is served', async () => {
    const data = randomBytes(200_000);
    const link = await c.share('once.bin', data);
    assert.equal((await c.api('PUT', apiPath(FILES_API.limits, link.shareId), { maxDownloads: 1 })).status, 200);
    const before = await c.requestsPerGateway();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => rawRequest(c.varnish.url, link.rawPath, { headers: { 'user-agent': PERSON } })),
    );
    assertSpread(before, await c.requestsPerGateway(), '30 downloads');
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 410).length, 29, statuses.join(' '));
    assert.ok(results.find((r) => r.status === 200)!.body.equals(data), 'the one download is whole');
    // the serving instance writes its count within a second
    await waitFor('one download in the statistics', async () =>
      (await c.totals(link.shareId)).downloads === 1 ? true : undefined,
    );
  });

  it('wrong passwords spread over the instances: the 11th wrong try in all gets 429', async () => {
    const link = await c.share('locked.txt', Buffer.from('secret'));
    assert.equal((await c.api('PUT', apiPath(FILES_API.limits, link.shareId), { password: 'right' })).status, 200);
    const guess = async (password: string) =>
      (
        await rawRequest(c.varnish.url, `/${link.shareId}/${link.name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ password }).toString(),
        })
      ).status;
    // all ten at once: each is counted in the database before its slow password check, whichever instance has it
    const before = await c.requestsPerGateway();
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => guess(`wrong ${i}`)));
    assertSpread(before, await c.requestsPerGateway(), '10 wrong passwords');
    assert.deepEqual(statuses, Array(10).fill(401));
    assert.equal(await guess('wrong 11'), 429);
    assert.equal(await guess('right'), 429, 'refused too while the window lasts, on whichever instance');
  });

  it('300 downloads over the instances and the cache, 100 of them hits: exact totals, bots apart', async () => {
    const size = 50_000;
    const data = randomBytes(size);
    const link = await c.share('popular.bin', data);
    const get = async (base: string, ua: string) => {
      const res = await rawRequest(base, link.rawPath, { headers: { 'user-agent': ua } });
      assert.equal(res.status, 200);
      assert.ok(res.body.equals(data));
      return res.headers['x-cache'];
    };
    // 200 past the cache (straight to HAProxy), 40 of them by a bot; then 101 through Varnish: its one miss goes to a
    // gateway, and of the 100 hits 10 are a bot's
    const before = await c.requestsPerGateway();
    const direct = Array.from({ length: 199 }, (_, i) => () => get(c.lb.url, i % 5 === 0 ? BOT : PERSON));
    await inParallel(direct, 8);
    assertSpread(before, await c.requestsPerGateway(), '199 downloads past the cache');
    assert.equal(await get(c.varnish.url, PERSON), 'MISS');
    const cached = await inParallel(
      Array.from({ length: 100 }, (_, i) => () => get(c.varnish.url, i % 10 === 0 ? BOT : PERSON)),
      8,
    );
    assert.deepEqual(
      cached.filter((x) => x !== 'HIT'),
      [],
    );
    const bots = 40 + 10;
    const people = 300 - bots;
    const expected = { downloads: people, bytes: people * size, views: 0, botHits: bots, botBytes: bots * size };
    // the gateways write what they counted within a second, cache-log its batches within a second
    await waitFor(
      `totals ${JSON.stringify(expected)}`,
      async () => (JSON.stringify(await c.totals(link.shareId)) === JSON.stringify(expected) ? true : undefined),
      15_000,
      250,
    );
    await new Promise((resolve) => setTimeout(resolve, 2500)); // nothing comes later, twice
    assert.deepEqual(await c.totals(link.shareId), expected);
    const listed = (await c.api<FileListResponse>('GET', FILES_API.files)).body.files.find(
      (f) => f.shareId === link.shareId,
    );
    assert.equal(listed?.downloads, people, "the link's own counter: people's downloads, gateways' and hits'");
  });

  it('a cached link deleted is 404 through the chain at once; an expiry shortened to now is 410', async () => {
    const gone = await c.share('gone.bin', randomBytes(20_000));
    const brief = await c.share('brief.bin', randomBytes(20_000));
    for (const link of [gone, brief]) {
      await rawRequest(c.varnish.url, link.rawPath);
      assert.equal((await rawRequest(c.varnish.url, link.rawPath)).headers['x-cache'], 'HIT', link.name);
    }
    assert.equal((await c.api('DELETE', apiPath(FILES_API.file, gone.shareId))).status, 200);
    assert.equal((await rawRequest(c.varnish.url, gone.rawPath)).status, 404);
    const shortened = await c.api('PUT', apiPath(FILES_API.limits, brief.shareId), {
      expiresAt: new Date().toISOString(),
    });
    assert.equal(shortened.status, 200);
    assert.equal((await rawRequest(c.varnish.url, brief.rawPath)).status, 410);
  });

  it('PostgreSQL stopped during traffic: 503 within 5 s, serving again within 10 s unrestarted, no count lost or doubled', async () => {
    const size = 20_000;
    const publicData = randomBytes(size);
    const limitedData = randomBytes(size);
    const pub = await c.share('steady.bin', publicData);
    const limited = await c.share('limited.bin', limitedData);
    const MAX = 250; // reached after the outage (about 80 before it): the atomic count is exercised on both sides
    assert.equal((await c.api('PUT', apiPath(FILES_API.limits, limited.shareId), { maxDownloads: MAX })).status, 200);
    const pids = c.gateways.map((g) => g.child.pid);
    const auth = { authorization: `Bearer ${c.token}` };
    const streams = [
      { name: 'public, past the cache', base: c.lb.url, path: pub.rawPath, data: publicData, workers: 2 },
      { name: 'public, cached', base: c.varnish.url, path: pub.rawPath, data: publicData, workers: 1 },
      { name: 'max-downloads', base: c.varnish.url, path: limited.rawPath, data: limitedData, workers: 2 },
      { name: 'API files list', base: c.varnish.url, path: FILES_API.files, data: undefined, workers: 1 },
    ];
    const samples: Sample[] = [];
    const inFlight = new Map<symbol, { stream: string; start: number }>();
    const t0 = performance.now();
    const at = () => performance.now() - t0;
    let running = true;
    const traffic = streams.flatMap((s) =>
      Array.from({ length: s.workers }, async () => {
        while (running) {
          const start = at();
          const ticket = Symbol(s.name);
          inFlight.set(ticket, { stream: s.name, start });
          const res = await timedGet(s.base, s.path, { 'user-agent': PERSON, ...(s.data ? {} : auth) });
          samples.push({
            stream: s.name,
            start,
            ms: at() - start,
            status: res.status,
            bytes: res.body.length,
            cache: res.cache,
            intact: res.status !== 200 || !s.data || res.body.equals(s.data),
          });
          inFlight.delete(ticket);
          await sleep(30);
        }
      }),
    );

    await sleep(2000);
    const stopping = at();
    await c.pg.stop();
    const stopped = at();
    // meanwhile, each instance asked directly: health says why, the API and a link's page answer 503 at once
    await sleep(1500);
    const direct = c.gateways[0]!.url;
    const t = at();
    const health = await timedGet(direct, API.health, {});
    const list = await timedGet(direct, FILES_API.files, auth);
    const page = await timedGet(direct, `/${pub.shareId}/${pub.name}`, { accept: BROWSER_ACCEPT });
    const directMs = at() - t;
    await sleep(Math.max(0, stopped + 4000 - at()));
    const restarting = at();
    await c.pg.restart();
    const back = at();
    // traffic goes on until every stream has made a few requests more than 10 s after (a loaded machine is slow)
    await sleep(10_000);
    await waitFor(
      'three requests of every stream started 10 s after the database was back',
      () =>
        streams.every((s) => samples.filter((x) => x.stream === s.name && x.start >= back + 10_000).length >= 3)
          ? true
          : undefined,
      20_000,
    ).catch((error: Error) => {
      running = false;
      const where = streams.map((s) => {
        const mine = samples.filter((x) => x.stream === s.name);
        const last = mine.slice(-3).map((x) => `${Math.round(x.start - back)}+${Math.round(x.ms)}:${x.status}`);
        const open = [...inFlight].filter(([, w]) => w.stream === s.name).map(([, w]) => Math.round(w.start - back));
        return `${s.name}: last ${last.join(' ')}; waiting since ${open.join(' ')} (ms after back)`;
      });
      throw new Error(
        `${error.message}\n${where.join('\n')}\n${c.gateways.map((g) => g.output().slice(-1500)).join('\n---\n')}`,
      );
    });
    running = false;
    await Promise.all(traffic);

    assert.equal(health.status, 503);
    assert.deepEqual(JSON.parse(health.body.toString()) as HealthResponse, {
      ok: false,
      storage: 'ok',
      database: 'unreachable',
    });
    assert.equal(list.status, 503);
    assert.equal((JSON.parse(list.body.toString()) as { error: string }).error, 'unavailable');
    assert.equal(page.status, 503);
    assert.match(page.body.toString(), /Temporarily unavailable/);
    assert.ok(directMs < 5000, `three direct requests took ${directMs} ms`);

    // no request hung: every one started while the database was down, and every 503, had its answer within 5 s; the
    // rest (in flight while it stopped or started, or after) got one too (the client gives up after 15 s)
    const slowestOf = (xs: Sample[]) => xs.reduce((a, b) => (b.ms > a.ms ? b : a));
    const meanwhile = samples.filter((x) => (x.start >= stopped && x.start < restarting) || x.status === 503);
    const slowest = slowestOf(meanwhile);
    assert.ok(slowest.ms < 5000, `slowest while down: ${JSON.stringify(slowest)}`);
    const slowestAll = slowestOf(samples);
    assert.deepEqual(
      samples.filter((x) => x.status === 0 || !x.intact),
      [],
      'every request got an answer, every download the whole file',
    );
    const report: string[] = [];
    for (const s of streams) {
      const mine = samples.filter((x) => x.stream === s.name);
      const during = mine.filter((x) => x.start >= stopped && x.start + x.ms <= restarting);
      assert.ok(during.length > 0, `${s.name}: requests while the database was down`);
      const cached = s.base === c.varnish.url && s.path === pub.rawPath;
      for (const x of during)
        if (cached) assert.ok(x.status === 200 && x.cache === 'HIT', `${s.name}: ${JSON.stringify(x)}`);
        else assert.equal(x.status, 503, `${s.name} while down: ${JSON.stringify(x)}`);
      const ok = (x: Sample) => x.status === 200 || (s.path === limited.rawPath && x.status === 410);
      const firstOk = mine.find((x) => x.start >= back && ok(x));
      const after = mine
        .filter((x) => x.start >= restarting)
        .map((x) => `${Math.round(x.start - back)}:${x.status}`)
        .join(' ');
      assert.ok(
        firstOk && firstOk.start + firstOk.ms - back <= 10_000,
        `${s.name}: serving again within 10 s (ms after it was back: status) ${after}`,
      );
      const late = mine.filter((x) => x.start >= back + 10_000);
      assert.ok(late.length > 0);
      assert.deepEqual(
        late.filter((x) => !ok(x)),
        [],
        `${s.name}: everything after 10 s succeeds`,
      );
      report.push(
        `${s.name}: ${mine.length} requests, ${during.length} during (${cached ? 'all cache hits' : 'all 503'}, ` +
          `slowest ${Math.round(Math.max(...during.map((x) => x.ms)))} ms), ` +
          `first success ${Math.round(firstOk.start + firstOk.ms - back)} ms after it was back`,
      );
    }
    // the same three processes
    assert.deepEqual(
      c.gateways.map((g) => (g.child.exitCode === null ? g.child.pid : `exited ${g.child.exitCode}`)),
      pids,
    );

    // counters: exactly the byte answers the clients received
    const got = (path: string, status: number) =>
      samples.filter((x) => x.status === status && streams.find((s) => s.name === x.stream)!.path === path);
    const publicOk = got(pub.rawPath, 200).length;
    const limitedOk = got(limited.rawPath, 200).length;
    assert.ok(limitedOk <= MAX, `max-downloads ${MAX}: ${limitedOk} served`);
    const expectPublic = { downloads: publicOk, bytes: publicOk * size, views: 0, botHits: 0, botBytes: 0 };
    const expectLimited = { downloads: limitedOk, bytes: limitedOk * size, views: 0, botHits: 0, botBytes: 0 };
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    await waitFor(
      'the statistics of both links settled',
      async () =>
        same(await c.totals(pub.shareId), expectPublic) && same(await c.totals(limited.shareId), expectLimited)
          ? true
          : undefined,
      20_000,
      500,
    ).catch(async (error: Error) => {
      const now = { public: await c.totals(pub.shareId), limited: await c.totals(limited.shareId) };
      throw new Error(
        `${error.message}: expected ${JSON.stringify({ expectPublic, expectLimited })}, got ${JSON.stringify(now)}`,
      );
    });
    await sleep(2500);
    assert.deepEqual(await c.totals(pub.shareId), expectPublic, 'nothing booked twice later');
    assert.deepEqual(await c.totals(limited.shareId), expectLimited);
    const files = (await c.api<FileListResponse>('GET', FILES_API.files)).body.files;
    assert.equal(files.find((f) => f.shareId === limited.shareId)?.downloads, limitedOk, "the limited link's counter");
    assert.equal(files.find((f) => f.shareId === pub.shareId)?.downloads, publicOk, "the public link's counter");
    assert.ok(c.cacheLogRunning(), 'cache-log rode it out');
    assert.match(c.cacheLogOutput(), /could not book/, 'cache-log kept hits through the outage');
    // traffic ran up to the stop: the instances held counts a flush could not write, and wrote them later (above)
    const kept = c.gateways.filter((g) => /could not save statistics/.test(g.output())).length;
    assert.ok(kept >= 1, 'some instance held statistics through the outage');
    console.log(
      `# PostgreSQL stopped in ${Math.round(stopped - stopping)} ms, down ${Math.round(restarting - stopped)} ms, ` +
        `started again in ${Math.round(back - restarting)} ms; slowest request while down ${Math.round(slowest.ms)} ms, ` +
        `of all ${Math.round(slowestAll.ms)} ms; ` +
        `${publicOk} public and ${limitedOk} limited downloads booked exactly; ${kept} of 3 gateways held statistics ` +
        `through it\n# ${report.join('\n# ')}`,
    );
  });
});

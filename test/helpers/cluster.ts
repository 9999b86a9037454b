/**
 * The whole deployment of docs/scaling.md on loopback, for the cluster tests: three `traydrop-server serve` processes on
 * one PostgreSQL cluster of the test's own (so the test may stop it), HAProxy (docs/deploy/haproxy.cfg) in front of
 * them, Varnish (docs/deploy/varnish.vcl) in front of HAProxy with the gateways purging it (CACHE_PURGE_URLS), the real
 * RGW, and `varnishncsa -f docs/deploy/varnishncsa.format | traydrop-server cache-log` booking the cache's hits: the
 * two processes joined by an OS pipe, as an operator runs them.
 *
 *   const c = await startCluster();
 *   const link = await c.share('a.bin', bytes);           // put in the bucket, reported through the chain
 *   await c.api('PUT', apiPath(FILES_API.limits, link.shareId), { maxDownloads: 1 });
 *   await rawRequest(c.varnish.url, link.rawPath);        // or c.lb.url (no cache), or c.gateways[i].url
 *   await c.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiPath, FILES_API, type FileStatsResponse } from '../../common/broker-api.ts';
import { freePort } from '../integration/queue-fixtures.ts';
import { rawRequest } from './gateway.ts';
import { startOwnPg, type OwnPg } from './pg-own-cluster.ts';
import { serverStates, sessionsPerServer, startHaproxy, startVarnish, type StartedProxy } from './proxy-stack.ts';
import { ensureRgw, type RgwEnv } from './rgw.ts';
import {
  createTokenCli,
  processEnv,
  type ServerProcess,
  shareObject,
  type SharedObject,
  startServerProcess,
} from './server-process.ts';
import { uniqueUserId } from './server.ts';
import { waitFor } from './wait-for.ts';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));
const FORMAT_FILE = fileURLToPath(new URL('../../docs/deploy/varnishncsa.format', import.meta.url));

export type Totals = FileStatsResponse['totals'];

export interface Cluster {
  rgw: RgwEnv;
  pg: OwnPg;
  userId: string;
  token: string;
  gateways: ServerProcess[];
  lb: StartedProxy & { stats: string };
  varnish: StartedProxy & { name: string };
  /** What `traydrop-server cache-log` wrote to stderr so far. */
  cacheLogOutput(): string;
  /** The cache-log process is still running. */
  cacheLogRunning(): boolean;
  share(name: string, body: Buffer): Promise<SharedObject>;
  /** An API call with the user's token through the whole chain (Varnish passes /v1 on to HAProxy). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The link's statistics totals, as the app reads them. */
  totals(shareId: string): Promise<Totals>;
  /** HAProxy's count of requests sent to each gateway so far: gw1…gw3 → n. */
  requestsPerGateway(): Promise<Record<string, number>>;
  /** Ends cache-log (its input closes: it books what is left and exits), HAProxy, Varnish, the gateways, the database. */
  stop(): Promise<void>;
}

/** varnishncsa piped straight into cache-log (an OS pipe: the test only watches cache-log's stderr). */
function startCacheLogPipe(varnishName: string, databaseUrl: string) {
  const ncsa = spawn('varnishncsa', ['-n', varnishName, '-f', FORMAT_FILE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const cacheLog: ChildProcess = spawn(
    process.execPath,
    ['--no-warnings', SERVER_BIN, 'cache-log', '--instance', 'varnish-a'],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: [ncsa.stdout!, 'ignore', 'pipe'] },
  );
  ncsa.stdout!.destroy(); // our copy of the pipe's read end: cache-log holds its own
  let output = '';
  cacheLog.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(cacheLog, 'exit').then(([code]) => code as number | null);
  return {
    output: () => output,
    running: () => cacheLog.exitCode === null && cacheLog.signalCode === null,
    async stop(): Promise<number | null> {
      if (ncsa.exitCode === null) ncsa.kill('SIGTERM');
      return exited;
    },
  };
}

export async function startCluster(): Promise<Cluster> {
  const rgw = await ensureRgw();
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-cluster-test-'));
  const pg = await startOwnPg();
  const gateways: ServerProcess[] = [];
  let lb: (StartedProxy & { stats: string }) | undefined;
  let varnish: (StartedProxy & { name: string }) | undefined;
  let pipe: ReturnType<typeof startCacheLogPipe> | undefined;
  const stop = async (): Promise<void> => {
    const code = await pipe?.stop();
    await Promise.all([varnish?.stop(), lb?.stop(), ...gateways.map((g) => g.kill())]);
    await pg.wipe();
    rmSync(dir, { recursive: true, force: true });
    if (code !== undefined && code !== 0) throw new Error(`cache-log exited ${code}: ${pipe!.output()}`);
  };
  try {
    const varnishPort = await freePort();
    // Varnish → HAProxy → gateway: two hops of X-Forwarded-For
    const env = processEnv(rgw, join(dir, 'unused.db'), {
      DATABASE_URL: pg.url,
      TRUST_PROXY_HOPS: '2',
      CACHE_PURGE_URLS: `http://127.0.0.1:${varnishPort}`,
    });
    const userId = uniqueUserId('cluster');
    const token = createTokenCli(env, userId); // migrates the database once, before the three start
    // one after another: three Node processes compiling at once on a busy 2-core machine can take longer to answer
    // than startServerProcess waits
    for (let i = 0; i < 3; i++) gateways.push(await startServerProcess(env));
    lb = await startHaproxy({ gateways: gateways.map((g) => `127.0.0.1:${g.port}`) });
    await waitFor('HAProxy sees three gateways up', async () => {
      const s = await serverStates(lb!.stats);
      return s.gw1 === 'up' && s.gw2 === 'up' && s.gw3 === 'up' ? true : undefined;
    });
    varnish = await startVarnish({ backend: new URL(lb.url).host, port: varnishPort });
    pipe = startCacheLogPipe(varnish.name, pg.url);
    const through = varnish.url;
    const api = async <T>(method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await rawRequest(through, path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = res.body.toString();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    };
    const totals = async (shareId: string): Promise<Totals> => {
      const res = await api<FileStatsResponse>('GET', apiPath(FILES_API.stats, shareId));
      if (res.status !== 200) throw new Error(`stats of ${shareId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.totals;
    };
    const cluster: Cluster = {
      rgw,
      pg,
      userId,
      token,
      gateways,
      lb,
      varnish,
      cacheLogOutput: () => pipe!.output(),
      cacheLogRunning: () => pipe!.running(),
      share: (name, body) => shareObject(rgw, through, token, userId, name, body),
      api,
      totals,
      async requestsPerGateway() {
        // the checked servers only (their `-open` backups get requests only when all of them are out)
        const counts = await sessionsPerServer(lb!.stats);
        return Object.fromEntries(Object.entries(counts).filter(([name]) => /^gw\d$/.test(name)));
      },
      stop,
    };
    // the pipe is live once a hit is booked: varnishncsa reads from the moment it attaches, so a probe link is hit
    // again until one of its hits reaches the statistics (its first request, a miss, is the gateway's)
    const probe = await cluster.share(`probe-${randomBytes(3).toString('hex')}.bin`, randomBytes(1000));
    const first = await rawRequest(through, probe.rawPath);
    if (first.headers['x-cache'] !== 'MISS') throw new Error(`probe: ${first.headers['x-cache']}, not MISS`);
    await waitFor(
      'varnishncsa | cache-log booking a hit',
      async () => {
        if ((await totals(probe.shareId)).downloads >= 2) return true;
        const res = await rawRequest(through, probe.rawPath);
        if (res.headers['x-cache'] !== 'HIT') throw new Error(`probe: ${res.headers['x-cache']}, not HIT`);
        return undefined;
      },
      20_000,
      500,
    );
    return cluster;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

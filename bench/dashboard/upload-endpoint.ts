/**
 * POST /v1/upload against `traydrop share`, with the same 1 GiB file, to the same server and RGW, in one run: how
 * much slower is the way ShareX, scripts and phones upload (every byte through the server) than the app's way (the
 * bytes straight to S3, the server only brokering), and does the server's memory stay flat while a whole 1 GiB
 * goes through it. Runs alternate (endpoint, share, endpoint, share…) so a shared machine's noise falls on both.
 *
 *   node bench/dashboard/upload-endpoint.ts        # BENCH_RUNS=3 (each), BENCH_FILE=/tmp/traydrop-bench-1g.bin
 *   BENCH_SERVER_NODE_OPTIONS=--max-semi-space-size=2 node bench/dashboard/upload-endpoint.ts   # the server only
 *   BENCH_SERVER_ENV='MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072' node bench/dashboard/upload-endpoint.ts  # same
 *   BENCH_SERVER_ENV=TRAYDROP_DEBUG_MEMORY_MS=500 …   # also prints the server's own memory line after each endpoint run
 *   BENCH_TOOLS=endpoint …   # endpoint runs only (the test RGW's memstore fills after about 7 GiB)
 *
 * The server is a `traydrop-server serve` process running its bundle (the build at the start), on the test RGW
 * (scripts/rgw-start.sh) and a SQLite file; its RSS is read from /proc every 20 ms during every upload. The
 * endpoint's client is curl (`-F file=@…`, as a script would send it); share is the packaged CLI (bench/upload/).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { packageShareCli, parseShareOutput } from '../upload/share-tool.ts';
import { ensureRgw } from '../../test/helpers/rgw.ts';
import { createTokenCli, processEnv, startServerProcess } from '../../test/helpers/server-process.ts';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const endpointOnly = process.env.BENCH_TOOLS === 'endpoint';
const file = process.env.BENCH_FILE ?? '/tmp/traydrop-bench-1g.bin';
const log = (message: string): void => void process.stderr.write(`${message}\n`);

const rssOf = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** `A=1 B=2` (BENCH_SERVER_ENV) as an environment for the server process alone (glibc's MALLOC_* knobs). */
function serverEnvOf(words: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const word of words.split(/\s+/).filter(Boolean)) {
    const at = word.indexOf('=');
    if (at < 1) throw new Error(`BENCH_SERVER_ENV: "${word}" is not NAME=value`);
    env[word.slice(0, at)] = word.slice(at + 1);
  }
  return env;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One 1 GiB file of random bytes, made once and kept (the upload bench uses the same path). */
async function ensureFile(): Promise<void> {
  if ((await stat(file).catch(() => null))?.size === GiB) return;
  log(`writing ${file} (1 GiB of random bytes)`);
  const out = await open(file, 'w');
  for (let i = 0; i < 1024; i++) await out.write(randomBytes(MiB));
  await out.close();
}

/** Reads the file once, so each tool reads it from the page cache. */
async function readThrough(): Promise<void> {
  const cat = spawn('cat', [file], { stdio: 'ignore' });
  await new Promise((resolve) => cat.on('exit', resolve));
}

/** Runs `command`, sampling the server's RSS every 20 ms meanwhile: seconds taken, peak RSS, stdout. */
async function measured(pid: number, command: string, args: string[], env?: NodeJS.ProcessEnv) {
  let peak = rssOf(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  if (code !== 0) throw new Error(`${command} exited ${code}: ${stdout}`);
  return { seconds, peak, stdout };
}

async function main(): Promise<void> {
  await ensureFile();
  const scratch = await mkdtemp(join(tmpdir(), 'traydrop-bench-upload-endpoint-'));
  const rgw = await ensureRgw();
  log('building (npm run build): the CLI and the server run their bundles');
  const cli = await packageShareCli(repo, scratch);
  const kind = (
    await run(
      process.execPath,
      ['-e', "import('./bin/pick-cli.js').then((m) => console.log(m.pickServerCli().kind))"],
      {
        cwd: repo,
      },
    )
  ).stdout.trim();
  const serverNodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS;
  const serverExtra = serverEnvOf(process.env.BENCH_SERVER_ENV ?? '');
  const env = processEnv(rgw, join(scratch, 'server.db'));
  const user = 'bench-upload-endpoint';
  const token = createTokenCli(env, user);
  const server = await startServerProcess({
    ...env,
    ...serverExtra,
    ...(serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : {}),
  });
  const pid = server.child.pid!;
  const cliEnv = {
    ...process.env,
    TRAYDROP_CONFIG_DIR: join(scratch, 'share-client'),
    TRAYDROP_TOKEN_STORAGE: 'file',
  };
  await run(process.execPath, [cli.bin, 'login', server.url, token], { env: cliEnv });
  const links: string[] = [];
  try {
    const idle = rssOf(pid);
    log(
      `server ${server.url} (${kind}${serverNodeOptions ? `, NODE_OPTIONS=${serverNodeOptions}` : ''}${process.env.BENCH_SERVER_ENV ? `, ${process.env.BENCH_SERVER_ENV}` : ''}), idle RSS ${(idle / MiB).toFixed(0)} MiB; load ${load()}`,
    );
    const results = {
      endpoint: [] as number[],
      share: [] as number[],
      endpointPeak: [] as number[],
      sharePeak: [] as number[],
      endpointAfter: [] as number[],
      endpointLoad: [] as string[],
    };
    const loadStart = load();
    for (let i = 0; i < runs; i++) {
      const alternating = i % 2 === 0 ? (['endpoint', 'share'] as const) : (['share', 'endpoint'] as const);
      const order = endpointOnly ? (['endpoint'] as const) : alternating;
      for (const tool of order) {
        await readThrough(); // from the page cache for both
        if (tool === 'endpoint') {
          const curlArgs = ['-sS', '-H', `Authorization: Bearer ${token}`, '-F', 'expire=1d', '-F', `file=@${file}`];
          const r = await measured(pid, 'curl', [...curlArgs, `${server.url}/v1/upload`]);
          const answer = JSON.parse(r.stdout) as { url?: string };
          if (!answer.url) throw new Error(`POST /v1/upload failed: ${r.stdout}`);
          links.push(answer.url);
          results.endpoint.push(GiB / MiB / r.seconds);
          results.endpointPeak.push(r.peak);
          results.endpointLoad.push(load().split(' ')[0]!);
          await sleep(2000); // what the server keeps once the GiB is through: creep shows here first
          results.endpointAfter.push(rssOf(pid));
        } else {
          const shareArgs = [cli.bin, 'share', file, '--expire', '1d', '--no-copy', '--json'];
          const r = await measured(pid, process.execPath, shareArgs, cliEnv);
          links.push(parseShareOutput(r.stdout).url);
          results.share.push(GiB / MiB / r.seconds);
          results.sharePeak.push(r.peak);
        }
        const last = tool === 'endpoint' ? results.endpoint.at(-1)! : results.share.at(-1)!;
        const peak = tool === 'endpoint' ? results.endpointPeak.at(-1)! : results.sharePeak.at(-1)!;
        const probe = tool === 'endpoint' ? [...server.output().matchAll(/^memory .*$/gm)].at(-1)?.[0] : undefined;
        const after =
          tool === 'endpoint'
            ? `, ${(results.endpointAfter.at(-1)! / MiB).toFixed(0)} MiB 2 s after${probe ? ` (${probe})` : ''}`
            : '';
        log(
          `  ${tool.padEnd(8)} ${last.toFixed(0)} MiB/s, server RSS peak ${(peak / MiB).toFixed(0)} MiB${after}; load ${load()}`,
        );
      }
    }
    const endpoint = median(results.endpoint);
    const share = endpointOnly ? NaN : median(results.share);
    console.log(`1 GiB, ${runs} runs each, alternating; load average ${loadStart} at the start, ${load()} at the end`);
    if (serverNodeOptions) console.log(`server NODE_OPTIONS=${serverNodeOptions}`);
    if (process.env.BENCH_SERVER_ENV) console.log(`server environment ${process.env.BENCH_SERVER_ENV}`);
    console.log(`| | median MiB/s | runs (MiB/s) | server RSS peak (idle ${(idle / MiB).toFixed(0)} MiB) |`);
    console.log('|---|---|---|---|');
    const row = (name: string, m: number, all: number[], peaks: number[]) =>
      console.log(
        `| ${name} | ${m.toFixed(0)} | ${all.map((v) => v.toFixed(0)).join(', ')} | ${peaks.map((p) => (p / MiB).toFixed(0)).join(', ')} MiB |`,
      );
    row('`POST /v1/upload` (curl -F)', endpoint, results.endpoint, results.endpointPeak);
    if (!endpointOnly) {
      row('`traydrop share`', share, results.share, results.sharePeak);
      console.log(`ratio POST /v1/upload / traydrop share: ${(endpoint / share).toFixed(2)}x`);
    }
    console.log(`server RSS peak over all endpoint runs: ${(Math.max(...results.endpointPeak) / MiB).toFixed(0)} MiB`);
    const mib = (values: number[]) => values.map((v) => (v / MiB).toFixed(0)).join(', ');
    console.log(
      `endpoint runs: RSS 2 s after each ${mib(results.endpointAfter)} MiB; 1-min load after each ${results.endpointLoad.join(', ')}`,
    );
  } finally {
    // the links go (objects and rows), so the shared RGW keeps no GiBs of ours
    for (const url of links) {
      const shareId = new URL(url).pathname.split('/')[1]!;
      await fetch(`${server.url}/v1/files/${shareId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      }).catch(() => undefined);
    }
    await server.kill();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();

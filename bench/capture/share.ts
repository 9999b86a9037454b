/**
 * `node bench/capture/share.ts`: issue #5's capture targets, in one run under Xvfb 1920x1080x24, for a
 * flat screen and a worst-case one (noise), against a real server and RGW:
 *
 *  1. Capture command → URL on the X clipboard. `traydrop capture screen --no-app` in a child process: the
 *     same capture back-end, durable queue and early copy the app uses (the app writes the clipboard
 *     in-process; the CLI through xclip, which is slower). Stamps: `saved` when the CLI prints "Saved" (the
 *     PNG is on disk under its final name), `clipboard` when a poller (`xclip -o` in a loop; its resolution
 *     is printed) first reads the link. Target: clipboard − saved ≤ 50 ms.
 *  2. Upload complete vs a raw single PutObject of the same PNG, in one long-lived process as the app runs
 *     (credentials cached, connections warm, one queue runner kicked per job), interleaved: ours is the queue
 *     running the job until it says
 *     `stored` (claim, source check, PutObject with the expire tag while the early link is reserved: S3 has the
 *     file and the link serves it), and on until `done` (the server's record, the journal); raw is one
 *     PutObject of the same file's bytes with the same STS credentials. Target: ours (stored) ≤ 1.2× raw.
 *
 *   node bench/capture/share.ts          BENCH_RUNS=N (default 15)
 */
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { captureScreen } from '../../main/capture/screenshot.ts';
import { openQueueContext } from '../../main/cli/queue-context.ts';
import { clientConfigStore } from '../../main/config/client-config.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import { createS3Client } from '../../node/s3-client.ts';
import { ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';
import { CLI_BIN } from '../../test/helpers/run-cli.ts';
import { hasXvfb, startXvfb } from '../../test/helpers/xvfb.ts';
import { createToken, startGateway } from '../gateway/processes.ts';
import { SCENES, showScene, type Scene } from './scenes.ts';

const exec = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PORT = 18495;
const log = (m: string): void => void process.stderr.write(`[bench:capture-share] ${m}\n`);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const fmt = (xs: number[]): string =>
  `median ${median(xs).toFixed(1).padStart(6)} ms   p90 ${p90(xs).toFixed(1).padStart(6)} ms   max ${Math.max(...xs)
    .toFixed(1)
    .padStart(6)} ms`;

async function readClipboard(env: NodeJS.ProcessEnv): Promise<string> {
  return exec('xclip', ['-o', '-selection', 'clipboard'], { env, timeout: 2000 }).then(
    (r) => r.stdout,
    () => '',
  );
}

function setClipboard(env: NodeJS.ProcessEnv, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('xclip', ['-selection', 'clipboard'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    child.once('error', reject);
    child.stdin.end(text, () => {
      child.unref();
      resolve();
    });
  });
}

interface CliRun {
  saved: number;
  clipboard: number;
  exited: number;
  url: string;
  pollMs: number[];
}

/** One `traydrop capture screen`, watched: stamps relative to the spawn. */
async function cliCapture(env: NodeJS.ProcessEnv): Promise<CliRun> {
  const marker = `bench-${randomBytes(4).toString('hex')}`;
  await setClipboard(env, marker);
  while ((await readClipboard(env)) !== marker);
  const start = performance.now();
  const child = spawn(process.execPath, ['--no-warnings', CLI_BIN, 'capture', 'screen', '--no-app'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let saved = NaN;
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (Number.isNaN(saved) && stderr.includes('Saved ')) saved = performance.now() - start;
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  let clipboard = NaN;
  let url = '';
  const pollMs: number[] = [];
  let exited = NaN;
  void exit.then(() => (exited = performance.now() - start));
  while (Number.isNaN(clipboard)) {
    const t = performance.now();
    const text = await readClipboard(env);
    pollMs.push(performance.now() - t);
    if (/^https?:\/\//.test(text)) {
      clipboard = t - start; // the poll that saw it started here: the link was there by then at the latest
      url = text.trim();
    } else if (!Number.isNaN(exited) && performance.now() - start > exited + 2000) {
      throw new Error(`the link never reached the clipboard; CLI said:\n${stderr}${stdout}`);
    }
  }
  const code = await exit;
  if (code !== 0) throw new Error(`traydrop capture exited ${code}:\n${stderr}`);
  if (!stdout.includes(url)) throw new Error(`the clipboard holds ${url}, the CLI printed ${stdout}`);
  return { saved, clipboard, exited, url, pollMs };
}

async function main(): Promise<void> {
  if (!hasXvfb()) {
    log('skipped: Xvfb is not installed (apt install xvfb)');
    return;
  }
  const rgw = await ensureRgw();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-bench-capture-share-'));
  const x = await startXvfb('1920x1080x24');
  process.env.DISPLAY = x.display; // the in-process capture of part 2
  const serverEnv = serverEnvFor(rgw, {
    shareBaseUrl: `http://127.0.0.1:${PORT}`,
    databasePath: path.join(dir, 'server.db'),
  });
  const token = createToken(serverEnv, `bench-${randomBytes(3).toString('hex')}`);
  const server = await startGateway(serverEnv, PORT);
  const home = path.join(dir, 'home');
  const profile = path.join(dir, 'profile');
  mkdirSync(home, { recursive: true });
  mkdirSync(profile, { recursive: true });
  const env = { ...process.env, DISPLAY: x.display, HOME: home, TRAYDROP_CONFIG_DIR: profile, WAYLAND_DISPLAY: '' };
  let hideScene = (): void => {};
  const rows: string[] = [];
  try {
    const login = spawn(process.execPath, ['--no-warnings', CLI_BIN, 'login', `http://127.0.0.1:${PORT}`, '-'], {
      env,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    login.stdin.end(token + '\n');
    const code = await new Promise((resolve) => login.on('close', resolve));
    if (code !== 0) throw new Error(`traydrop login exited ${code}`);

    const queue = await openQueueContext(clientConfigStore(profile), env);
    const s3For = async () => {
      const c = await queue.session.credentials.get();
      return {
        c,
        s3: createS3Client({
          endpoint: c.endpoint,
          region: c.region,
          credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
        }),
      };
    };
    const { c: creds, s3 } = await s3For();
    /**
     * queued → stored (S3 has it, the link serves it: "uploaded") and → done (the server's record too). One
     * runner for the whole run, as the app's QueueService keeps one per pairing and kicks it on every add.
     */
    const runner = queue.runner({});
    const ours = async (file: string): Promise<{ queuedMs: number; uploadMs: number; recordedMs: number }> => {
      const t0 = performance.now();
      const job = await enqueue(
        {
          journal: queue.journal,
          queuedBytes: queue.queuedBytes,
          pairing: await queue.pairing(),
          rules: queue.session.config.expiryRules,
        },
        { path: file, kind: 'screenshot' },
      );
      const t1 = performance.now();
      let stored = NaN;
      const offStored = runner.events.on('stored', ({ id }) => void (id === job.id && (stored = performance.now())));
      let offJob = (): void => undefined;
      const ended = new Promise<void>((resolve) => {
        offJob = runner.events.on('job', (j) => {
          if (j.id === job.id && (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled')) resolve();
        });
      });
      void runner.run(); // the app's kick
      await ended;
      const t2 = performance.now();
      offStored();
      offJob();
      const done = queue.journal.get(job.id);
      if (done?.state !== 'done') throw new Error(`job ended ${done?.state}: ${done?.error}`);
      return { queuedMs: t1 - t0, uploadMs: stored - t1, recordedMs: t2 - t1 };
    };
    const raw = async (file: string): Promise<number> => {
      const t0 = performance.now();
      const body = await readFile(file);
      await s3.send(
        new PutObjectCommand({
          Bucket: creds.bucket,
          Key: `${creds.prefix}raw-${randomBytes(6).toString('hex')}.png`,
          Body: body,
          ContentType: 'image/png',
          Tagging: 'expire=1d',
        }),
      );
      return performance.now() - t0;
    };

    for (const scene of SCENES as readonly Scene[]) {
      hideScene();
      hideScene = await showScene(scene, env, dir);
      // 1. the CLI, end to end
      await cliCapture(env); // warm-up: page cache, first xclip
      const cli: CliRun[] = [];
      for (let i = 0; i < RUNS; i++) cli.push(await cliCapture(env));
      const lag = cli.map((r) => r.clipboard - r.saved);
      const polls = cli.flatMap((r) => r.pollMs);
      rows.push(
        `${scene}: command → PNG saved               ${fmt(cli.map((r) => r.saved))}`,
        `${scene}: command → URL on clipboard        ${fmt(cli.map((r) => r.clipboard))}`,
        `${scene}: PNG saved → URL on clipboard      ${fmt(lag)}   target ≤ 50 ms: ${median(lag) <= 50 ? 'met' : 'MISSED'} (poll ${median(polls).toFixed(1)} ms)`,
        `${scene}: command → upload done (exit)      ${fmt(cli.map((r) => r.exited))}`,
      );
      // 2. upload vs raw PutObject, warm, same bytes
      const [shot] = await captureScreen({ folder: path.join(dir, `shots-${scene}`) });
      const bytes = (await readFile(shot!.path)).length;
      await ours(shot!.path);
      await raw(shot!.path);
      const oursMs: number[] = [];
      const queuedMs: number[] = [];
      const recordedMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await ours(shot!.path);
        oursMs.push(r.uploadMs);
        recordedMs.push(r.recordedMs);
        queuedMs.push(r.queuedMs);
        rawMs.push(await raw(shot!.path));
      }
      const ratio = median(oursMs) / median(rawMs);
      rows.push(
        `${scene}: PNG ${(bytes / 1024).toFixed(0)} KiB queued (link known)     ${fmt(queuedMs)}`,
        `${scene}: upload complete, ours          ${fmt(oursMs)}   (S3 has it, the link serves it)`,
        `${scene}: ... and recorded by the server ${fmt(recordedMs)}`,
        `${scene}: raw PutObject, same bytes      ${fmt(rawMs)}`,
        `${scene}: ours / raw = ${ratio.toFixed(2)}×   target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'MISSED'}`,
        // not the target's measure (queueing is what puts the link on the clipboard, measured above), shown
        // so the whole way from a saved PNG to S3 is on record too
        `${scene}: queued + upload / raw = ${(median(queuedMs.map((q, i) => q + oursMs[i]!)) / median(rawMs)).toFixed(2)}×`,
      );
    }
    await runner.stop();
    queue.close();
    s3.destroy();
  } finally {
    hideScene();
    await server.stop();
    await x.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const header = `Capture → share, Xvfb 1920x1080x24, ${RUNS} runs each after a warm-up, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  process.stdout.write(`${header}\n${rows.join('\n')}\n`);
  const out = new URL('./results/', import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL('share-latest.txt', out), `${new Date().toISOString()}\n${header}\n${rows.join('\n')}\n`);
}

await main();

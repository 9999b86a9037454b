/**
 * Shared pieces of the durable-upload tests (test/integration/durable-*.test.ts): a logged-in CLI
 * profile, the CLI as a child process that can be killed, `traydrop queue --json`, streamed hashes
 * of files and objects, and what the bucket holds under a user's prefix (objects and incomplete
 * multipart uploads: the orphan check).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ServerConfig } from '../../server/config.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { ensureRgw } from './rgw.ts';
import { CLI_BIN, runCli, type CliRun } from './run-cli.ts';
import { startTestServer, type TestServer } from './server.ts';

export const MiB = 1024 * 1024;

/** A CLI profile (TRAYDROP_CONFIG_DIR) paired with `serverUrl` as the owner of `token`. */
export async function loggedInProfile(dir: string, serverUrl: string, token: string): Promise<string> {
  const configDir = path.join(dir, `profile-${randomBytes(3).toString('hex')}`);
  await mkdir(configDir, { recursive: true });
  const run = await runCli(['login', serverUrl, '-'], { configDir, input: token + '\n' });
  if (run.code !== 0) throw new Error(`traydrop login failed (${run.code}): ${run.stderr}`);
  return configDir;
}

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process has exited. */
  done: Promise<CliRun>;
}

const running = new Set<ChildProcess>();

/** SIGKILLs every CLI process `startCli` started that is still running (call in `after()`). */
export function killStartedClis(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/** Starts `traydrop <args>` without waiting for it (so the test can SIGKILL it at a chosen moment). */
export function startCli(args: string[], configDir: string, env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env, TRAYDROP_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('close', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, pid: child.pid!, output: () => ({ stdout, stderr }), done };
}

/** One job as `traydrop queue --json` lists it (the fields the tests rely on). */
export interface QueueJob {
  id: string | number;
  state: string;
  file: string;
  url?: string | null;
  error?: string | null;
  [field: string]: unknown;
}

/** `traydrop queue --json`, parsed. Accepts a bare array or `{ jobs: [...] }`. */
export async function queueJobs(configDir: string): Promise<QueueJob[]> {
  const run = await runCli(['queue', '--json'], { configDir });
  if (run.code !== 0) throw new Error(`traydrop queue --json exited ${run.code}: ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as QueueJob[] | { jobs: QueueJob[] };
  return Array.isArray(parsed) ? parsed : parsed.jobs;
}

/** Writes `bytes` random bytes to `file` in 16 MiB chunks; returns their SHA-256 (hex). */
export async function writeRandomFile(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let left = bytes; left > 0;) {
    const chunk = randomBytes(Math.min(left, 16 * MiB));
    hash.update(chunk);
    left -= chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function sha256Stream(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const sha256File = (file: string): Promise<string> => sha256Stream(createReadStream(file));

export async function sha256Object(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return sha256Stream(Body as Readable);
}

export interface PrefixState {
  /** Object keys under the prefix. */
  keys: string[];
  /** Incomplete multipart uploads under the prefix: key and upload id. */
  uploads: { key: string; uploadId: string }[];
}

/** What the bucket holds under `users/<userId>/`. */
export async function prefixState(s3: S3Client, bucket: string, userId: string): Promise<PrefixState> {
  const Prefix = `users/${userId}/`;
  const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix }));
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix }));
  return {
    keys: (objects.Contents ?? []).map((o) => o.Key!),
    uploads: (uploads.Uploads ?? []).map((u) => ({ key: u.Key!, uploadId: u.UploadId! })),
  };
}

/** Deletes what the test left under `users/<userId>/` (memstore keeps objects in RAM). */
export async function cleanPrefix(s3: S3Client, bucket: string, userId: string): Promise<void> {
  const { keys, uploads } = await prefixState(s3, bucket, userId);
  for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  for (const u of uploads)
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }));
}

/** Parts S3 holds for an incomplete upload: part number → { size, lastModified ms }. */
export async function listParts(
  s3: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<Map<number, { size: number; lastModified: number }>> {
  const parts = new Map<number, { size: number; lastModified: number }>();
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
    );
    for (const p of page.Parts ?? [])
      parts.set(p.PartNumber!, { size: p.Size ?? 0, lastModified: p.LastModified?.getTime() ?? 0 });
    if (!page.IsTruncated) return parts;
    marker = page.NextPartNumberMarker;
  }
}

/**
 * Resolves like `promise`, or rejects after `ms` with what `explain()` finds (a stuck child's output,
 * the queue's state): a run that hangs in CI then says why instead of eating the file's timeout.
 */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  explain: () => Promise<string> | string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      Promise.resolve()
        .then(explain)
        .catch((error: unknown) => `(could not explain: ${String(error)})`)
        .then((why) => reject(new Error(`${what}: no result after ${ms} ms\n${why}`)));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a CLI run is doing: the end of its output and `traydrop queue --json` for its profile. */
export async function describeRun(run: CliProcess, configDir: string): Promise<string> {
  const { stdout, stderr } = run.output();
  const jobs = await queueJobs(configDir).then(
    (list) => JSON.stringify(list.map(({ id, state, error, progressBytes }) => ({ id, state, error, progressBytes }))),
    (error: unknown) => `queue --json failed: ${String(error)}`,
  );
  return [
    `pid ${run.pid} exit ${run.child.exitCode ?? 'running'}`,
    `stdout (end): ${stdout.slice(-1000)}`,
    `stderr (end): ${stderr.slice(-2000)}`,
    `queue: ${jobs}`,
  ].join('\n');
}

/** Links printed by the CLI (one per line on stdout). */
export function linksIn(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^https?:\/\//.test(line.trim()));
}

/** A temp folder and a test server whose clients reach RGW through a fault proxy (the server goes direct). */
export interface ProxiedStack {
  dir: string;
  proxy: FaultProxy;
  server: TestServer;
  close(): Promise<void>;
}

export async function startProxiedStack(name: string, config: Partial<ServerConfig> = {}): Promise<ProxiedStack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `traydrop-${name}-`));
  const target = new URL((await ensureRgw()).endpoint);
  const proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port) });
  const server = await startTestServer({ config: { s3PublicEndpoint: proxy.url, ...config } });
  return {
    dir,
    proxy,
    server,
    async close() {
      killStartedClis();
      await server.close();
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

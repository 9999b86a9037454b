/**
 * Real `traydrop-server serve` processes (bin/traydrop-server.js) for tests that signal or kill them: graceful stop,
 * several instances behind HAProxy, Varnish in front. They share one database when given the same one: a SQLite file
 * (WAL across processes), or with TRAYDROP_TEST_DATABASE=postgres a fresh database on the test cluster
 * (processDatabase). Links are made as the bench makes them: the object put with the bucket owner's keys, then
 * reported with a device token.
 *
 *   const db = await processDatabase(dir);                       // db.env: DATABASE_PATH or DATABASE_URL; db.drop()
 *   const env = processEnv(rgw, join(dir, 'db'), db.env);
 *   const token = createTokenCli(env, 'alice-x1');
 *   const gw = await startServerProcess(env);                      // gw.url, gw.child
 *   const link = await shareObject(rgw, gw.url, token, 'alice-x1', 'a.bin', bytes);
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { API, type UploadRecord } from '../../common/broker-api.ts';
import { freePort } from '../integration/queue-fixtures.ts';
import { adminS3, type RgwEnv, serverEnvFor } from './rgw.ts';
import { freshPgDatabase, testDatabaseKind } from './pg.ts';
import { newShareId } from './server.ts';
import { waitFor } from './wait-for.ts';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));

/** The environment of a test server process: the real RGW, `SHARE_HOSTS=127.0.0.1`, the given database. */
export function processEnv(
  rgw: RgwEnv,
  databasePath: string,
  more: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    ...serverEnvFor(rgw, { shareBaseUrl: 'https://share.example.test', databasePath }),
    SHARE_HOSTS: '127.0.0.1',
    HOST: '127.0.0.1',
    ...more,
  };
  // PostgreSQL given: no DATABASE_PATH beside it (the server would warn that it is ignored)
  if (env.DATABASE_URL !== undefined) delete env.DATABASE_PATH;
  return env;
}

/**
 * The database the processes of one test share, as environment: `DATABASE_PATH=<dir>/shared.db`, or on
 * TRAYDROP_TEST_DATABASE=postgres `DATABASE_URL` of a fresh database on the test cluster. `drop()` after the
 * processes have exited.
 */
export async function processDatabase(dir: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (testDatabaseKind() !== 'postgres')
    return { env: { DATABASE_PATH: `${dir}/shared.db` }, drop: () => Promise.resolve() };
  const pg = await freshPgDatabase();
  return { env: { DATABASE_URL: pg.url }, drop: () => pg.drop() };
}

/** `user create` (unless the user exists) then `token create`, as an operator would. */
export function createTokenCli(env: Record<string, string>, userId: string): string {
  const options = { env: { ...process.env, ...env } };
  const users = execFileSync(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'list', '--json'], options);
  if (!(JSON.parse(users.toString()) as { name: string }[]).some((u) => u.name === userId))
    execFileSync(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'create', userId], options);
  return execFileSync(process.execPath, ['--no-warnings', SERVER_BIN, 'token', 'create', userId], {
    env: { ...process.env, ...env },
  })
    .toString()
    .trim();
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote to stderr and stdout so far (its log). */
  output(): string;
  /** SIGKILL if still running, and wait for it. */
  kill(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, ['--no-warnings', SERVER_BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: String(chosen) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${chosen}`;
  await waitFor(
    `traydrop-server on ${url}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`traydrop-server exited ${child.exitCode}: ${log}`);
      return (await fetch(`${url}${API.health}`).catch(() => null))?.status === 200 ? true : undefined;
    },
    20_000,
  );
  return {
    url,
    port: chosen,
    child,
    exited,
    output: () => log,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface SharedObject {
  key: string;
  shareId: string;
  name: string;
  /** `/<shareId>/<name>/raw` */
  rawPath: string;
  record: UploadRecord;
  remove(): Promise<void>;
}

/** Puts `body` in the bucket under the user's folder (tag expire=never) and reports it to the server at `url`. */
export async function shareObject(
  rgw: RgwEnv,
  url: string,
  token: string,
  userId: string,
  name: string,
  body: Buffer,
  contentType = 'application/octet-stream',
): Promise<SharedObject> {
  const shareId = newShareId();
  const key = `users/${userId}/${shareId}/${name}`;
  const s3 = adminS3(rgw);
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: rgw.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Tagging: 'expire=never',
      }),
    );
  } finally {
    s3.destroy();
  }
  const res = await fetch(`${url}${API.uploads}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  if (!res.ok) throw new Error(`report ${key}: ${res.status} ${await res.text()}`);
  return {
    key,
    shareId,
    name,
    rawPath: `/${shareId}/${encodeURIComponent(name)}/raw`,
    record: (await res.json()) as UploadRecord,
    async remove() {
      const s = adminS3(rgw);
      await s.send(new DeleteObjectCommand({ Bucket: rgw.bucket, Key: key })).finally(() => s.destroy());
    },
  };
}

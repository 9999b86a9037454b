/** Shared by the queue-*.test.ts files: a profile logged in to a test server, a TCP forwarder, S3 checks. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Journal } from '../../main/queue/journal.ts';
import type { Job } from '../../main/queue/job.ts';
import { runCli } from '../helpers/run-cli.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { uniqueUserId, type TestServer } from '../helpers/server.ts';

export const MiB = 1024 * 1024;
export const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'traydrop-queue-'));
export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export async function randomFile(file: string, size: number): Promise<Buffer> {
  const bytes = randomBytes(size);
  await writeFile(file, bytes);
  return bytes;
}

/** A fresh user with a CLI profile logged in to `server`. */
export async function loggedIn(server: TestServer, dir: string, name: string) {
  const userId = uniqueUserId(name);
  const configDir = path.join(dir, `${name}-profile`);
  const token = await server.createToken(userId);
  const login = await runCli(['login', server.url, token], { configDir });
  if (login.code !== 0) throw new Error(login.stderr);
  return { userId, configDir, token };
}

/** Points the saved pairing at another server URL (the way a laptop finds itself offline). */
export async function setServerUrl(configDir: string, serverUrl: string): Promise<void> {
  const file = path.join(configDir, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...config, serverUrl }));
}

export function jobs(configDir: string): Job[] {
  const journal = Journal.open(configDir);
  try {
    return journal.list();
  } finally {
    journal.close();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A plain TCP forwarder on `port` to `target`, started and stopped at will (the network coming
 * and going), counting the bytes clients send through it. Before `start()`, `hangUp()` makes the port
 * accept connections and close them unanswered, noting each request's first line: a test can then wait
 * until the client has really tried (and failed) instead of guessing how long that takes.
 */
export function forwarder(port: number, target: number) {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  const state = { sentBytes: 0, hungUp: [] as string[] };
  const listen = (onConnection: (client: net.Socket) => void) =>
    new Promise<void>((resolve) => {
      server = net.createServer(onConnection);
      server.listen(port, '127.0.0.1', resolve);
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = undefined;
    });
  return {
    state,
    url: `http://127.0.0.1:${port}`,
    hangUp: () =>
      listen((client) => {
        sockets.add(client);
        client.on('close', () => sockets.delete(client));
        client.once('data', (chunk: Buffer) => {
          state.hungUp.push(chunk.toString('latin1').split('\r\n')[0]!);
          client.destroy();
        });
        client.on('error', () => client.destroy());
      }),
    start: async () => {
      await close();
      await listen((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s)).on('error', () => client.destroy());
        }
        client.on('data', (chunk: Buffer) => (state.sentBytes += chunk.length));
        client.pipe(upstream).pipe(client);
      });
    },
    stop: close,
  };
}

export async function objectSha(server: TestServer, key: string): Promise<string | undefined> {
  try {
    const object = await adminS3(server.rgw).send(new GetObjectCommand({ Bucket: server.config.s3Bucket, Key: key }));
    return sha256(Buffer.from(await object.Body!.transformToByteArray()));
  } catch {
    return undefined;
  }
}

/** Incomplete multipart uploads and objects under the user's prefix. */
export async function leftovers(server: TestServer, userId: string) {
  const s3 = adminS3(server.rgw);
  const Bucket = server.config.s3Bucket;
  const Prefix = `users/${userId}/`;
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix }));
  const objects = await s3.send(new ListObjectsV2Command({ Bucket, Prefix }));
  return { incomplete: uploads.Uploads?.length ?? 0, objects: objects.KeyCount ?? 0 };
}

/**
 * An update feed as an operator hosts one (a folder of files electron-builder wrote), served by node:http on
 * 127.0.0.1: latest-linux.yml naming a version, an "AppImage" with its real sha512, and whatever a test breaks
 * (a 404, a file that is not YAML, a wrong sha512). Counts every request, so a test can show none was made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach } from 'node:test';

/** What electron-updater asks for on this machine's Linux (latest-linux-arm64.yml on arm64). */
export const LINUX_CHANNEL_FILE = process.arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${process.arch}.yml`;

export interface FeedFile {
  status?: number;
  body: string | Buffer;
}

export interface FeedServer {
  /** The feed's base URL, ending in /. */
  url: string;
  /** Paths requested (without the query electron-updater adds against caches), in order. */
  requests: string[];
  /** Replaces the files served (path without the leading / → file); anything else is a 404. */
  serve(files: Record<string, FeedFile>): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  let files: Record<string, FeedFile> = {};
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://feed').pathname).replace(/^\/+/, '');
    requests.push(`/${name}`);
    const file = files[name];
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    // a range request (electron-updater's differential download) gets the whole file: it falls back to that
    response.writeHead(file.status ?? 200, { 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    serve: (next) => void (files = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64');

/** A release as electron-builder publishes it: the channel file and the AppImage it names (256 KiB). */
export function release(
  version: string,
  options: { sha512?: string } = {},
): { files: Record<string, FeedFile>; artifact: Buffer; name: string } {
  const name = `Traydrop-${version}.AppImage`;
  const artifact = randomBytes(256 * 1024);
  const hash = options.sha512 ?? sha512(artifact);
  const yml = [
    `version: ${version}`,
    'files:',
    `  - url: ${name}`,
    `    sha512: ${hash}`,
    `    size: ${artifact.length}`,
    `path: ${name}`,
    `sha512: ${hash}`,
    "releaseDate: '2026-12-01T10:00:00.000Z'",
    '',
  ].join('\n');
  return { files: { [LINUX_CHANNEL_FILE]: { body: yml }, [name]: { body: artifact } }, artifact, name };
}

/** The app-update.yml electron-builder writes into a packaged app's resources with `publish: generic`. */
export async function writeUpdateConfig(file: string, feedUrl: string): Promise<void> {
  await writeFile(file, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: traydrop-updater\n`);
}

/** What useUpdateFeed() gives a test file: the feed, a temporary folder, and the app-update.yml naming the feed. */
export interface UpdateFeedFixture {
  feed: FeedServer;
  root: string;
  configFile: string;
}

/**
 * The per-file setup both update test files need: a feed server, a temporary folder with an app-update.yml that
 * names it, and process.env.APPIMAGE pointing at a stand-in file (electron-updater's AppImage updater downloads
 * only for a running AppImage, and reads that variable itself), restored afterwards. Requests are forgotten
 * before each test. Call it at the top level of a test file; the fields are filled in by `before`.
 */
export function useUpdateFeed(): UpdateFeedFixture {
  const fixture = {} as UpdateFeedFixture;
  const savedAppImage = process.env.APPIMAGE;
  before(async () => {
    fixture.feed = await startFeedServer();
    fixture.root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-updates-'));
    fixture.configFile = path.join(fixture.root, 'app-update.yml');
    await writeUpdateConfig(fixture.configFile, fixture.feed.url);
    process.env.APPIMAGE = path.join(fixture.root, 'Traydrop-0.0.0.AppImage');
    await writeFile(process.env.APPIMAGE, 'the running AppImage (never touched: nothing quits here)');
  });
  after(async () => {
    if (savedAppImage === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = savedAppImage;
    await fixture.feed.close();
    await rm(fixture.root, { recursive: true, force: true });
  });
  beforeEach(() => {
    fixture.feed.requests.length = 0;
  });
  return fixture;
}

/** Shared bits of the engine's integration tests (real RGW via the direct broker). */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import type { Expiry } from '../../common/expiry.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { planShare } from '../../main/share/plan-share.ts';
import { DirectBroker, readRgwEnv, type DirectBrokerOptions, type RgwEnv } from '../helpers/direct-broker.ts';

export const MiB = 1024 * 1024;

export function rgwEnv(): RgwEnv {
  const env = readRgwEnv();
  if (!env) throw new Error('Ceph RGW is not set up: run `bash scripts/rgw-start.sh` (npm test does it for you)');
  return env;
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-engine-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `size` random bytes (in 8 MiB blocks) and returns the file's SHA-256. */
export async function randomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let left = size; left > 0;) {
    const block = randomBytes(Math.min(left, 8 * MiB));
    hash.update(block);
    if (!out.write(block)) await once(out, 'drain');
    left -= block.length;
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function sha256OfObject(broker: DirectBroker, key: string): Promise<string> {
  const out = await broker.admin.send(new GetObjectCommand({ Bucket: broker.env.bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of out.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function expireTag(broker: DirectBroker, key: string): Promise<string | undefined> {
  const out = await broker.admin.send(new GetObjectTaggingCommand({ Bucket: broker.env.bucket, Key: key }));
  return out.TagSet?.find((t) => t.Key === 'expire')?.Value;
}

export async function incompleteUploads(broker: DirectBroker, key: string): Promise<string[]> {
  const out = await broker.admin.send(new ListMultipartUploadsCommand({ Bucket: broker.env.bucket, Prefix: key }));
  return (out.Uploads ?? []).map((u) => u.UploadId!);
}

/** Deletes every object under the broker's user prefix. */
export async function cleanUp(broker: DirectBroker): Promise<void> {
  const out = await broker.admin.send(new ListObjectsV2Command({ Bucket: broker.env.bucket, Prefix: broker.prefix }));
  for (const object of out.Contents ?? []) {
    await broker.admin.send(new DeleteObjectCommand({ Bucket: broker.env.bucket, Key: object.Key! }));
  }
}

/** A broker for a fresh test user, a credential provider over it, and a key planner. */
export function engineSetup(
  options: DirectBrokerOptions = {},
  provider: { maxRefreshMarginMs?: number; now?: () => number } = {},
) {
  const broker = new DirectBroker(rgwEnv(), options);
  let fetches = 0;
  const credentials = new CredentialProvider({
    ...provider,
    fetch: () => {
      fetches++;
      return broker.credentials();
    },
  });
  const plan = (path: string, expire: Expiry = '30d') =>
    planShare({
      path,
      userId: broker.userId,
      shareBaseUrl: broker.shareBaseUrl,
      kind: 'file',
      explicitExpiry: expire,
      rules: DEFAULT_EXPIRY_RULES,
      allowedExpiry: broker.allowedExpiry,
    });
  return { broker, credentials, plan, fetches: () => fetches };
}

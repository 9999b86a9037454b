/**
 * TEST helper: the broker's job done in-process against the real RGW, without our server.
 * Credentials come from AssumeRole (admin keys: the caller must own the bucket) with a session
 * policy shaped like the server's; create/complete use the admin keys, and complete re-tags the
 * object (RGW 16 drops tags sent on CreateMultipartUpload). Lets the engine be tested end to end.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  CredentialsResponse,
  MultipartAbortRequest,
  MultipartCompleteRequest,
  MultipartCreateRequest,
  MultipartCreateResponse,
  UploadRecord,
} from '../../common/broker-api.ts';
import { EXPIRY_TAG_KEY, EXPIRY_VALUES, expiresAt, type Expiry } from '../../common/expiry.ts';
import { parseObjectKey, shareUrl, userPrefix } from '../../common/share-key.ts';
import { createS3Client } from '../../node/s3-client.ts';
// the server's own session policy, so the engine is tested against exactly what clients get
import { sessionPolicy } from '../../server/sts/session-policy.ts';

export interface RgwEnv {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  roleArn: string;
  asok: string;
}

/** Reads /tmp/traydrop-rgw/env (written by scripts/rgw-start.sh); null when RGW is not set up. */
export function readRgwEnv(file = process.env.RGW_ENV_FILE ?? '/tmp/traydrop-rgw/env'): RgwEnv | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  }
  if (!env.S3_ENDPOINT || !env.S3_ADMIN_ACCESS_KEY_ID || !env.S3_ADMIN_SECRET_ACCESS_KEY) return null;
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.AWS_REGION ?? 'us-east-1',
    bucket: env.S3_BUCKET ?? 'test-bucket',
    accessKeyId: env.S3_ADMIN_ACCESS_KEY_ID,
    secretAccessKey: env.S3_ADMIN_SECRET_ACCESS_KEY,
    roleArn: env.STS_ROLE_ARN ?? 'arn:aws:iam:::role/uploader',
    asok: env.RGW_ASOK ?? '',
  };
}

export function adminS3(env: RgwEnv): S3Client {
  return createS3Client({ endpoint: env.endpoint, region: env.region, credentials: env, maxAttempts: 3 });
}

export interface DirectBrokerOptions {
  userId?: string;
  shareBaseUrl?: string;
  allowedExpiry?: Expiry[];
  /** AssumeRole DurationSeconds (RGW's minimum is 900 unless lowered). */
  durationSeconds?: number;
}

export class DirectBroker {
  readonly env: RgwEnv;
  readonly admin: S3Client;
  readonly userId: string;
  readonly shareBaseUrl: string;
  readonly allowedExpiry: Expiry[];
  readonly durationSeconds: number | undefined;
  readonly #sts: STSClient;
  readonly #expireByUpload = new Map<string, Expiry>();

  constructor(env: RgwEnv, options: DirectBrokerOptions = {}) {
    this.env = env;
    this.admin = adminS3(env);
    this.userId = options.userId ?? `test-${randomUUID().slice(0, 8)}`;
    this.shareBaseUrl = options.shareBaseUrl ?? 'https://t.example';
    this.allowedExpiry = options.allowedExpiry ?? [...EXPIRY_VALUES];
    this.durationSeconds = options.durationSeconds;
    this.#sts = new STSClient({ endpoint: env.endpoint, region: env.region, credentials: env });
  }

  get prefix(): string {
    return userPrefix(this.userId);
  }

  async credentials(): Promise<CredentialsResponse> {
    const out = await this.#sts.send(
      new AssumeRoleCommand({
        RoleArn: this.env.roleArn,
        RoleSessionName: `traydrop-${this.userId}`.slice(0, 64),
        DurationSeconds: this.durationSeconds,
        Policy: JSON.stringify(sessionPolicy(this.env.bucket, this.userId, this.allowedExpiry)),
      }),
    );
    const c = out.Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
      expiration: c.Expiration!.toISOString(),
      bucket: this.env.bucket,
      endpoint: this.env.endpoint,
      region: this.env.region,
      userId: this.userId,
      prefix: this.prefix,
      shareBaseUrl: this.shareBaseUrl,
      allowedExpiry: this.allowedExpiry,
    };
  }

  async createMultipart(request: MultipartCreateRequest): Promise<MultipartCreateResponse> {
    this.#checkKey(request.key);
    const out = await this.admin.send(
      new CreateMultipartUploadCommand({ Bucket: this.env.bucket, Key: request.key, ContentType: request.contentType }),
    );
    this.#expireByUpload.set(out.UploadId!, request.expire);
    return { uploadId: out.UploadId! };
  }

  async completeMultipart(request: MultipartCompleteRequest): Promise<UploadRecord> {
    this.#checkKey(request.key);
    const expire = this.#expireByUpload.get(request.uploadId);
    if (!expire) throw new Error(`unknown upload ${request.uploadId}`);
    await this.admin.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.env.bucket,
        Key: request.key,
        UploadId: request.uploadId,
        MultipartUpload: { Parts: request.parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    await this.admin.send(
      new PutObjectTaggingCommand({
        Bucket: this.env.bucket,
        Key: request.key,
        Tagging: { TagSet: [{ Key: EXPIRY_TAG_KEY, Value: expire }] },
      }),
    );
    this.#expireByUpload.delete(request.uploadId);
    return this.#record(request.key, expire);
  }

  /** Counts calls, so tests can see that a cancel really aborted. */
  aborts = 0;

  async abortMultipart(request: MultipartAbortRequest): Promise<void> {
    this.#checkKey(request.key);
    this.aborts++;
    await this.admin
      .send(new AbortMultipartUploadCommand({ Bucket: this.env.bucket, Key: request.key, UploadId: request.uploadId }))
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'NoSuchUpload') throw error;
      });
    this.#expireByUpload.delete(request.uploadId);
  }

  async reportUpload(key: string): Promise<UploadRecord> {
    this.#checkKey(key);
    return this.#record(key);
  }

  async #record(key: string, known?: Expiry): Promise<UploadRecord> {
    const head = await this.admin.send(new HeadObjectCommand({ Bucket: this.env.bucket, Key: key }));
    const { shareId, name } = parseObjectKey(key)!;
    const expire = known ?? (await this.#tag(key));
    const uploadedAt = head.LastModified ?? new Date();
    return {
      key,
      shareId,
      name,
      bytes: head.ContentLength ?? 0,
      contentType: head.ContentType ?? 'application/octet-stream',
      expire,
      url: shareUrl(this.shareBaseUrl, shareId, name),
      uploadedAt: uploadedAt.toISOString(),
      expiresAt: expiresAt(expire, uploadedAt)?.toISOString() ?? null,
    };
  }

  async #tag(key: string): Promise<Expiry> {
    const out = await this.admin.send(new GetObjectTaggingCommand({ Bucket: this.env.bucket, Key: key }));
    const value = out.TagSet?.find((t) => t.Key === EXPIRY_TAG_KEY)?.Value;
    if (!value || !(EXPIRY_VALUES as readonly string[]).includes(value)) throw new Error(`${key} has no expire tag`);
    return value as Expiry;
  }

  #checkKey(key: string): void {
    const parsed = parseObjectKey(key);
    if (!parsed || parsed.userId !== this.userId) throw new Error(`key ${key} is not under ${this.prefix}`);
  }
}

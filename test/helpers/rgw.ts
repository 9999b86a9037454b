/**
 * The real Ceph RGW for integration tests: `ensureRgw()` runs scripts/rgw-start.sh (idempotent,
 * about 0.05 s when already up) once per process and parses the env lines it prints.
 *
 *   const rgw = await ensureRgw();
 *   const s3 = adminS3(rgw);                       // the bucket owner
 *   const user = s3WithCredentials(rgw, creds);    // temporary creds from POST /v1/credentials
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../node/s3-client.ts';

export interface RgwEnv {
  /** `http://127.0.0.1:7480`: S3, STS and IAM. */
  endpoint: string;
  region: string;
  /** `test-bucket`, owned by the admin user. */
  bucket: string;
  /** Bucket owner: the keys the server must use as BROKER_* (AssumeRole caller = owner). */
  adminAccessKeyId: string;
  adminSecretAccessKey: string;
  /** A second user that may AssumeRole but does not own the bucket. */
  brokerAccessKeyId: string;
  brokerSecretAccessKey: string;
  roleArn: string;
  /** Every line the script printed, as KEY → value. */
  vars: Record<string, string>;
}

const START_SCRIPT = fileURLToPath(new URL('../../scripts/rgw-start.sh', import.meta.url));

export function parseRgwEnv(text: string): RgwEnv {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  const need = (name: string): string => {
    const value = vars[name];
    if (!value) throw new Error(`rgw-start.sh printed no ${name}`);
    return value;
  };
  return {
    endpoint: need('S3_ENDPOINT'),
    region: need('AWS_REGION'),
    bucket: need('S3_BUCKET'),
    adminAccessKeyId: need('S3_ADMIN_ACCESS_KEY_ID'),
    adminSecretAccessKey: need('S3_ADMIN_SECRET_ACCESS_KEY'),
    brokerAccessKeyId: need('S3_BROKER_ACCESS_KEY_ID'),
    brokerSecretAccessKey: need('S3_BROKER_SECRET_ACCESS_KEY'),
    roleArn: need('STS_ROLE_ARN'),
    vars,
  };
}

let started: Promise<RgwEnv> | undefined;

/** Starts the RGW if needed (first time: a few seconds; may apt-get install Ceph). */
export function ensureRgw(): Promise<RgwEnv> {
  started ??= promisify(execFile)('bash', [START_SCRIPT], { timeout: 600_000, maxBuffer: 1 << 20 }).then(
    ({ stdout }) => parseRgwEnv(stdout),
    (error: Error & { stderr?: string }) => {
      started = undefined;
      throw new Error(`scripts/rgw-start.sh failed: ${error.message}\n${error.stderr ?? ''}`);
    },
  );
  return started;
}

/** S3 client with the bucket owner's keys. */
export function adminS3(rgw: RgwEnv): S3Client {
  return createS3Client({
    endpoint: rgw.endpoint,
    region: rgw.region,
    credentials: { accessKeyId: rgw.adminAccessKeyId, secretAccessKey: rgw.adminSecretAccessKey },
  });
}

/** The environment `traydrop-server serve` needs to run against this RGW (for tests and benches that start the binary). */
export function serverEnvFor(
  rgw: RgwEnv,
  options: { shareBaseUrl: string; databasePath: string },
): Record<string, string> {
  return {
    S3_ENDPOINT: rgw.endpoint,
    S3_REGION: rgw.region,
    S3_BUCKET: rgw.bucket,
    STS_ROLE_ARN: rgw.roleArn,
    // the bucket owner: RGW lets only the owner's AssumeRole sessions write to the bucket
    BROKER_ACCESS_KEY_ID: rgw.adminAccessKeyId,
    BROKER_SECRET_ACCESS_KEY: rgw.adminSecretAccessKey,
    SHARE_BASE_URL: options.shareBaseUrl,
    DATABASE_PATH: options.databasePath,
  };
}

/** S3 client with temporary credentials (a CredentialsResponse has all of these fields). */
export function s3WithCredentials(
  rgw: RgwEnv,
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
): S3Client {
  return createS3Client({
    endpoint: rgw.endpoint,
    region: rgw.region,
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    },
  });
}

/**
 * Lowers (or restores, 900) RGW's minimum STS session length at runtime through its admin socket,
 * so tests can get credentials that expire in seconds. ceph.conf values beat `ceph config set`,
 * the admin socket beats both and takes effect at once.
 */
export function setStsMinSessionDuration(rgw: RgwEnv, seconds: number): void {
  const asok = rgw.vars.RGW_ASOK;
  if (!asok) throw new Error('RGW_ASOK missing from the rgw-start.sh env lines');
  execFileSync('ceph', ['--admin-daemon', asok, 'config', 'set', 'rgw_sts_min_session_duration', String(seconds)]);
}

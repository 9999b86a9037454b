/**
 * Tiny CLI around Traydrop's upload engine so the bench can run it as a child process under
 * /usr/bin/time, exactly like `aws s3 cp` and rclone:
 *
 *   node bench/upload/engine-upload.ts <file> <endpoint> <bucket> <key>
 *   node bench/upload/engine-upload.ts --imports-only     (load everything, upload nothing)
 *
 * Env:
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]  what the engine signs with
 *     (the bench passes STS AssumeRole credentials against RGW, any keys against the discard server)
 *   BENCH_BROKER_ACCESS_KEY_ID / BENCH_BROKER_SECRET_ACCESS_KEY  keys of the in-process broker
 *     (Create/Complete/PutObjectTagging, as the server does); default: the engine's keys
 *   AWS_REGION (default us-east-1), BENCH_PART_MB, BENCH_CONCURRENCY (default: the engine's defaults)
 *
 * Prints one JSON line on stdout: { bytes, seconds, partSize, concurrency, record }.
 */
import { stat } from 'node:fs/promises';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { uploadFile } from '../../main/upload/upload-file.ts';
import { createBenchBroker } from './bench-broker.ts';

const MiB = 1024 * 1024;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  // the bench measures the process's fixed cost (node start + module loading) with this
  if (process.argv[2] === '--imports-only') return;
  const [file, endpoint, bucket, key] = process.argv.slice(2);
  if (!file || !endpoint || !bucket || !key) {
    console.error('usage: node bench/upload/engine-upload.ts <file> <endpoint> <bucket> <key>');
    process.exit(2);
  }
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set');
  const sessionToken = process.env.AWS_SESSION_TOKEN ?? '';
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const partMB = envNumber('BENCH_PART_MB');
  const concurrency = envNumber('BENCH_CONCURRENCY');

  const slash = key.indexOf('/', key.indexOf('/') + 1);
  const prefix = slash > 0 ? key.slice(0, slash + 1) : '';
  const credentialsResponse: CredentialsResponse = {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    // static keys: pretend they last a day, so the provider never refreshes during the bench
    expiration: new Date(Date.now() + 24 * 3600_000).toISOString(),
    bucket,
    endpoint,
    region,
    userId: 'bench',
    prefix,
    shareBaseUrl: 'http://127.0.0.1/s',
    allowedExpiry: ['1d'],
  };
  const credentials = new CredentialProvider({ fetch: async () => credentialsResponse });
  const broker = createBenchBroker({
    endpoint,
    region,
    bucket,
    credentials: {
      accessKeyId: process.env.BENCH_BROKER_ACCESS_KEY_ID ?? accessKeyId,
      secretAccessKey: process.env.BENCH_BROKER_SECRET_ACCESS_KEY ?? secretAccessKey,
      ...(process.env.BENCH_BROKER_ACCESS_KEY_ID ? {} : sessionToken ? { sessionToken } : {}),
    },
  });

  const { size } = await stat(file);
  const started = process.hrtime.bigint();
  const record = await uploadFile({
    path: file,
    key,
    contentType: 'application/octet-stream',
    expire: '1d',
    credentials,
    broker,
    ...(partMB ? { partSize: Math.round(partMB * MiB) } : {}),
    ...(concurrency ? { concurrency: Math.round(concurrency) } : {}),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    JSON.stringify({
      bytes: size,
      seconds,
      partSize: partMB ? Math.round(partMB * MiB) : null,
      concurrency: concurrency ?? null,
      brokerCalls: broker.calls,
      record,
    }),
  );
}

main().catch((error: unknown) => {
  console.error('engine-upload failed:', error);
  process.exit(1);
});

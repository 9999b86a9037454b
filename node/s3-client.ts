/**
 * One place that knows how to talk to our S3 (Ceph RGW, or any S3): used by the upload engine
 * and by the server. The settings are not taste:
 * - forcePathStyle: RGW on an IP/port has no virtual-host buckets.
 * - requestChecksumCalculation WHEN_REQUIRED: the default adds aws-chunked CRC trailers to stream
 *   bodies, which RGW 16 answers with 411 MissingContentLength; it also costs CPU for nothing.
 * - expectContinueHeader false: with 100-continue the SDK opens a fresh, non-keep-alive
 *   connection for every part over 2 MB (smithy-typescript #1754).
 * - a keep-alive agent shared by every client made here, so new credentials do not mean new sockets.
 * - maxAttempts 1: the engine owns retries (per part, with backoff and credential refresh);
 *   the SDK's own retry would re-send a stream body it can no longer rewind.
 */
import http from 'node:http';
import https from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface S3ClientOptions {
  endpoint: string;
  region: string;
  credentials: S3Credentials;
  /** Let the SDK retry (for the server's short control calls). Default 1 = no SDK retry. */
  maxAttempts?: number;
}

let sharedHandler: NodeHttpHandler | undefined;

function requestHandler(): NodeHttpHandler {
  sharedHandler ??= new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
    connectionTimeout: 10_000,
    requestTimeout: 120_000,
  });
  return sharedHandler;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    expectContinueHeader: false,
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: requestHandler(),
  });
}

/** RGW sends STS (and some S3) errors in a shape the SDK can't name; the HTTP status is what counts. */
export function httpStatusOf(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return meta?.httpStatusCode;
}

/**
 * One S3Client per credential set, made with createS3Client (which shares one keep-alive agent,
 * so new credentials do not mean new connections). Old clients are simply dropped: destroying
 * one would close the shared agent under the others.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import { createS3Client } from '../../node/s3-client.ts';

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

let current: { accessKeyId: string; client: S3Client } | undefined;

export function s3ForCredentials(credentials: CredentialsResponse): S3Client {
  if (current?.accessKeyId !== credentials.accessKeyId) {
    const client = createS3Client({
      endpoint: credentials.endpoint,
      region: credentials.region,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
        expiration: new Date(credentials.expiration),
      },
    });
    // The SDK console.warn()s "An error was encountered in a non-retryable streaming request" for
    // every failed part unless a logger is set; the engine reports failures itself.
    client.config.logger = quietLogger;
    current = { accessKeyId: credentials.accessKeyId, client };
  }
  return current.client;
}

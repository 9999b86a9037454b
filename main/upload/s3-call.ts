/**
 * One S3 call with the upload's retry rules: current credentials for every attempt, backoff on
 * transient failures, and after a 403 (how RGW reports expired STS credentials) one retry with
 * credentials fetched fresh. Each attempt has its own abort signal, aborted when the attempt
 * fails: RGW answers a 403 before reading the body, and without this the half-sent request would
 * hold its keep-alive socket open until the server times it out.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import { withRetry, type RetryOptions } from './retry.ts';
import { s3ForCredentials } from './s3-for-credentials.ts';

export interface S3CallContext {
  credentials: CredentialProvider;
  signal?: AbortSignal;
  retry?: RetryOptions;
  onRetry?: (info: { what: string; attempt: number; delayMs: number; error: unknown }) => void;
}

export function s3Call<T>(
  context: S3CallContext,
  what: string,
  send: (client: S3Client, credentials: CredentialsResponse, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  let used: string | undefined;
  return withRetry(
    async () => {
      const credentials = await context.credentials.get();
      used = credentials.accessKeyId;
      const attempt = new AbortController();
      const signal = context.signal ? AbortSignal.any([context.signal, attempt.signal]) : attempt.signal;
      try {
        return await send(s3ForCredentials(credentials), credentials, signal);
      } catch (error) {
        attempt.abort(error);
        throw error;
      }
    },
    {
      ...context.retry,
      what,
      signal: context.signal,
      onAccessDenied: () => context.credentials.invalidate(used),
      onRetry: (info) => context.onRetry?.({ what, ...info }),
    },
  );
}

/**
 * Per-call retry: exponential backoff with full jitter for transient failures, one immediate retry
 * with fresh credentials after a 403 (RGW's answer to expired STS credentials), and a clear
 * UploadError for everything else.
 */
import { UploadError, codeOf, describeError, statusOf } from './upload-error.ts';

export type ErrorKind = 'transient' | 'access-denied' | 'permanent';

export interface RetryOptions {
  /** Attempts in all, the first one included. Default 6. */
  attempts?: number;
  /** Backoff before retry n is random(0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export interface RetryContext extends RetryOptions {
  /** What is being done, for error messages: `UploadPart 3 of users/x/...`. */
  what: string;
  signal?: AbortSignal;
  /** Called once on a 403; the call is then retried at once. Without it a 403 is permanent. */
  onAccessDenied?: () => void | Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'NetworkingError',
  'network',
]);

export function classifyError(error: unknown): ErrorKind {
  const status = statusOf(error);
  if (status === 403) return 'access-denied';
  if (status !== undefined && (status >= 500 || status === 408 || status === 429)) return 'transient';
  const code = codeOf(error);
  if (code !== undefined && TRANSIENT_CODES.has(code)) return 'transient';
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /socket hang up|network|ECONNRESET|EPIPE/i.test(message)) return 'transient';
  if (status === 0) return 'transient';
  return 'permanent';
}

export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  return (options.random ?? Math.random)() * Math.min(max, base * 2 ** (attempt - 1));
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, context: RetryContext): Promise<T> {
  const attempts = context.attempts ?? 6;
  let refreshedCredentials = false;
  for (let attempt = 1; ; attempt++) {
    context.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      context.signal?.throwIfAborted();
      const kind = classifyError(error);
      const canRefresh = kind === 'access-denied' && context.onAccessDenied && !refreshedCredentials;
      if ((kind !== 'transient' && !canRefresh) || attempt >= attempts) throw failure(context.what, error, attempt);
      let delayMs = 0;
      if (canRefresh) {
        refreshedCredentials = true;
        await context.onAccessDenied?.();
      } else {
        delayMs = backoffDelay(attempt, context);
      }
      context.onRetry?.({ attempt, delayMs, error });
      if (delayMs > 0) await sleep(delayMs, context.signal);
    }
  }
}

function failure(what: string, error: unknown, attempts: number): UploadError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new UploadError(`${what} failed${tries}: ${describeError(error)}`, {
    cause: error,
    status: statusOf(error),
    code: codeOf(error),
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

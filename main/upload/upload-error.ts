/** Why an S3 or broker call failed, in words a user or a log can use. */
import { httpStatusOf } from '../../node/s3-client.ts';

export class UploadError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  /** Set when a multipart upload was left in place (keepUploadOnFailure) so it can be resumed. */
  uploadId: string | undefined;

  constructor(message: string, options: { cause?: unknown; status?: number; code?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UploadError';
    this.status = options.status;
    this.code = options.code;
  }
}

/** HTTP status of an S3 error (SDK) or a BrokerError; undefined for network errors. */
export function statusOf(error: unknown): number | undefined {
  const status = httpStatusOf(error) ?? (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The S3 error code (`AccessDenied`, `NoSuchUpload`), Node's errno code, or the broker's code. */
export function codeOf(error: unknown): string | undefined {
  const e = error as { Code?: unknown; code?: unknown; name?: unknown } | null;
  for (const value of [e?.Code, e?.code, e?.name]) {
    if (typeof value === 'string' && value !== '' && value !== 'Error' && value !== 'Unknown') return value;
  }
  return undefined;
}

/** `403 AccessDenied`, `ECONNRESET: socket hang up`: RGW's messages are often empty, so use the code. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const code = codeOf(error);
  const raw = (error as { message?: unknown } | null)?.message;
  const message = typeof raw === 'string' && raw !== '' && raw !== 'UnknownError' && raw !== code ? raw : '';
  const head = [status, code].filter((x) => x !== undefined && x !== 0).join(' ');
  return [head, message].filter(Boolean).join(': ') || String(error);
}

/**
 * The client side of common/broker-api.ts over HTTP (global fetch). Every failure becomes a
 * BrokerError: the server's ApiError when it answered, status 0 when it could not be reached.
 */
import {
  API,
  type ApiError,
  type CredentialsResponse,
  type MeResponse,
  type MultipartAbortRequest,
  type MultipartCompleteRequest,
  type MultipartCreateRequest,
  type MultipartCreateResponse,
  type UploadRecord,
  type UploadReleaseRequest,
  type UploadReportRequest,
  type UploadReserveRequest,
  type UploadReserveResponse,
} from '../../common/broker-api.ts';
import { BrokerError } from './broker-error.ts';

export { BrokerError, isAuthError } from './broker-error.ts';

export interface BrokerClientOptions {
  serverUrl: string;
  /** The device token (`Authorization: Bearer <token>`). */
  token: string;
  /** Per-request time limit. Default 30 s. */
  timeoutMs?: number;
}

export class BrokerClient {
  readonly serverUrl: string;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(options: BrokerClientOptions) {
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  me(): Promise<MeResponse> {
    return this.#call('GET', API.me);
  }

  credentials(): Promise<CredentialsResponse> {
    return this.#call('POST', API.credentials, {});
  }

  createMultipart(request: MultipartCreateRequest): Promise<MultipartCreateResponse> {
    return this.#call('POST', API.multipartCreate, request);
  }

  completeMultipart(request: MultipartCompleteRequest): Promise<UploadRecord> {
    return this.#call('POST', API.multipartComplete, request);
  }

  async abortMultipart(request: MultipartAbortRequest): Promise<void> {
    await this.#call('POST', API.multipartAbort, request);
  }

  reportUpload(key: string): Promise<UploadRecord> {
    const body: UploadReportRequest = { key };
    return this.#call('POST', API.uploads, body);
  }

  /** Early link: the share answers "uploading…" until the upload is recorded. Idempotent per key. */
  reserveUpload(request: UploadReserveRequest): Promise<UploadReserveResponse> {
    return this.#call('POST', API.reserve, request);
  }

  async releaseUpload(request: UploadReleaseRequest): Promise<void> {
    await this.#call('POST', API.release, request);
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = this.serverUrl + path;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new BrokerError(0, 'network', `cannot reach the Traydrop server at ${this.serverUrl}: ${causeOf(error)}`, {
        cause: error,
      });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw errorFromResponse(response, text);
    if (text === '') return undefined as T; // 204 No Content
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BrokerError(
        response.status,
        'bad_response',
        `the Traydrop server sent an unreadable answer to ${path}`,
      );
    }
  }
}

function errorFromResponse(response: Response, text: string): BrokerError {
  let parsed: Partial<ApiError> = {};
  try {
    parsed = JSON.parse(text) as Partial<ApiError>;
  } catch {
    // not JSON: a proxy's error page, say
  }
  const code = typeof parsed.error === 'string' ? parsed.error : `http_${response.status}`;
  const message =
    typeof parsed.message === 'string' && parsed.message !== ''
      ? parsed.message
      : `the Traydrop server answered ${response.status} ${response.statusText}`.trim();
  return new BrokerError(response.status, code, message);
}

/** fetch hides the real reason (ECONNREFUSED, ENOTFOUND...) in `cause`. */
function causeOf(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

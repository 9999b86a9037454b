/**
 * The client side of common/broker-api.ts over HTTP (http-exchange.ts, keep-alive). Every failure
 * becomes a BrokerError: the server's ApiError when it answered, status 0 when it could not be reached.
 */
import {
  API,
  type ApiError,
  type CredentialsResponse,
  type HealthResponse,
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
import {
  REPLACE_API,
  type ReplaceCompleteRequest,
  type ReplacedRecord,
  type ReplaceMultipartResponse,
  type ReplaceStartRequest,
  type ReplaceStartResponse,
} from '../../common/replace-api.ts';
import { apiPath } from '../../common/broker-api.ts';
import { DASHBOARD_API, type SignInLinkResponse } from '../../common/dashboard-api.ts';
import { BrokerError } from './broker-error.ts';
import { HttpExchange, HttpExchangeError, type HttpAnswer } from './http-exchange.ts';

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
  readonly #http = new HttpExchange();

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

  /** Replacing what a link serves (common/replace-api.ts): credentials for its one key, with its own tag. */
  replaceStart(shareId: string, request: ReplaceStartRequest): Promise<ReplaceStartResponse> {
    return this.#call('POST', apiPath(REPLACE_API.start, shareId), request);
  }

  replaceMultipart(shareId: string): Promise<ReplaceMultipartResponse> {
    return this.#call('POST', apiPath(REPLACE_API.multipart, shareId), {});
  }

  replaceComplete(shareId: string, request: ReplaceCompleteRequest): Promise<ReplacedRecord> {
    return this.#call('POST', apiPath(REPLACE_API.complete, shareId), request);
  }

  /** A one-time link that signs a browser in to the web dashboard (valid 60 s): `traydrop dashboard`, the tray. */
  dashboardSignInLink(): Promise<SignInLinkResponse> {
    return this.#call('POST', DASHBOARD_API.signInLink, {});
  }

  /**
   * True when the server answers and can reach its storage (GET /v1/health); false when it cannot be
   * reached or says the storage cannot. A server from before /v1/health (404) counts as up.
   */
  async healthy(timeoutMs = 3000): Promise<boolean> {
    try {
      return (await this.#call<HealthResponse>('GET', API.health, undefined, timeoutMs)).ok === true;
    } catch (error) {
      return error instanceof BrokerError && error.status === 404;
    }
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = this.#timeoutMs): Promise<T> {
    let answer: HttpAnswer;
    try {
      answer = await this.#http.send(new URL(this.serverUrl + path), {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs,
      });
    } catch (error) {
      throw new BrokerError(0, 'network', `cannot reach the Traydrop server at ${this.serverUrl}: ${causeOf(error)}`, {
        cause: error,
      });
    }
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer, this.serverUrl);
    if (answer.text === '') return undefined as T; // 204 No Content
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw new BrokerError(answer.status, 'bad_response', `the Traydrop server sent an unreadable answer to ${path}`);
    }
  }
}

function errorFromAnswer({ status, statusText, text, location }: HttpAnswer, serverUrl: string): BrokerError {
  if (status >= 300 && status < 400 && location) {
    const to = new URL(location, serverUrl).origin;
    return new BrokerError(
      status,
      'redirect',
      `the Traydrop server redirects to ${to}: pair with that address instead`,
    );
  }
  let parsed: Partial<ApiError> = {};
  try {
    parsed = JSON.parse(text) as Partial<ApiError>;
  } catch {
    // not JSON: a proxy's error page, say
  }
  const code = typeof parsed.error === 'string' ? parsed.error : `http_${status}`;
  const message =
    typeof parsed.message === 'string' && parsed.message !== ''
      ? parsed.message
      : `the Traydrop server answered ${status} ${statusText}`.trim();
  return new BrokerError(status, code, message, { body: parsed as Record<string, unknown> });
}

/** The system's reason (ECONNREFUSED, ENOTFOUND...), or that no answer came in time. */
function causeOf(error: unknown): string {
  if (error instanceof HttpExchangeError) return error.code === 'ETIMEDOUT' ? 'no answer in time' : error.code;
  return error instanceof Error ? error.message : String(error);
}

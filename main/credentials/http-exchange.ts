/**
 * One HTTP(S) request with a small text body and a small text answer, over a keep-alive agent. The
 * broker client's calls go through this instead of global fetch: a reservation is on the path of every
 * screenshot, and fetch took about 0.7 ms of CPU per call here against 0.25 ms for `http.request`
 * (bench/capture, 2-core machine), CPU that the PutObject running at the same time was waiting for.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  statusText: string;
  text: string;
  /** The Location of a redirect (not followed). */
  location?: string;
}

export interface HttpExchangeOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** Thrown when no answer came: `code` is the system's (ECONNREFUSED, ENOTFOUND…) or ETIMEDOUT. */
export class HttpExchangeError extends Error {
  override name = 'HttpExchangeError';
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Idle keep-alive sockets never keep the process alive (Node's agent unrefs them while idle). */
export class HttpExchange {
  readonly #agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  send(url: URL, options: HttpExchangeOptions): Promise<HttpAnswer> {
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
    if (!protocol) return Promise.reject(new HttpExchangeError('EPROTO', `not an http(s) URL: ${url.href}`));
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers = body ? { ...options.headers, 'content-length': String(body.length) } : options.headers;
    const transport = protocol === 'https:' ? https : http;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const request = transport.request(url, { method: options.method, headers, agent: this.#agents[protocol] });
      const timer = setTimeout(
        () => request.destroy(new HttpExchangeError('ETIMEDOUT', 'no answer in time')),
        options.timeoutMs,
      );
      const fail = (error: Error): void => {
        clearTimeout(timer);
        const code = (error as NodeJS.ErrnoException).code ?? 'ECONNRESET';
        reject(
          error instanceof HttpExchangeError ? error : new HttpExchangeError(code, error.message, { cause: error }),
        );
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
            ...(response.headers.location ? { location: response.headers.location } : {}),
          });
        });
      });
      request.end(body);
    });
  }
}

/** Errors a route throws on purpose: the app's error handler turns them into an ApiError body. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: string;
  /** More fields of the answer's body (a quota refusal's limit, used and needed bytes). */
  readonly details: Readonly<Record<string, number>> | undefined;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, number> },
  ) {
    super(message, options);
    this.statusCode = statusCode;
    this.code = code;
    this.details = options?.details;
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);
export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);
export const conflict = (message: string): HttpError => new HttpError(409, 'conflict', message);

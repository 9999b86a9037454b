/** An error from the Traydrop server (or from failing to reach it), with the server's own words. */
export class BrokerError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The server's machine-readable code (`unauthorized`, `not_found`...), or `network`. */
  readonly code: string;
  /** The answer's JSON body as the server sent it (a quota refusal's limit, used and needed bytes), if any. */
  readonly body: Readonly<Record<string, unknown>> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options?: { cause?: unknown; body?: Record<string, unknown> },
  ) {
    super(message, options);
    this.name = 'BrokerError';
    this.status = status;
    this.code = code;
    this.body = options?.body;
  }
}

/** True for a wrong, missing or revoked device token: the user has to sign in again. */
export function isAuthError(error: unknown): boolean {
  return error instanceof BrokerError && error.status === 401;
}

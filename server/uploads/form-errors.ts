/**
 * A form that breaks off or is not valid multipart/form-data is the client's mistake: 400 with busboy's reason,
 * never the 500 its plain Errors would become. Too many parts or fields (the endpoint takes one file and an
 * expire field) is a 400 that says so, instead of @fastify/multipart's "reach parts limit".
 */
import { HttpError, badRequest } from '../errors.ts';

const LIMITS = new Set(['FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_FILES_LIMIT']);

export function formError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code && LIMITS.has(code))
    return badRequest('too many form fields: send one file in a field named "file", and an expire field if you like');
  return badRequest(`the request body is not a complete multipart/form-data form (${message ?? 'unreadable'})`);
}

/** Yields what `source` yields; what it throws comes out through formError. */
export async function* readingForm<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await it.next();
      } catch (error) {
        throw formError(error);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await it.return?.();
  }
}

/**
 * Fastify's own refusals of a URL before any hook runs (a bad percent-encoding, a path segment over
 * maxParamLength): by default their JSON echoes the path back. Here they are ApiErrors with a fixed
 * message and the error headers, like every other error (Fastify's frameworkErrors option).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../common/broker-api.ts';
import { ERROR_HEADERS } from './safety-headers.ts';

function answerFor(code: string): { status: number; body: ApiError } {
  if (code === 'FST_ERR_BAD_URL') return { status: 400, body: { error: 'bad_request', message: 'malformed URL' } };
  if (code === 'FST_ERR_MAX_PARAM_LENGTH')
    return { status: 414, body: { error: 'uri_too_long', message: 'a part of the URL path is too long' } };
  return { status: 500, body: { error: 'internal', message: 'internal server error; the server log has details' } };
}

export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = answerFor(error.code);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.code(status).headers(ERROR_HEADERS).send(body);
}

/**
 * The Node http.Server under Fastify, set up so that every answer carries the safety headers,
 * including the ones Node and Fastify write without running a hook:
 *  - HTTP_SERVER_OPTIONS (Fastify's `http` option): Node's bare 400 for a missing Host is off (the
 *    request guard answers it, with the headers), and the request head may be 32 KiB so that a long
 *    URL reaches the guard's 414 (at 8 KiB) instead of Node's 431. A head over 32 KiB is Node's 431.
 *  - protectHttpServer(): the safety headers go on every response before Fastify sees the request (a
 *    route's writeHead merges its own in; Fastify's 503 while closing gets them too), and an Expect
 *    the server does not meet is answered 417 with them (Node's own 417 has none).
 */
import type { Server, ServerOptions } from 'node:http';
import type { ApiError } from '../../common/broker-api.ts';
import { ERROR_HEADERS, setSafetyHeaders } from './safety-headers.ts';

export const MAX_HEAD_BYTES = 32 * 1024;

export const HTTP_SERVER_OPTIONS = { requireHostHeader: false, maxHeaderSize: MAX_HEAD_BYTES } satisfies ServerOptions;

const EXPECTATION_FAILED: ApiError = { error: 'expectation_failed', message: 'only Expect: 100-continue is supported' };

export function protectHttpServer(server: Server): void {
  server.prependListener('request', (_request, response) => setSafetyHeaders(response));
  server.on('checkExpectation', (_request, response) => {
    const json = JSON.stringify(EXPECTATION_FAILED);
    response
      .writeHead(417, { ...ERROR_HEADERS, 'content-type': 'application/json; charset=utf-8', connection: 'close' })
      .end(json);
  });
}

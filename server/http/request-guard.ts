/**
 * Refuses a request whose target or Host is malformed (400, see request-target.ts) or whose target is
 * longer than any of ours can be (414), before any route runs: a root onRequest hook, so every route
 * and the 404 handler pass it, and none of them reads a Host that was not checked.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, HttpError } from '../errors.ts';
import { requestTargetProblem } from './request-target.ts';

/** A share link is under 400 bytes even with a long name percent-encoded; nginx refuses past 8 KiB too. */
export const MAX_TARGET_BYTES = 8 * 1024;

export function registerRequestGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const problem = requestTargetProblem(request.raw);
    if (problem) throw badRequest(problem);
    if ((request.raw.url ?? '').length > MAX_TARGET_BYTES)
      throw new HttpError(414, 'uri_too_long', `the request target is longer than ${MAX_TARGET_BYTES} bytes`);
  });
}

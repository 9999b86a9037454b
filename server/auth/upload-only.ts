/**
 * Upload-only tokens (ShareX, scripts, phone shortcuts) reach the routes that say they take them, and nothing
 * else: a route opts in with `config: UPLOAD_TOKENS_WELCOME`; device-auth answers 403 everywhere else. An
 * opt-in rather than a list of paths in the auth hook, so a new route is closed to them until it says otherwise.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';

export const UPLOAD_TOKENS_WELCOME = { uploadTokens: true } as const;

export function acceptsUploadTokens(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { uploadTokens?: boolean }).uploadTokens === true;
}

export const uploadOnly = (): HttpError =>
  new HttpError(
    403,
    'upload_only',
    'this token may only upload files (POST /v1/upload); pair the app with `traydrop login` for everything else',
  );

/**
 * Fastify logger options. Request headers are logged (they help when debugging clients), so the
 * Authorization header (the device token) is always redacted, whatever the level or the stream.
 */
import type { FastifyServerOptions } from 'fastify';

export type LoggerOption = boolean | { level?: string; stream?: NodeJS.WritableStream };

export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

/** The bucket-notification endpoint carries NOTIFICATION_SECRET in its path. */
export const redactedUrl = (url: string): string => url.replace(/^(\/internal\/rgw-events\/)[^/?]*/, '$1[redacted]');

export function loggerOptions(logger: LoggerOption | undefined): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const { level = 'info', stream } = logger === true ? {} : logger;
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; headers: Record<string, unknown>; ip?: string }) => ({
        method: req.method,
        url: redactedUrl(req.url),
        ip: req.ip,
        headers: req.headers,
      }),
    },
  };
}

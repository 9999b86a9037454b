/**
 * The Node error codes of a peer that could not be reached (refused, reset, timed out, no route, no such host): the
 * same whether the peer is PostgreSQL (server/db/unavailable.ts) or the storage (server/s3/storage-unreachable.ts),
 * which tell the two apart by who threw the error, not by its code.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Is this error the database being unreachable for now, rather than a bug? Then the request is answered 503 (try again
 * shortly: server/http/unavailable.ts) instead of 500, and statistics wait in memory for the next write instead of being
 * dropped (stats-buffer.ts). PostgreSQL: a refused, reset or timed-out connection, pg's "Connection terminated", the
 * SQLSTATE classes of a lost connection (08…), a server stopping or starting (57P01-57P03), too many connections, and
 * a statement cancelled by statement_timeout (57014). SQLite: the file busy or locked past busy_timeout.
 */
import { NETWORK_ERROR_CODES } from '../net/network-errors.ts';
import { isSdkError } from '../s3/storage-unreachable.ts';

const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
/** pg's own errors carry no code, only these words. */
const PG_MESSAGES =
  /^(Connection terminated|timeout expired|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;
/** node:sqlite's errcode: SQLITE_BUSY, SQLITE_LOCKED. */
const SQLITE_BUSY = new Set([5, 6]);

function unavailableItself(error: object): boolean {
  // the AWS SDK's errors are the storage's, whatever their code (server/s3/storage-unreachable.ts)
  if (isSdkError(error)) return false;
  const { code, errcode, message } = error as { code?: unknown; errcode?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (NETWORK_ERROR_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
  )
    return true;
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' && SQLITE_BUSY.has(errcode & 0xff)) return true;
  return typeof message === 'string' && PG_MESSAGES.test(message);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // the error itself, its causes, and an AggregateError's parts (a connect to every address of a name failed)
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (unavailableItself(e)) return true;
    queue.push((e as { cause?: unknown }).cause);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
  }
  return false;
}

/**
 * PostgreSQL rolled the transaction back to settle a conflict with another one (40P01 deadlock_detected, 40001
 * serialization_failure): nothing of it was written, and the same transaction tried again succeeds. Writers keep one
 * lock order (stats-tally.ts) so this should not happen; a batch writer still tries again rather than lose its lines.
 */
export function isTransactionConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

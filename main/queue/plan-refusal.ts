/**
 * The server's 413 for a file the user's plan does not allow (common/quota-refusal.ts), as the queue's permanent
 * JobError: the job is `failed` (trying again cannot help), the local file is kept, and the words are the core's
 * own (`over your storage limit (9.8 GB of 10 GB used; this file needs 4.2 GB)`), the same for the CLI and the app.
 */
import { isQuotaErrorCode, quotaMessage } from '../../common/quota-refusal.ts';
import { BrokerError } from '../credentials/broker-error.ts';
import { JobError } from './classify.ts';

export class PlanRefused extends JobError {
  override name = 'JobError';
}

const bytes = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

/** The refusal in `error`, or undefined when it is something else. */
export function planRefusalOf(error: unknown): PlanRefused | undefined {
  if (!(error instanceof BrokerError) || error.status !== 413 || !isQuotaErrorCode(error.code)) return undefined;
  const [limit, used, needed] = [bytes(error.body?.limit), bytes(error.body?.used), bytes(error.body?.needed)];
  const message =
    limit !== undefined && used !== undefined && needed !== undefined
      ? quotaMessage(error.code, { limit, used, needed })
      : error.message;
  return new PlanRefused(message, { cause: error });
}

/** True for a job error this module wrote: retrying will not help, the plan (or the files kept) must change. */
export function isPlanRefusalText(error: string | null): boolean {
  return error !== null && /^(over your storage limit|too large for your plan) \(/.test(error);
}

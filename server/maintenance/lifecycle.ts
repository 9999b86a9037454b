/**
 * The bucket's lifecycle rules: one per expire tag value (expire=1d → 1 day, …) and
 * AbortIncompleteMultipartUpload after 7 days. Installed idempotently: GET, compare by meaning
 * (rule IDs aside), PUT only if different.
 */
import {
  GetBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { EXPIRY_TAG_KEY, EXPIRY_VALUES, expiryMs } from '../../common/expiry.ts';
import type { AppContext } from '../context.ts';
import { s3ErrorCode } from '../s3/owner-s3.ts';

export const ABORT_INCOMPLETE_DAYS = 7;

export function desiredRules(): LifecycleRule[] {
  const rules: LifecycleRule[] = EXPIRY_VALUES.filter((e) => e !== 'never').map((e) => ({
    ID: `expire-${e}`,
    Status: 'Enabled',
    Filter: { Tag: { Key: EXPIRY_TAG_KEY, Value: e } },
    Expiration: { Days: expiryMs(e)! / 86_400_000 },
  }));
  rules.push({
    ID: 'abort-incomplete-multipart',
    Status: 'Enabled',
    Filter: { Prefix: '' },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_DAYS },
  });
  return rules;
}

/** What a rule does, as a comparable string. */
function meaning(r: LifecycleRule): string {
  const tag = r.Filter?.Tag
    ? `tag:${r.Filter.Tag.Key}=${r.Filter.Tag.Value}`
    : `prefix:${r.Filter?.Prefix ?? r.Prefix ?? ''}`;
  const expire = r.Expiration?.Days !== undefined ? `expire:${r.Expiration.Days}` : '';
  const abort = r.AbortIncompleteMultipartUpload ? `abort:${r.AbortIncompleteMultipartUpload.DaysAfterInitiation}` : '';
  return [r.Status, tag, expire, abort].join('|');
}

const sameRules = (a: LifecycleRule[], b: LifecycleRule[]): boolean =>
  JSON.stringify(a.map(meaning).sort()) === JSON.stringify(b.map(meaning).sort());

export async function currentRules(ctx: Pick<AppContext, 's3' | 'config'>): Promise<LifecycleRule[]> {
  try {
    const got = await ctx.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: ctx.config.s3Bucket }));
    return got.Rules ?? [];
  } catch (error) {
    if (s3ErrorCode(error) === 'NoSuchLifecycleConfiguration') return [];
    throw error;
  }
}

/** Returns 'unchanged' or 'installed'. */
export async function installLifecycle(ctx: Pick<AppContext, 's3' | 'config'>): Promise<'unchanged' | 'installed'> {
  const want = desiredRules();
  if (sameRules(await currentRules(ctx), want)) return 'unchanged';
  await ctx.s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: ctx.config.s3Bucket,
      LifecycleConfiguration: { Rules: want },
    }),
  );
  return 'installed';
}

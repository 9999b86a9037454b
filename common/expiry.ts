/** The expire tag values the bucket lifecycle rules know. `never` has no rule, so it is never deleted. */
export const EXPIRY_VALUES = ['1d', '7d', '30d', '90d', '365d', 'never'] as const;

export type Expiry = (typeof EXPIRY_VALUES)[number];

/** The S3 object tag key that lifecycle rules filter on. */
export const EXPIRY_TAG_KEY = 'expire';

const DAY_MS = 24 * 60 * 60 * 1000;

export function isExpiry(value: unknown): value is Expiry {
  return typeof value === 'string' && (EXPIRY_VALUES as readonly string[]).includes(value);
}

/** Lifetime in milliseconds, or null for `never`. */
export function expiryMs(expiry: Expiry): number | null {
  return expiry === 'never' ? null : Number.parseInt(expiry, 10) * DAY_MS;
}

/** The instant a link made at `uploadedAt` stops working, or null for `never`. */
export function expiresAt(expiry: Expiry, uploadedAt: Date): Date | null {
  const ms = expiryMs(expiry);
  return ms === null ? null : new Date(uploadedAt.getTime() + ms);
}

/** `expire=7d`: the x-amz-tagging header / Tagging parameter value. */
export function expiryTagging(expiry: Expiry): string {
  return `${EXPIRY_TAG_KEY}=${expiry}`;
}

/**
 * A request's date header (If-Modified-Since) as S3 takes it: a valid HTTP date, or undefined when it does not parse,
 * so an unparsable one is ignored as RFC 9110 says rather than passed on. The piped and the offloaded byte paths
 * (server/share/serve-bytes.ts, offload-bytes.ts) both forward it.
 */
export function httpDate(value: string | undefined): string | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toUTCString();
}

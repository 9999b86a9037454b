/**
 * The one `Range` form the gateway forwards to S3: a single byte range. Anything else (several
 * ranges, other units, bad syntax) is ignored and the whole object is served, as RFC 9110 allows.
 */
export function singleByteRange(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return undefined;
  if (first !== '' && last !== '' && BigInt(last) < BigInt(first)) return undefined;
  return `bytes=${first}-${last}`;
}

/** True when the range asks for the object from its first byte (a download, on a link without a limit). */
export function startsAtZero(range: string | undefined): boolean {
  return range === undefined || /^bytes=0+-/.test(range);
}

/** Custom domain names users may claim: a public DNS name, lower case, not an IP, not ours. */

/**
 * A last label that is a number (decimal, or 0x hex) makes the whole name an IPv4 address to URL
 * parsers and to getaddrinfo (`127.0x1` is 127.0.0.1), as the WHATWG URL standard says.
 */
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/;

export function normalizeDomain(input: string): string | null {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (domain.length > 253 || !domain.includes('.')) return null;
  const labels = domain.split('.');
  const labelOk = (l: string) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l);
  if (!labels.every(labelOk)) return null;
  if (NUMERIC_LABEL.test(labels.at(-1)!)) return null;
  return domain;
}

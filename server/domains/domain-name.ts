/** Custom domain names users may claim: a public DNS name, lower case, not an IP, not ours. */
export function normalizeDomain(input: string): string | null {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (domain.length > 253 || !domain.includes('.')) return null;
  const labels = domain.split('.');
  const labelOk = (l: string) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l);
  if (!labels.every(labelOk)) return null;
  if (/^\d+$/.test(labels.at(-1)!)) return null; // an IPv4 address
  return domain;
}

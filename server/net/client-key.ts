/**
 * Who "one address" is for per-address limits (password guesses). An IPv4 address is one client; an IPv6
 * host usually holds a whole /64 (SLAAC, privacy addresses), so keying on the full address would give a
 * guesser 2^64 fresh tries. IPv6 addresses count by their /64; IPv4-mapped ones as the IPv4 address.
 */
import ipaddr from 'ipaddr.js';

export function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const prefix = v6.toNormalizedString().split(':').slice(0, 4).join(':');
  return `${prefix}::/64`;
}

/**
 * Which IP addresses the server may connect to on a user's behalf: global unicast only, decided by an
 * allowlist rather than by naming the ranges to avoid. An address passes only when it is an exact IP
 * string (`net.isIP`, so no "127.1" or hex forms), has no IPv6 zone id, and `ipaddr.js` files it under
 * `unicast`, i.e. outside every special-purpose range it knows (RFC 6890 registries: private, loopback,
 * link-local, CGNAT 100.64/10, benchmarking 198.18/15, documentation, 0/8, 240/4, broadcast,
 * multicast, IPv4-mapped, NAT64 64:ff9b::/96, 6to4, Teredo, ULA, site-local fec0::/10, …). IPv6 must
 * also lie in 2000::/3, the only block IANA hands out as global unicast, which shuts out the ranges
 * ipaddr.js does not name (IPv4-compatible ::a.b.c.d, anything unassigned).
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

export function isGlobalUnicast(address: string): boolean {
  const version = isIP(address);
  if (version === 0 || address.includes('%')) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() !== 'unicast') return false;
  return version === 4 || (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

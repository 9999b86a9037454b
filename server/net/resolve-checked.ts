/**
 * Resolve a user's host name once, check every address it resolves to, and hand back the one to
 * connect to. One non-global answer refuses the whole name (no filtering: a name that also points
 * inside our network is not one we talk to), and the caller connects to the returned address itself,
 * never to the name, so a second DNS answer (rebinding) cannot swap a checked address for another.
 */
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isGlobalUnicast } from './global-address.ts';

/** Every address a name resolves to (an IP literal resolves to itself). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;
/** Whether the server may connect to this address. */
export type AddressPolicy = (address: string) => boolean;

export const systemResolveAll: ResolveAll = (hostname) => lookup(hostname, { all: true });

export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

export async function resolveCheckedAddress(
  hostname: string,
  options: { resolveAll?: ResolveAll; isAllowed?: AddressPolicy } = {},
): Promise<LookupAddress> {
  const { resolveAll = systemResolveAll, isAllowed = isGlobalUnicast } = options;
  const addresses = await resolveAll(hostname);
  const refused = addresses.find((a) => !isAllowed(a.address));
  if (refused) throw new RefusedAddressError(`${hostname} resolves to ${refused.address}, not a global address`);
  const [first] = addresses;
  if (!first) throw new RefusedAddressError(`${hostname} resolves to no address`);
  return first;
}

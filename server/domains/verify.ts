/**
 * Domain verification, pluggable: a verifier gets the domain and the user's token and says whether
 * the domain proves it. HTTP: `http://<domain>/.well-known/traydrop-verify/<token>` answers the
 * token (the domain points at this gateway). DNS: a TXT record `_traydrop.<domain>` holds
 * `traydrop-verify=<token>`.
 *
 * The domain is the user's, so the HTTP check must not become a way into the server's own network:
 * the name is resolved once, refused if any address is not global unicast (server/net), and the
 * socket goes to that checked address with the domain only in the Host header. Redirects are not
 * followed: only a 200 with the token counts.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import { request } from 'node:http';
import { type AddressPolicy, resolveCheckedAddress, type ResolveAll } from '../net/resolve-checked.ts';
import { VERIFY_PATH } from './verify-path.ts';

export interface DomainVerifier {
  name: string;
  verify(domain: string, token: string): Promise<boolean>;
}

export interface HttpVerifierOptions {
  port?: number;
  timeoutMs?: number;
  /** DNS resolution of the domain (every answer); the system resolver unless a test fakes it. */
  resolveAll?: ResolveAll;
  /** Which addresses may be connected to; global unicast only unless a test widens it. */
  isAllowedAddress?: AddressPolicy;
}

const MAX_BODY = 1024;

/** GET of the token URL on exactly `target`; true only for a 200 whose body is the token. */
function answersToken(target: LookupAddress, domain: string, port: number, token: string, timeoutMs: number) {
  return new Promise<boolean>((resolve) => {
    const req = request(
      {
        host: target.address, // an IP literal: Node connects to it without another lookup
        family: target.family,
        port,
        path: VERIFY_PATH + token,
        headers: { host: port === 80 ? domain : `${domain}:${port}` },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.destroy(); // a redirect included: never followed
          return resolve(false);
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY) req.destroy();
        });
        res.on('end', () => resolve(body.trim() === token));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(false));
    req.on('close', () => resolve(false)); // no-op once resolved
    req.end();
  });
}

export function httpVerifier(options: HttpVerifierOptions = {}) {
  const resolveOptions = {
    ...(options.resolveAll ? { resolveAll: options.resolveAll } : {}),
    ...(options.isAllowedAddress ? { isAllowed: options.isAllowedAddress } : {}),
  };
  return {
    name: 'http',
    async verify(domain: string, token: string): Promise<boolean> {
      const target = await resolveCheckedAddress(domain, resolveOptions).catch(() => null);
      if (!target) return false;
      return answersToken(target, domain, options.port ?? 80, token, options.timeoutMs ?? 5000);
    },
  } satisfies DomainVerifier;
}

export function dnsTxtVerifier(resolveTxt: (name: string) => Promise<string[][]> = dns.resolveTxt) {
  return {
    name: 'dns',
    async verify(domain: string, token: string): Promise<boolean> {
      const records = await resolveTxt(`_traydrop.${domain}`).catch(() => []);
      return records.some((chunks) => chunks.join('') === `traydrop-verify=${token}`);
    },
  } satisfies DomainVerifier;
}

export const defaultVerifiers = (): DomainVerifier[] => [httpVerifier(), dnsTxtVerifier()];

/**
 * Domain verification, pluggable: a verifier gets the domain and the user's token and says whether
 * the domain proves it. HTTP: `http://<domain>/.well-known/traydrop-verify/<token>` answers the
 * token (the domain points at this gateway). DNS: a TXT record `_traydrop.<domain>` holds
 * `traydrop-verify=<token>`.
 */
import { promises as dns } from 'node:dns';
import { request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { VERIFY_PATH } from '../routes/domain-public.ts';

export interface DomainVerifier {
  name: string;
  verify(domain: string, token: string): Promise<boolean>;
}

function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 6) return /^(::1?$|fc|fd|fe80|::ffff:(127|10|192\.168|169\.254)\.)/i.test(address);
  return /^(127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(address);
}

/** DNS lookup that refuses loopback and private addresses (no SSRF into the server's network). */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { family: options.family as number | undefined, all: true }).then(
    (addresses) => {
      const usable = addresses.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) callback(new Error(`${hostname} resolves to no public address`), '', 0);
      else if (options.all) callback(null, usable);
      else callback(null, usable[0]!.address, usable[0]!.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, '', 0),
  );
};

export function httpVerifier(options: { port?: number; lookup?: LookupFunction; timeoutMs?: number } = {}) {
  return {
    name: 'http',
    verify: (domain: string, token: string) =>
      new Promise<boolean>((resolve) => {
        const req = request(
          { host: domain, port: options.port ?? 80, path: VERIFY_PATH + token, lookup: options.lookup ?? publicLookup },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              body += chunk;
              if (body.length > 1024) req.destroy();
            });
            res.on('end', () => resolve(res.statusCode === 200 && body.trim() === token));
          },
        );
        req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy());
        req.on('error', () => resolve(false));
        req.end();
      }),
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

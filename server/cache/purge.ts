/**
 * Nothing outlives a change: when a link is deleted, its expiry shortened, or a password or download limit set, every
 * cache in CACHE_PURGE_URLS (Varnish with docs/deploy/varnish.vcl) drops it at once, before the API answers. One
 * `BAN /` per cache with `X-Traydrop-Share: <shareId>` drops every stored response of the link, whatever its path form
 * (`/<id>`, `/<id>/<name>`, `…/raw`, `?download`, another spelling of the name) and whatever host it came through (the
 * main host, SHARE_HOSTS, the owner's custom domain): the VCL matches the share id it put on each stored object, which
 * keeps the ban list short (lurker-friendly) where a `req.url ~ "^/<id>(/|$|\?)"` ban could not be. A cache that does
 * not answer within 2 s is logged and left: the gateway's max-age (at most 300 s, never past expiry) bounds the rest.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ServerConfig } from '../config.ts';

const PURGE_TIMEOUT_MS = 2000;

/** Where a failed purge is told: a request's logger, or a command's stderr (reconcile, user disable). */
export interface PurgeLog {
  warn(detail: { cache: string; shareId: string; status?: number; err?: unknown }, message: string): void;
}

/** One BAN; resolves with the status, or rejects. */
function ban(baseUrl: string, shareId: string): Promise<number> {
  const url = new URL('/', baseUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'BAN', headers: { 'x-traydrop-share': shareId }, timeout: PURGE_TIMEOUT_MS },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PURGE_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Bans the link from every configured cache, in parallel; never throws (a failure is logged). */
export async function purgeLink(
  ctx: { config: Pick<ServerConfig, 'cachePurgeUrls'> },
  shareId: string,
  log: PurgeLog,
): Promise<void> {
  await Promise.all(
    ctx.config.cachePurgeUrls.map(async (cache) => {
      try {
        const status = await ban(cache, shareId);
        if (status !== 200) log.warn({ cache, shareId, status }, 'cache refused the purge');
      } catch (error) {
        log.warn({ cache, shareId, err: error }, 'could not purge the cache');
      }
    }),
  );
}

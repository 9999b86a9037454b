/**
 * The gateway's reads: plain HTTP GET/HEAD on presigned URLs, through its own keep-alive agent
 * with no socket limit. The SDK's shared agent allows 64 sockets, so 64 slow downloaders would
 * make every other link wait; and the SDK's middleware costs more per request than the signing.
 * Presigned URLs are cached per key and method for 10 minutes (they are valid for 15). Socket buffers
 * stay at Node's 64 KiB: 1 MiB buffers made 200 slow clients cost 740 MiB of RSS (bench/gateway).
 * One reader per app (AppContext.objects): closing the app destroys its sockets, so nothing it opened
 * keeps a process alive.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { ServerConfig } from '../config.ts';
import { presign } from './presign.ts';

const VALID_SECONDS = 900;
const REUSE_MS = 600_000;
const MAX_CACHED = 10_000;

export interface ReadHeaders {
  range?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export interface ObjectReader {
  /**
   * The S3 response as it comes (any status). The caller must consume its body (pipe, `resume()` or
   * `destroy()`), a HEAD's too: until its end is read the socket is not handed back to the pool.
   */
  read(key: string, method: 'GET' | 'HEAD', headers: ReadHeaders): Promise<IncomingMessage>;
  /** Sockets to S3 now: serving a response (`busy`) or kept alive for the next one (`idle`). */
  sockets(): { busy: number; idle: number };
  /** Closes every socket, idle or busy. */
  destroy(): void;
}

const count = (pools: NodeJS.ReadOnlyDict<unknown[]>): number =>
  Object.values(pools).reduce((sum, list) => sum + (list?.length ?? 0), 0);

export function createObjectReader(config: ServerConfig): ObjectReader {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' }),
  };
  const cache = new Map<string, { url: string; until: number }>();

  const signedUrl = (key: string, method: 'GET' | 'HEAD'): string => {
    const id = `${method} ${key}`;
    const now = Date.now();
    const hit = cache.get(id);
    if (hit && hit.until > now) return hit.url;
    if (cache.size >= MAX_CACHED) cache.clear();
    const url = presign({
      endpoint: config.s3Endpoint,
      region: config.s3Region,
      bucket: config.s3Bucket,
      key,
      accessKeyId: config.brokerAccessKeyId,
      secretAccessKey: config.brokerSecretAccessKey,
      expiresSeconds: VALID_SECONDS,
      method,
    });
    cache.set(id, { url, until: now + REUSE_MS });
    return url;
  };

  return {
    read(key, method, h) {
      const url = new URL(signedUrl(key, method));
      const headers: Record<string, string> = {};
      if (h.range) headers.range = h.range;
      if (h.ifNoneMatch) headers['if-none-match'] = h.ifNoneMatch;
      if (h.ifModifiedSince) headers['if-modified-since'] = h.ifModifiedSince;
      const client = url.protocol === 'https:' ? https : http;
      const agent = agents[url.protocol as 'http:' | 'https:'];
      return new Promise((resolve, reject) => {
        const req = client.request(url, { method, headers, agent }, resolve);
        req.setTimeout(30_000, () => req.destroy(new Error(`S3 ${method} ${key}: no response in 30 s`)));
        req.on('response', () => req.setTimeout(0));
        req.on('error', reject);
        req.end();
      });
    },
    sockets() {
      const all = Object.values(agents);
      return {
        busy: all.reduce((sum, a) => sum + count(a.sockets), 0),
        idle: all.reduce((sum, a) => sum + count(a.freeSockets), 0),
      };
    },
    destroy() {
      agents['http:'].destroy();
      agents['https:'].destroy();
      cache.clear();
    },
  };
}

/**
 * The gateway's reads of objects, on presigned URLs. GETs from a plain-HTTP endpoint (S3 on the same
 * host or network, as RGW usually is) go through raw-get.ts: large socket reads into one shared buffer,
 * a keep-alive pool of its own. HEADs, HTTPS endpoints and the odd response raw-get does not read use
 * Node's client on a keep-alive agent with no socket limit (the SDK's shared agent allows 64 sockets, so
 * 64 slow downloaders would make every other link wait; and its middleware costs more per request than
 * the signing). Presigned URLs are cached per key and method for 10 minutes (they are valid for 15).
 * One reader per app (AppContext.objects): closing the app destroys its sockets, so nothing it opened
 * keeps a process alive.
 */
import http from 'node:http';
import https from 'node:https';
import type { ServerConfig } from '../config.ts';
import { presign } from './presign.ts';
import { FramingError, RawGetter, type ObjectResponse } from './raw-get.ts';

export type { ObjectResponse } from './raw-get.ts';

const VALID_SECONDS = 900;
const REUSE_MS = 600_000;
const MAX_CACHED = 10_000;
const RESPONSE_TIMEOUT_MS = 30_000;

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
  read(key: string, method: 'GET' | 'HEAD', headers: ReadHeaders): Promise<ObjectResponse>;
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
  const raw = new RawGetter();
  const cache = new Map<string, { url: string; until: number }>();

  const signedUrl = (key: string, method: 'GET' | 'HEAD'): URL => {
    const id = `${method} ${key}`;
    const now = Date.now();
    const hit = cache.get(id);
    if (hit && hit.until > now) return new URL(hit.url);
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
    return new URL(url);
  };

  const viaNodeClient = (url: URL, method: 'GET' | 'HEAD', headers: Record<string, string>) => {
    const client = url.protocol === 'https:' ? https : http;
    const agent = agents[url.protocol as 'http:' | 'https:'];
    return new Promise<ObjectResponse>((resolve, reject) => {
      const req = client.request(url, { method, headers, agent }, (res) =>
        resolve({ statusCode: res.statusCode ?? 502, headers: res.headers, body: res }),
      );
      req.setTimeout(RESPONSE_TIMEOUT_MS, () =>
        req.destroy(new Error(`S3 ${method} ${url.pathname}: no response in ${RESPONSE_TIMEOUT_MS / 1000} s`)),
      );
      req.on('response', () => req.setTimeout(0));
      req.on('error', reject);
      req.end();
    });
  };

  return {
    async read(key, method, h) {
      const url = signedUrl(key, method);
      const headers: Record<string, string> = {};
      if (h.range) headers.range = h.range;
      if (h.ifNoneMatch) headers['if-none-match'] = h.ifNoneMatch;
      if (h.ifModifiedSince) headers['if-modified-since'] = h.ifModifiedSince;
      if (method === 'GET' && url.protocol === 'http:') {
        try {
          return await raw.get(url, headers, RESPONSE_TIMEOUT_MS);
        } catch (error) {
          if (!(error instanceof FramingError)) throw error;
        }
      }
      return viaNodeClient(url, method, headers);
    },
    sockets() {
      const all = Object.values(agents);
      const mine = raw.sockets();
      return {
        busy: mine.busy + all.reduce((sum, a) => sum + count(a.sockets), 0),
        idle: mine.idle + all.reduce((sum, a) => sum + count(a.freeSockets), 0),
      };
    },
    destroy() {
      agents['http:'].destroy();
      agents['https:'].destroy();
      raw.destroy();
      cache.clear();
    },
  };
}

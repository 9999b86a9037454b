/**
 * SigV4 presigned URLs (path-style), by hand with node:crypto. The gateway reads objects through
 * them (server/s3/object-get.ts), hands them to nginx with the bytes offloaded (server/share/offload-bytes.ts, with
 * `response-content-type` in `query`); the gateway bench uses them as the direct-RGW baseline.
 */
import { createHash, createHmac } from 'node:crypto';

export interface PresignInput {
  endpoint: string;
  region: string;
  bucket: string;
  key: string;
  accessKeyId: string;
  secretAccessKey: string;
  expiresSeconds?: number;
  now?: Date;
  method?: 'GET' | 'HEAD';
  /** More signed query parameters, e.g. `response-content-type` (S3 then answers with that header). */
  query?: Record<string, string>;
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const encode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function presign(p: PresignInput): string {
  const url = new URL(p.endpoint);
  const amzDate = (p.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${p.region}/s3/aws4_request`;
  const path = `/${p.bucket}/${p.key.split('/').map(encode).join('/')}`;
  const query = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${p.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(p.expiresSeconds ?? 3600)],
    ['X-Amz-SignedHeaders', 'host'],
    ...Object.entries(p.query ?? {}),
  ]
    .map(([k, v]) => `${encode(k!)}=${encode(v!)}`)
    .sort()
    .join('&');
  const canonical = [p.method ?? 'GET', path, query, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${p.secretAccessKey}`, day), p.region), 's3'), 'aws4_request');
  return `${url.origin}${path}?${query}&X-Amz-Signature=${hmac(key, toSign).toString('hex')}`;
}

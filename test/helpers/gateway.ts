/**
 * Gateway test helpers: share files as a client does (temporary credentials, tagged PutObject,
 * reported to the server), and raw HTTP requests with any Host header and an unnormalized path.
 *
 *   const g = await gatewayFixture();                 // server + a user with a token
 *   const rec = await g.share('a.png', bytes, 'image/png');
 *   const res = await rawRequest(g.server.url, `/${rec.shareId}/a.png`, { host: 'evil.test' });
 */
import { request } from 'node:http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { API, type CredentialsResponse, type UploadRecord } from '../../common/broker-api.ts';
import { s3WithCredentials } from './rgw.ts';
import { newKey, startTestServer, type TestServer, type TestServerOptions, uniqueUserId } from './server.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP/1.1 request; the path is sent exactly as given (no URL normalization). */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface GatewayUser {
  userId: string;
  token: string;
  share(name: string, body: Buffer | string, contentType: string, expire?: string): Promise<UploadRecord>;
}

export async function gatewayUser(server: TestServer, prefix = 'gw'): Promise<GatewayUser> {
  const userId = uniqueUserId(prefix);
  const token = await server.createToken(userId);
  const creds = (await server.call<CredentialsResponse>('POST', API.credentials, token, {})).body;
  const s3 = s3WithCredentials(server.rgw, creds);
  return {
    userId,
    token,
    async share(name, body, contentType, expire = '7d') {
      const key = newKey(userId, name);
      const Tagging = `expire=${expire}`;
      await s3.send(
        new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: body, ContentType: contentType, Tagging }),
      );
      const res = await server.call<UploadRecord>('POST', API.uploads, token, { key });
      if (res.status !== 200) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

export async function gatewayFixture(options: TestServerOptions = {}) {
  const server = await startTestServer(options);
  const user = await gatewayUser(server);
  return { server, user };
}

export const pathOf = (r: UploadRecord): string => `/${r.shareId}/${encodeURIComponent(r.name)}`;

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

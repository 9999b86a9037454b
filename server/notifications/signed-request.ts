/**
 * The few RGW calls the S3 SDK does not cover: the SNS-compatible topic API (POST form to the RGW
 * endpoint, service `sns`) and RGW's `DELETE /<bucket>?notification=<id>`. Signed with AWS SigV4
 * by hand (node:crypto) so the server needs no SNS SDK.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ServerConfig } from '../config.ts';

const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it. */
const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignedResponse {
  status: number;
  text: string;
}

export async function signedRequest(
  config: ServerConfig,
  request: {
    service: 'sns' | 's3';
    method: 'POST' | 'DELETE';
    path: string;
    query?: Record<string, string>;
    form?: Record<string, string>;
  },
): Promise<SignedResponse> {
  const url = new URL(config.s3Endpoint);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const body = request.form
    ? Object.entries(request.form)
        .map(([k, v]) => `${enc(k)}=${enc(v)}`)
        .join('&')
    : '';
  const payloadHash = sha256(body);
  const query = Object.entries(request.query ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
    ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    request.method,
    request.path.split('/').map(enc).join('/'),
    query,
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${config.s3Region}/${request.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${config.brokerSecretAccessKey}`, day);
  for (const part of [config.s3Region, request.service, 'aws4_request']) key = hmac(key, part);
  const signature = hmac(key, toSign).toString('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${config.brokerAccessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  const { host: _host, ...sent } = headers;
  const response = await fetch(`${url.origin}${request.path}${query ? `?${query}` : ''}`, {
    method: request.method,
    headers: { ...sent, authorization },
    ...(request.form ? { body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

/** `<Name>value</Name>` contents (first match), XML entities decoded. */
export function xmlValue(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? decodeXml(m[1]!) : undefined;
}

export function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

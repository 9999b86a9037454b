/**
 * The head of an HTTP/1.1 response (status line and header fields), parsed from the bytes that arrived so
 * far. What the gateway's raw object reads (raw-get.ts) need: S3 answers GET with Content-Length framing.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A response head larger than this is not S3's. */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface ResponseHead {
  statusCode: number;
  /** Lower-case names; repeated fields joined with ", ". */
  headers: IncomingHttpHeaders;
  /** Bytes of the head including the blank line: the body starts here. */
  length: number;
}

export class ResponseHeadError extends Error {
  override name = 'ResponseHeadError';
}

/** The head, or undefined while it is incomplete. Throws ResponseHeadError for what is not HTTP/1.x. */
export function parseResponseHead(bytes: Buffer): ResponseHead | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) {
    if (bytes.length > MAX_HEAD_BYTES)
      throw new ResponseHeadError(`no end of the response head in ${bytes.length} bytes`);
    return undefined;
  }
  const [statusLine, ...fields] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine ?? '');
  if (!status) throw new ResponseHeadError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine?.slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon <= 0) throw new ResponseHeadError(`malformed header field: ${JSON.stringify(field.slice(0, 80))}`);
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { statusCode: Number(status[1]), headers, length: end + 4 };
}

/**
 * How many body bytes follow the head: a number (Content-Length, or 0 when the status has no body), or
 * undefined when the framing is something else (chunked, or until close): the caller does not read such bodies.
 */
export function bodyLength(head: ResponseHead, method: 'GET' | 'HEAD'): number | undefined {
  const { statusCode, headers } = head;
  if (method === 'HEAD' || statusCode === 204 || statusCode === 304 || statusCode < 200) return 0;
  if (headers['transfer-encoding']) return undefined;
  const length = headers['content-length'];
  if (length === undefined || !/^\d+$/.test(String(length))) return undefined;
  return Number(length);
}

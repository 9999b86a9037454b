/**
 * The answer to a request Node's HTTP parser refused before Fastify saw it (the http.Server
 * 'clientError' event, installed as Fastify's clientErrorHandler): 400 for malformed bytes, 431 for a
 * request head over the parser's limit, 408 for a request too slow to arrive. Written straight to
 * the socket with the safety headers and a fixed ApiError body (nothing of the request echoed), then
 * the connection is closed.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiError } from '../../common/broker-api.ts';
import { ERROR_HEADERS } from './safety-headers.ts';

function answerFor(code: string | undefined): { status: number; body: ApiError } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, body: { error: 'timeout', message: 'the request took too long to arrive' } };
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, body: { error: 'headers_too_large', message: 'the request line and headers are too large' } };
  return { status: 400, body: { error: 'bad_request', message: 'malformed HTTP request' } };
}

/** A whole HTTP/1.1 answer as bytes for the socket, with the error headers and `Connection: close`. */
export function rawErrorAnswer(status: number, body: ApiError): string {
  const json = JSON.stringify(body);
  const headers: Record<string, string> = {
    ...ERROR_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${json}`;
}

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return; // the client is gone: nobody to answer
  // as Node's own handler: never write into an answer already under way on this connection
  const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    const { status, body } = answerFor(error.code);
    socket.write(rawErrorAnswer(status, body));
  }
  socket.destroy();
}

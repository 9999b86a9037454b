/**
 * Bytes sent exactly as written over one TCP connection, and the one answer read back: for requests
 * no HTTP client would send (two Host lines, an absolute-form target, a 20 KB URL, invalid bytes).
 * The server's own answer is read even when it resets the connection while the request is still
 * being written.
 *
 *   const res = await sendRaw(server.url, 'GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n');
 *   assert.equal(res.status, 400);
 */
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  /** Lower-case names; a name sent twice keeps both values. */
  headers: Record<string, string[]>;
  /** The whole answer after the head, as received (not de-chunked). */
  body: string;
}

/** The value of a header sent once, undefined if absent; throws if sent more than once. */
export function header(answer: RawAnswer, name: string): string | undefined {
  const values = answer.headers[name.toLowerCase()] ?? [];
  if (values.length > 1) throw new Error(`${name} sent ${values.length} times: ${values.join(' | ')}`);
  return values[0];
}

function parseAnswer(raw: string): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no answer head in ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1]);
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return { status, headers, body: raw.slice(end + 4) };
}

/** Writes `request` and reads until the server closes (send `Connection: close` on a valid request). */
export function sendRaw(baseUrl: string, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks).toString('latin1');
      if (received) {
        try {
          resolve(parseAnswer(received));
        } catch (parseError) {
          reject(parseError as Error);
        }
      } else reject(error ?? new Error('connection closed without an answer'));
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => finish(error)); // a reset after the answer still counts as the answer
    socket.on('close', () => finish());
    socket.write(request);
  });
}

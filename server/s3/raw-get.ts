/**
 * GETs of object bodies from a plain-HTTP S3 endpoint without Node's HTTP client. The client reads its
 * socket 64 KiB at a time into a fresh buffer and hands each through the parser and two streams; here each
 * connection reads up to READ_BYTES at a time into a buffer of its own, the head is parsed once
 * (response-head.ts), and `pipeTo` writes each read straight to the destination, reading the next one only
 * once the destination has taken it: no copy, no allocation per chunk (copying into fresh 256 KiB buffers
 * cost more than it saved: each is a new mmap to fault in). `body`, a plain Readable, is there for any other
 * consumer and copies. Only Content-Length bodies are read (S3's GET framing); a 2xx with other framing is
 * refused (FramingError) and the caller uses Node's client. Sockets whose response was read to its end
 * wait in a keep-alive pool; one that the server closed while idle is retried once on a new one.
 */
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { Readable, type Writable } from 'node:stream';
import { bodyLength, parseResponseHead } from './response-head.ts';

const READ_BYTES = 256 * 1024;
const MAX_IDLE_PER_HOST = 64;

export interface ObjectResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** Consume it (pipe, `resume()`) or `destroy()` it: until its end is read the socket is not reused. */
  body: Readable;
  /**
   * Instead of `body` (raw responses only): writes the body to `dest` without copying, each chunk counted
   * by `onChunk`. Resolves once all of it was written; rejects (and closes the S3 socket) when S3 or
   * `dest` fails or `dest` closes first. The caller ends `dest`.
   */
  pipeTo?: (dest: Writable, onChunk?: (bytes: number) => void) => Promise<void>;
}

export class FramingError extends Error {
  override name = 'FramingError';
}

/** A pooled socket the server had closed: retried on a new one. */
class StaleSocketError extends Error {
  override name = 'StaleSocketError';
}

interface Connection {
  socket: net.Socket;
  hostPort: string;
  /** Gets every read, a view into the connection's buffer (copy what you keep); false pauses the socket. */
  onData: (chunk: Buffer) => boolean | void;
  /** The socket ended or failed. */
  onGone: (error: Error) => void;
  /** Has served a response before (so an early close may just be the server dropping an idle socket). */
  reused: boolean;
}

const idleHandlers = (c: Connection): void => {
  c.onData = () => void c.socket.destroy(); // bytes nobody asked for: the socket is out of step
  c.onGone = () => {};
};

/** A header value we would put on the wire: no CR, LF or NUL (no injected fields). */
const safeValue = (v: string): boolean => !/[\r\n\0]/.test(v);

export class RawGetter {
  readonly #idle = new Map<string, Connection[]>();
  readonly #busy = new Set<Connection>();

  async get(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<ObjectResponse> {
    const hostPort = `${url.hostname}:${url.port || '80'}`;
    const pooled = this.#takeIdle(hostPort);
    try {
      return await this.#exchange(pooled ?? this.#connect(url, hostPort), url, headers, timeoutMs);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      return this.#exchange(this.#connect(url, hostPort), url, headers, timeoutMs);
    }
  }

  sockets(): { busy: number; idle: number } {
    let idle = 0;
    for (const list of this.#idle.values()) idle += list.length;
    return { busy: this.#busy.size, idle };
  }

  destroy(): void {
    for (const list of this.#idle.values()) for (const c of list) c.socket.destroy();
    this.#idle.clear();
    for (const c of this.#busy) c.socket.destroy();
    this.#busy.clear();
  }

  #connect(url: URL, hostPort: string): Connection {
    const connection: Connection = {
      socket: undefined as unknown as net.Socket,
      hostPort,
      onData() {},
      onGone() {},
      reused: false,
    };
    connection.socket = net.connect({
      host: url.hostname,
      port: Number(url.port || 80),
      noDelay: true,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BYTES),
        callback: (n: number, buffer: Buffer) => connection.onData(buffer.subarray(0, n)) !== false,
      },
    });
    const gone = (error?: Error): void => {
      this.#forget(connection);
      connection.onGone(error ?? new Error('S3 closed the connection'));
    };
    connection.socket.on('timeout', () => connection.socket.destroy(new Error('S3 sent no response in time')));
    connection.socket.on('error', gone);
    connection.socket.on('end', () => connection.socket.destroy());
    connection.socket.on('close', () => gone());
    return connection;
  }

  #takeIdle(hostPort: string): Connection | undefined {
    const list = this.#idle.get(hostPort);
    for (let c = list?.pop(); c; c = list?.pop()) {
      if (c.socket.destroyed) continue;
      c.socket.ref();
      return c;
    }
    return undefined;
  }

  #release(c: Connection): void {
    this.#busy.delete(c);
    const list = this.#idle.get(c.hostPort) ?? [];
    if (c.socket.destroyed || list.length >= MAX_IDLE_PER_HOST) {
      c.socket.destroy();
      return;
    }
    c.reused = true;
    c.socket.unref(); // an idle keep-alive socket never keeps the process alive (as Node's agent does)
    c.socket.setTimeout(0);
    idleHandlers(c);
    list.push(c);
    this.#idle.set(c.hostPort, list);
    c.socket.resume();
  }

  #forget(c: Connection): void {
    this.#busy.delete(c);
    const list = this.#idle.get(c.hostPort);
    const at = list?.indexOf(c) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  }

  #exchange(c: Connection, url: URL, headers: Record<string, string>, timeoutMs: number): Promise<ObjectResponse> {
    this.#busy.add(c);
    const fields = Object.entries(headers)
      .filter(([, v]) => safeValue(v))
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    c.socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${fields}\r\n`);
    c.socket.setTimeout(timeoutMs);
    return new Promise<ObjectResponse>((resolve, reject) => {
      let head = Buffer.alloc(0);
      c.onGone = (error) => reject(c.reused && head.length === 0 ? new StaleSocketError(error.message) : error);
      c.onData = (chunk) => {
        head = Buffer.concat([head, chunk]);
        let parsed;
        try {
          parsed = parseResponseHead(head);
        } catch (error) {
          c.socket.destroy();
          reject(error);
          return;
        }
        if (!parsed) return;
        c.socket.setTimeout(0);
        const length = bodyLength(parsed, 'GET');
        const { statusCode, headers: responseHeaders } = parsed;
        const rest = head.subarray(parsed.length);
        const success = statusCode >= 200 && statusCode < 300;
        if (length === undefined && success) {
          c.socket.destroy();
          reject(new FramingError(`S3 answered ${statusCode} without a Content-Length`));
          return;
        }
        if (length === undefined || (!success && length > 0)) {
          // an error's body (S3's XML) is never read: the socket goes, and nothing can arrive late
          c.socket.destroy();
          resolve({ statusCode, headers: responseHeaders, body: Readable.from([]) });
          return;
        }
        const keepAlive = !/\bclose\b/i.test(String(responseHeaders.connection ?? ''));
        resolve({ statusCode, headers: responseHeaders, ...this.#body(c, length, rest, keepAlive) });
      };
    });
  }

  /**
   * The body: `length` bytes, `first` of them already here (a copy), read by whichever consumer comes first
   * (`body` or `pipeTo`); then the socket goes back to the pool.
   */
  #body(c: Connection, length: number, first: Buffer, keepAlive: boolean): Pick<ObjectResponse, 'body' | 'pipeTo'> {
    let left = length;
    let done = false;
    let consumer: 'stream' | 'pipe' | undefined;
    c.socket.pause(); // until a consumer comes
    const finished = (): void => {
      done = true;
      if (keepAlive) this.#release(c);
      else c.socket.destroy();
    };
    const tooMuch = (n: number): Error => new Error(`S3 sent ${n - left} bytes more than its Content-Length`);
    const cut = (error: Error): Error =>
      new Error(`S3 stopped ${left} bytes before the end of the object: ${error.message}`);

    const body = new Readable({
      read: () => {
        if (done) return;
        if (consumer === undefined) startStream();
        else c.socket.resume();
      },
      destroy: (error, callback) => {
        if (!done) c.socket.destroy(); // stopped early: the rest of the body is still on the wire
        callback(error);
      },
    });
    /** `body`: each read is copied out (the connection's buffer is reused by the next read). */
    const streamChunk = (chunk: Buffer): boolean => {
      if (chunk.length > left) {
        c.socket.destroy();
        body.destroy(tooMuch(chunk.length));
        return false;
      }
      left -= chunk.length;
      const more = chunk.length === 0 || body.push(Buffer.from(chunk));
      if (left > 0) return more;
      finished();
      body.push(null);
      return true;
    };
    const startStream = (): void => {
      consumer = 'stream';
      c.onGone = (error) => void (done || body.destroy(cut(error)));
      c.onData = streamChunk;
      if (streamChunk(first) && !done) c.socket.resume();
    };

    const pipeTo = (dest: Writable, onChunk?: (bytes: number) => void): Promise<void> => {
      if (consumer) return Promise.reject(new Error('this body is already being read'));
      consumer = 'pipe';
      if (done) return Promise.resolve(); // an empty body
      return new Promise<void>((resolve, reject) => {
        let settled = false;
        const settle = (error?: Error): void => {
          if (settled) return;
          settled = true;
          dest.off('close', onClose);
          if (!error) return resolve();
          if (!done) c.socket.destroy();
          reject(error);
        };
        const onClose = (): void => settle(new Error('the client closed the connection'));
        dest.once('close', onClose);
        c.onGone = (error) => settle(cut(error));
        /** Writes one read; the socket stays paused until `dest` has it (the buffer is reused after). */
        const write = (chunk: Buffer): false => {
          if (chunk.length > left) {
            settle(tooMuch(chunk.length));
            return false;
          }
          left -= chunk.length;
          onChunk?.(chunk.length);
          const last = left === 0;
          dest.write(chunk, (error) => {
            if (error) return settle(error);
            if (!last) return void c.socket.resume();
            finished();
            settle();
          });
          return false;
        };
        c.onData = write;
        write(first);
      });
    };

    if (length === 0) {
      finished();
      body.push(null);
    }
    return { body, pipeTo };
  }
}

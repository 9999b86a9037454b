/**
 * A download as a careful client makes it: read at a pace the test sets, and when the connection breaks, ask again for
 * the rest with `Range: bytes=<got>-` (the 206 must continue exactly where it stopped) until the whole body is there.
 * The body is hashed as it comes (200 downloads of many MiB are not kept in memory).
 */
import { createHash, type Hash } from 'node:crypto';
import { request } from 'node:http';

export interface Attempt {
  status: number;
  bytes: number;
  error?: string;
  /** The start of the body of a response that was not the one expected: who answered, and why. */
  said?: string;
}

export interface ResumableResult {
  /** sha256 of the bytes put together, hex. */
  sha256: string;
  length: number;
  attempts: Attempt[];
}

export interface PaceOptions {
  /** Bytes per second to read now (Infinity: as fast as they come); asked on every chunk. */
  pace: () => number;
  /** Called when a response's headers arrive. */
  onResponse?: () => void;
}

/** One GET from `from` on, its body fed to `hash` if the status is `expect`. Resolves when it ends or breaks. */
function pacedGet(url: string, from: number, expect: number, hash: Hash, options: PaceOptions): Promise<Attempt> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = from > 0 ? { range: `bytes=${from}-` } : {};
    const req = request(url, { agent: false, headers }, (res) => {
      options.onResponse?.();
      const status = res.statusCode!;
      const good =
        status === expect && (from === 0 || (res.headers['content-range'] ?? '').startsWith(`bytes ${from}-`));
      const started = Date.now();
      let bytes = 0;
      let done = false;
      let said = '';
      const finish = (error?: string): void => {
        if (done) return;
        done = true;
        resolve({ status, bytes, ...(error ? { error } : {}), ...(good ? {} : { said: said.slice(0, 300) }) });
      };
      res.on('data', (chunk: Buffer) => {
        if (!good) {
          if (said.length < 300) said += chunk.toString('utf8', 0, Math.min(chunk.length, 300));
          return;
        }
        hash.update(chunk);
        bytes += chunk.length;
        const rate = options.pace();
        const wait = started + (bytes / rate) * 1000 - Date.now();
        if (Number.isFinite(rate) && wait > 0) {
          res.pause();
          setTimeout(() => res.resume(), wait);
        }
      });
      res.on('end', () => finish(res.complete ? undefined : 'incomplete'));
      res.on('error', (error) => finish(error.message));
      res.on('close', () => setImmediate(() => finish(res.complete ? undefined : 'closed early')));
    });
    req.on('error', (error) => resolve({ status: 0, bytes: 0, error: error.message }));
    req.end();
  });
}

/** The whole body of `url` (`size` bytes), resuming with Range after every break, at most `maxAttempts` requests. */
export async function resumableGet(
  url: string,
  size: number,
  options: PaceOptions & { maxAttempts?: number },
): Promise<ResumableResult> {
  const hash = createHash('sha256');
  let got = 0;
  const attempts: Attempt[] = [];
  while (got < size && attempts.length < (options.maxAttempts ?? 5)) {
    // as a careful client does: a moment before asking again (the balancer needs it to see what happened)
    if (attempts.length > 0) await new Promise((resolve) => setTimeout(resolve, 250 * attempts.length));
    const expect = got === 0 ? 200 : 206;
    const attempt = await pacedGet(url, got, expect, hash, options);
    attempts.push(attempt);
    if (attempt.status === expect) got += attempt.bytes;
  }
  return { sha256: hash.digest('hex'), length: got, attempts };
}

/**
 * A TCP proxy for fault injection, between a client and a real server (e.g. the CLI and RGW).
 * It listens on 127.0.0.1:<random port> and forwards to `target`. It can
 * - reset connections after every N bytes forwarded client → server (a real RST on both sides),
 * - delay every k-th chunk by some milliseconds (latency spikes),
 * - go `down()` (close all connections at once and refuse new ones) and come back `up()`,
 * - show the test every chunk (`tap`), which may hold it back for good,
 * and it counts the bytes forwarded each way.
 *
 *   const proxy = await startFaultProxy({ host: '127.0.0.1', port: 7480 });
 *   proxy.configure({ resetEveryBytes: 7 * MiB, latency: { everyChunks: 50, ms: 300 } });
 *   ... point the client at proxy.url ...
 *   proxy.bytesUp;  proxy.resetCounters();  await proxy.close();
 */
import net from 'node:net';

export interface FaultOptions {
  /** Reset a connection once it has forwarded this many bytes client → server (counted per connection). */
  resetEveryBytes?: number;
  /** Delay every `everyChunks`-th chunk (either direction) by `ms` before forwarding it. */
  latency?: { everyChunks: number; ms: number };
  /**
   * Sees every chunk before it is forwarded, with its direction and connection number. Returning
   * 'hold' swallows the chunk and stops that direction of that connection for good (e.g. to keep
   * a response from the client while the test kills it).
   */
  tap?: (chunk: Buffer, direction: 'up' | 'down', connection: number) => void | 'hold';
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Bytes forwarded client → server since the start or the last `resetCounters()`. */
  readonly bytesUp: number;
  /** Bytes forwarded server → client. */
  readonly bytesDown: number;
  /** Connections reset by `resetEveryBytes` so far. */
  readonly resets: number;
  /** Connections accepted so far. */
  readonly connections: number;
  resetCounters(): void;
  configure(options: FaultOptions): void;
  /** Closes every open connection (RST) and refuses new ones (they are accepted and reset at once). */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  /** Bytes this connection forwarded client → server. */
  up: number;
  /** Set once the reset is decided: nothing more is forwarded. */
  dying: boolean;
  id: number;
}

export async function startFaultProxy(target: { host: string; port: number }, initial: FaultOptions = {}) {
  let options: FaultOptions = { ...initial };
  let isDown = false;
  let bytesUp = 0;
  let bytesDown = 0;
  let resets = 0;
  let connections = 0;
  let chunks = 0;
  const pairs = new Set<Pair>();
  /** Every socket this proxy opened or accepted and has not seen close: close() ends them all. */
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  /**
   * Resets both sides, except a side already ended: Node 22's resetAndDestroy() right after end() fails
   * with EINVAL and leaks the handle, and the process then spins at exit forever (this hung CI once).
   */
  const kill = (pair: Pair): void => {
    pairs.delete(pair);
    for (const s of [pair.client, pair.server]) {
      if (s.destroyed) continue;
      if (s.writableEnded) s.destroy();
      else s.resetAndDestroy();
    }
  };

  /** Forwards `from` → `to` in order, delaying some chunks; pauses `from` while a chunk waits. */
  const pipe = (pair: Pair, from: net.Socket, to: net.Socket, upstream: boolean): void => {
    from.on('data', (chunk: Buffer) => {
      const forward = (data: Buffer): void => {
        if (to.destroyed || pair.dying || !pairs.has(pair)) return;
        if (upstream) {
          const limit = options.resetEveryBytes;
          if (limit !== undefined && pair.up + data.length >= limit) {
            const head = data.subarray(0, limit - pair.up);
            pair.up += head.length;
            bytesUp += head.length;
            resets += 1;
            pair.dying = true;
            to.write(head, () => kill(pair));
            return;
          }
          pair.up += data.length;
          bytesUp += data.length;
        } else bytesDown += data.length;
        if (!to.write(data)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      };
      if (options.tap?.(chunk, upstream ? 'up' : 'down', pair.id) === 'hold') {
        from.pause();
        return;
      }
      chunks += 1;
      const spike = options.latency;
      if (spike && spike.everyChunks > 0 && chunks % spike.everyChunks === 0) {
        from.pause();
        setTimeout(() => {
          forward(chunk);
          if (!from.destroyed) from.resume();
        }, spike.ms);
      } else forward(chunk);
    });
    from.on('end', () => {
      if (!to.destroyed) to.end();
    });
  };

  const server = net.createServer((client) => {
    connections += 1;
    track(client);
    if (isDown) {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const pair: Pair = { client, server: upstream, up: 0, dying: false, id: connections };
    pairs.add(pair);
    for (const s of [client, upstream]) {
      s.on('error', () => kill(pair));
      s.on('close', () => kill(pair));
    }
    pipe(pair, client, upstream, true);
    pipe(pair, upstream, client, false);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    get bytesUp() {
      return bytesUp;
    },
    get bytesDown() {
      return bytesDown;
    },
    get resets() {
      return resets;
    },
    get connections() {
      return connections;
    },
    resetCounters() {
      bytesUp = 0;
      bytesDown = 0;
    },
    configure(next) {
      options = { ...next };
    },
    down() {
      isDown = true;
      for (const pair of [...pairs]) kill(pair);
    },
    up() {
      isDown = false;
    },
    async close() {
      for (const pair of [...pairs]) kill(pair);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

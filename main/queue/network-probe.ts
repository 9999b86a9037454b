/**
 * Is the way to the server and to the storage open? Both must be: the server's /v1/health (it answers,
 * and it reaches the storage: credentials can be had), and a TCP connection to the S3 endpoint this
 * client uploads to, which may be another address than the server's (S3_PUBLIC_ENDPOINT). The endpoint
 * is the one of the last credentials; before any, only the server is asked.
 */
import net from 'node:net';

export interface NetworkProbeDeps {
  /** BrokerClient.healthy; without it the server is not asked. */
  serverHealthy?: () => Promise<boolean>;
  storageEndpoint: () => string | undefined;
  timeoutMs?: number;
}

export function networkProbe(deps: NetworkProbeDeps): () => Promise<boolean> {
  const timeoutMs = deps.timeoutMs ?? 3000;
  return async () => {
    const endpoint = deps.storageEndpoint();
    const [server, storage] = await Promise.all([
      deps.serverHealthy ? deps.serverHealthy() : true,
      endpoint ? canConnect(endpoint, timeoutMs) : true,
    ]);
    return server && storage;
  };
}

/** True when a TCP connection to the URL's host and port opens within `timeoutMs`. */
export function canConnect(url: string, timeoutMs: number): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const host = target.hostname.replace(/^\[|\]$/g, ''); // [::1] → ::1
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * The cache and the load balancer in front of gateways, as the tests start them: scripts/varnish-start.sh and
 * scripts/haproxy-start.sh with a folder and a port of the test's own, so the repository's docs/deploy/varnish.vcl and
 * docs/deploy/haproxy.cfg are what runs. Stop them in `after()`.
 *
 *   const varnish = await startVarnish({ backend: '127.0.0.1:8080' });   // varnish.url, varnish.name (-n)
 *   const lb = await startHaproxy({ gateways: ['127.0.0.1:8080', '127.0.0.1:8081'] });
 *   // docs/deploy/nginx-offload.conf; `secret` is the gateways' BYTES_OFFLOAD_SECRET
 *   const ng = await startNginx({ gateways: ['127.0.0.1:8080'], storage: '127.0.0.1:7480', secret });
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../integration/queue-fixtures.ts';

const run = promisify(execFile);
const script = (name: string): string => fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));

export interface StartedProxy {
  url: string;
  dir: string;
  pid: number;
  /** Every line the start script printed, as KEY → value. */
  vars: Record<string, string>;
  stop(): Promise<void>;
}

function parseVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}

async function start(
  kind: 'VARNISH' | 'HAPROXY' | 'NGINX',
  env: Record<string, string>,
  dir: string,
  port: number,
): Promise<StartedProxy> {
  const lower = kind.toLowerCase();
  const full = { ...process.env, ...env, [`${kind}_DIR`]: dir, [`${kind}_PORT`]: String(port) };
  const { stdout } = await run('bash', [script(`${lower}-start.sh`)], { env: full });
  const vars = parseVars(stdout);
  return {
    url: vars[`${kind}_URL`]!,
    dir,
    pid: Number(vars[`${kind}_PID`]),
    vars,
    async stop() {
      await run('bash', [script(`${lower}-stop.sh`)], { env: { ...full, [`${kind}_WIPE`]: '1' } });
      // the temporary folder the helper made around it too
      rmSync(/traydrop-(varnish|haproxy|nginx)-test-/.test(dir) ? join(dir, '..') : dir, {
        recursive: true,
        force: true,
      });
    },
  };
}

export interface VarnishOptions {
  /** The gateway (or load balancer), host:port. */
  backend: string;
  /** Addresses whose BAN/PURGE are obeyed (default loopback). */
  purgers?: string;
  /** Reuse a folder (the idempotence test); a fresh temporary one by default. */
  dir?: string;
  port?: number;
}

export async function startVarnish(options: VarnishOptions): Promise<StartedProxy & { name: string }> {
  const dir = options.dir ?? join(mkdtempSync(join(tmpdir(), 'traydrop-varnish-test-')), 'v');
  // varnishd compiles the VCL as Debian's `varnish` user, who must reach the generated include (mkdtemp is 0700)
  chmodSync(join(dir, '..'), 0o755);
  const env: Record<string, string> = { VARNISH_BACKEND: options.backend, VARNISH_MEMORY: '128m' };
  if (options.purgers !== undefined) env.VARNISH_PURGERS = options.purgers;
  const started = await start('VARNISH', env, dir, options.port ?? (await freePort()));
  return { ...started, name: started.vars.VARNISH_NAME! };
}

export interface HaproxyOptions {
  gateways: string[];
  dir?: string;
  port?: number;
  /** Another configuration than docs/deploy/haproxy.cfg (a benchmark comparing two checkouts' files). */
  config?: string;
}

export async function startHaproxy(options: HaproxyOptions): Promise<StartedProxy & { stats: string }> {
  const dir = options.dir ?? join(mkdtempSync(join(tmpdir(), 'traydrop-haproxy-test-')), 'h');
  const env: Record<string, string> = { HAPROXY_GATEWAYS: options.gateways.join(',') };
  if (options.config) env.HAPROXY_CONFIG = options.config;
  const started = await start('HAPROXY', env, dir, options.port ?? (await freePort()));
  return { ...started, stats: started.vars.HAPROXY_STATS! };
}

export interface NginxOptions {
  gateways: string[];
  /** The storage the presigned URLs name, host:port. */
  storage: string;
  /** The gateways' BYTES_OFFLOAD_SECRET (none: a random one, so nothing is offloaded). */
  secret?: string;
  port?: number;
  /** Another configuration than docs/deploy/nginx-offload.conf (the floor bench: its storage location made public). */
  config?: string;
}

/** nginx with the offload configuration; `log` is its access log (docs/deploy/nginx-offload.format). */
export async function startNginx(options: NginxOptions): Promise<StartedProxy & { log: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'traydrop-nginx-test-')), 'n');
  const env: Record<string, string> = { NGINX_GATEWAYS: options.gateways.join(','), NGINX_STORAGE: options.storage };
  if (options.config) env.NGINX_CONFIG = options.config;
  if (options.secret) env.NGINX_OFFLOAD_SECRET = options.secret;
  const started = await start('NGINX', env, dir, options.port ?? (await freePort()));
  return { ...started, log: started.vars.NGINX_LOG! };
}

/** nginx in front of one test server, fetching offloaded bytes from that server's storage. */
export function startNginxBefore(
  server: { url: string; config: { s3Endpoint: string } },
  secret?: string,
): Promise<StartedProxy & { log: string }> {
  return startNginx({
    gateways: [new URL(server.url).host],
    storage: new URL(server.config.s3Endpoint).host,
    ...(secret === undefined ? {} : { secret }),
  });
}

/** HAProxy's count of sessions sent to each server of the `gateways` backend so far (backups included): name → n. */
export async function sessionsPerServer(socket: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // `show stat` is CSV: pxname, svname, …, stot (the 8th field: sessions sent to that server so far)
  for (const line of (await haproxyCommand(socket, 'show stat')).split('\n')) {
    const f = line.split(',');
    if (f[0] === 'gateways' && /^gw\d/.test(f[1] ?? '')) counts[f[1]!] = Number(f[7]);
  }
  return counts;
}

/** One command on HAProxy's admin socket (`show servers state`, `show stat`), its answer. */
export function haproxyCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect(socket, () => s.end(`${command}\n`));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString()));
    s.on('error', reject);
  });
}

/** Each server's operational state from `show servers state`: name → 'up' | 'down' | other. */
export async function serverStates(socket: string): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const line of (await haproxyCommand(socket, 'show servers state')).split('\n')) {
    const f = line.split(' ');
    // be_id be_name srv_id srv_name srv_addr srv_op_state …: 2 = running, 0 = stopped
    if (f.length > 6 && /^\d+$/.test(f[0]!) && f[1] === 'gateways')
      states[f[3]!] = f[5] === '2' ? 'up' : f[5] === '0' ? 'down' : `state ${f[5]}`;
  }
  return states;
}

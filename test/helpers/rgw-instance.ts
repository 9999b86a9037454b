/**
 * A SEPARATE throw-away RGW instance (its own dir and ports) that a test may stop and start at
 * will, e.g. to be offline. The main instance on 7480, which other tests share, is never touched.
 *
 *   const rgw = rgwInstance();          // /tmp/traydrop-rgw-offline on 127.0.0.1:7495
 *   const env = await rgw.start();      // idempotent; same keys, bucket and role every time
 *   await rgw.stop();                   // every daemon; the next start() rebuilds it from nothing
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseRgwEnv, type RgwEnv } from './rgw.ts';

const SCRIPTS = fileURLToPath(new URL('../../scripts/', import.meta.url));
const run = promisify(execFile);

export interface RgwInstanceOptions {
  dir?: string;
  port?: number;
  monPort?: number;
  /** `first-last`, must not overlap the main instance's 16800-16899. */
  osdPorts?: string;
}

export interface RgwInstance {
  dir: string;
  port: number;
  endpoint: string;
  start(): Promise<RgwEnv>;
  /** Stops every daemon of this instance (and wipes its data: memstore loses it anyway). */
  stop(): Promise<void>;
}

export function rgwInstance(options: RgwInstanceOptions = {}): RgwInstance {
  const dir = options.dir ?? '/tmp/traydrop-rgw-offline';
  const port = options.port ?? 7495;
  if (port === 7480 || dir === '/tmp/traydrop-rgw') throw new Error('rgwInstance: that is the main instance');
  const env = {
    ...process.env,
    RGW_DIR: dir,
    RGW_PORT: String(port),
    RGW_MON_PORT: String(options.monPort ?? 13395),
    RGW_OSD_PORTS: options.osdPorts ?? '17000-17099',
  };
  return {
    dir,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    async start() {
      const { stdout } = await run('bash', [SCRIPTS + 'rgw-start.sh'], { env, timeout: 600_000, maxBuffer: 1 << 20 });
      return parseRgwEnv(stdout);
    },
    async stop() {
      await run('bash', [SCRIPTS + 'rgw-stop.sh'], {
        env: { ...env, RGW_WIPE: '1', RGW_STOP_GRACE: '2' },
        timeout: 120_000,
      });
      // a daemon whose pid file was not written yet escapes rgw-stop.sh: end it by its pid too
      for (const pid of daemonsOf(`${dir}/ceph.conf`)) process.kill(pid, 'SIGKILL');
    },
  };
}

/** Pids of the ceph daemons whose command line names `conf` (only this instance's do). */
function daemonsOf(conf: string): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      return argv.includes(conf) && /(ceph-mon|ceph-osd|radosgw)$/.test(argv[0] ?? '') ? [Number(entry)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** The env of an instance that is up, from its `env` file (no script run). */
export function readRgwEnv(dir: string): RgwEnv {
  return parseRgwEnv(readFileSync(`${dir}/env`, 'utf8'));
}

/** The processes the gateway bench runs: the real `traydrop-server serve` and an nginx proxy_pass to RGW. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));

export async function waitFor(url: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > end) throw new Error(`${url} did not come up`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface Running {
  child: ChildProcess;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** `traydrop-server serve` from this checkout, or from the checkout at `root` (to compare two commits in one run). */
export async function startGateway(env: Record<string, string>, port: number, root?: string): Promise<Running> {
  const full = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  const bin = root ? join(root, 'bin', 'traydrop-server.js') : SERVER_BIN;
  // BENCH_CPU_PROF=<dir>: the gateway writes a V8 CPU profile there when it stops (open it in Chrome DevTools)
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, ['--no-warnings', ...profile, bin, 'serve'], {
    env: full,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${port}/caddy/ask`);
  return { child, stop: () => stopChild(child) };
}

/**
 * `traydrop-server serve` from the checkout at `root` with exactly `env` (plus PORT and SHARE_HOSTS=127.0.0.1), ready
 * once it says it is listening; an exit before that rejects with what it said (`label` names it). For benches that
 * measure the server's own CPU (its pid) and give each server a full environment of its own.
 */
export async function startServeProcess(
  root: string,
  port: number,
  env: NodeJS.ProcessEnv,
  label: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'traydrop-server.js'), 'serve'], {
    env: { ...env, PORT: String(port), SHARE_HOSTS: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${label} exited ${code}:\n${said}`)));
  });
  return child;
}

/** The user (unless it exists) and a device token for it, with the `traydrop-server` commands. */
export function createToken(env: Record<string, string>, userId: string): string {
  const options = { env: { ...process.env, ...env } };
  try {
    execFileSync(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'show', userId], {
      ...options,
      stdio: 'ignore',
    });
  } catch {
    execFileSync(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'create', userId], options);
  }
  return execFileSync(process.execPath, ['--no-warnings', SERVER_BIN, 'token', 'create', userId], options)
    .toString()
    .trim();
}

/** nginx as a plain reverse proxy in front of RGW (presigned URLs pass through untouched). */
export async function startNginx(port: number, upstream: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-bench-nginx-'));
  const conf = join(dir, 'nginx.conf');
  const up = new URL(upstream);
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream rgw { server ${up.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://rgw;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host ${up.host};
    }
  }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${port}/`);
  return { child, stop: () => stopChild(child) };
}

/**
 * The bench's `share` tool: the whole `traydrop share` process, as a user runs it. What it needs:
 *
 * - the CLI laid out as the npm package ships it (bin/traydrop.js, bin/pick-cli.js, dist/cli/main.js,
 *   package.json; no sources, so pick-cli runs the bundle), in the bench's scratch folder. The bundle is
 *   built by `node scripts/build-app.ts` (`npm run build`) at the start, or taken from BENCH_SHARE_BUNDLE
 *   (a dist/cli/main.js built earlier: to compare two builds). A snapshot, so that other work editing the
 *   checkout during the bench cannot make the CLI fall back to its TypeScript sources halfway;
 * - a real Traydrop server (`bin/traydrop-server.js serve`, a child process) on the bench's RGW: it hands
 *   out STS credentials, creates and completes the multipart upload and records it, as in production;
 * - a device token and a CLI profile paired with it (`traydrop login`, token in a file, no keyring).
 *
 * The measured process is then `node bin/traydrop.js share <file> --expire 1d --no-copy --json`: process
 * start, the durable queue (journal, fingerprint), the broker calls and the engine, all of it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, symlink, writeFile, open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ShareCli {
  /** bin/traydrop.js of the packaged CLI. */
  bin: string;
  /** Where the bundle came from, for the report. */
  source: string;
}

/** Lays out the CLI as the npm package does, under `<scratch>/traydrop-pkg`. */
export async function packageShareCli(repo: string, scratch: string, prebuilt?: string): Promise<ShareCli> {
  let bundle = prebuilt;
  if (!bundle) {
    await run(process.execPath, [join(repo, 'scripts', 'build-app.ts')], { cwd: repo });
    bundle = join(repo, 'dist', 'cli', 'main.js');
  }
  const pkg = join(scratch, 'traydrop-pkg');
  await mkdir(join(pkg, 'bin'), { recursive: true });
  await mkdir(join(pkg, 'dist', 'cli'), { recursive: true });
  await copyFile(bundle, join(pkg, 'dist', 'cli', 'main.js'));
  for (const file of ['traydrop.js', 'pick-cli.js']) await copyFile(join(repo, 'bin', file), join(pkg, 'bin', file));
  await copyFile(join(repo, 'package.json'), join(pkg, 'package.json'));
  // the packages the bundle leaves external, as an installed package finds them
  await symlink(join(repo, 'node_modules'), join(pkg, 'node_modules'));
  return {
    bin: join(pkg, 'bin', 'traydrop.js'),
    source: prebuilt ? `BENCH_SHARE_BUNDLE=${prebuilt}` : 'npm run build',
  };
}

export interface ShareServer {
  url: string;
  /** Env for `traydrop` commands: its paired profile. */
  cliEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface ShareServerOptions {
  repo: string;
  scratch: string;
  cli: ShareCli;
  /** The RGW's env file (scripts/rgw-start.sh), as parsed. */
  rgw: Record<string, string>;
  /** The bench's clean environment (no AWS_* etc.). */
  baseEnv: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

/** Starts a Traydrop server on the RGW, creates a device token and pairs a CLI profile with it. */
export async function startShareServer(options: ShareServerOptions): Promise<ShareServer> {
  const { repo, scratch, rgw } = options;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = join(scratch, 'share-server');
  await mkdir(dir, { recursive: true });
  const serverEnv: NodeJS.ProcessEnv = {
    ...options.baseEnv,
    S3_ENDPOINT: rgw.S3_ENDPOINT,
    S3_REGION: rgw.AWS_REGION ?? 'us-east-1',
    S3_BUCKET: rgw.S3_BUCKET,
    STS_ROLE_ARN: rgw.STS_ROLE_ARN,
    // the bucket owner calls AssumeRole, so it owns (and the bench can read) what the CLI uploads
    BROKER_ACCESS_KEY_ID: rgw.S3_ADMIN_ACCESS_KEY_ID,
    BROKER_SECRET_ACCESS_KEY: rgw.S3_ADMIN_SECRET_ACCESS_KEY,
    SHARE_BASE_URL: url,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_PATH: join(dir, 'server.db'),
  };
  const serverBin = join(repo, 'bin', 'traydrop-server.js');
  const logFile = await open(join(dir, 'server.log'), 'w');
  const child: ChildProcess = spawn(process.execPath, [serverBin, 'serve'], {
    env: serverEnv,
    stdio: ['ignore', logFile.fd, logFile.fd],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const close = async (): Promise<void> => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    await logFile.close();
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw new Error(`the Traydrop server exited at start; see ${join(dir, 'server.log')}`);
      const ok = await fetch(`${url}/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the Traydrop server is not healthy; see ${join(dir, 'server.log')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await run(process.execPath, [serverBin, 'user', 'create', 'bench-share'], { env: serverEnv }).catch(
      () => undefined,
    );
    const { stdout } = await run(process.execPath, [serverBin, 'token', 'create', 'bench-share', '--label', 'bench'], {
      env: serverEnv,
    });
    const token = stdout.trim();
    const cliEnv = { TRAYDROP_CONFIG_DIR: join(scratch, 'share-client'), TRAYDROP_TOKEN_STORAGE: 'file' };
    const env = { ...options.baseEnv, ...cliEnv };
    await run(process.execPath, [options.cli.bin, 'login', url, token], { env });
    const status = JSON.parse((await run(process.execPath, [options.cli.bin, 'status', '--json'], { env })).stdout) as {
      build?: string;
    };
    if (status.build !== 'bundle') throw new Error(`the packaged CLI runs from ${status.build}, not its bundle`);
    options.log(`Traydrop server on ${url} (log ${join(dir, 'server.log')}); CLI paired, runs its bundle`);
    await writeFile(join(dir, 'url'), url);
    return { url, cliEnv, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What `traydrop share --json` printed for the one file. */
export function parseShareOutput(stdout: string): { key: string; url: string; bytes: number } {
  const results = JSON.parse(stdout) as { ok: boolean; key?: string; url?: string; bytes?: number; error?: string }[];
  const first = results[0];
  if (results.length !== 1 || !first?.ok || !first.key || !first.url) {
    throw new Error(`traydrop share did not upload the file: ${stdout}`);
  }
  return { key: first.key, url: first.url, bytes: first.bytes ?? 0 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

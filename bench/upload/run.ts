/**
 * Upload benchmark: Traydrop's engine and the whole `traydrop share` process vs `aws s3 cp` (aws cli v1)
 * vs rclone, 1 GiB from the page cache, against (a) a bench Ceph RGW on bluestore and (b) a discard-body
 * S3 server (not for `share`: it needs a Traydrop server, which needs STS). Every tool
 * runs as a child process under `/usr/bin/time -f '%e %U %S %M'`, so wall time, client CPU
 * (user+sys) and peak RSS are measured the same way for all. See bench/README.md.
 *
 *   npm run bench:upload
 *
 * Env knobs:
 *   BENCH_RUNS=3              runs per tool per target (median reported)
 *   BENCH_FILE=/tmp/traydrop-bench-1g.bin, BENCH_SIZE_MB=1024   the random source file (reused)
 *   BENCH_TARGETS=discard,rgw   (discard first: the RGW is only started after it, so it can't disturb it) BENCH_TOOLS=engine,engine-bundle,share,aws,rclone
 *   BENCH_SHARE_BUNDLE=<dist/cli/main.js>   run `share` from this prebuilt bundle (default: `npm run build`'s)
 *   BENCH_PART_MB, BENCH_CONCURRENCY   engine settings for the main table (default: engine defaults)
 *   BENCH_SWEEP=8x4,16x4,16x8,32x4,64x2   engine settings (part MiB x concurrency) tried after the
 *                             main table, BENCH_SWEEP_RUNS=3 runs each; BENCH_SWEEP= (empty) skips it
 *   BENCH_KEEP_RGW=1          leave the bench RGW running at the end (it is started if not up)
 *   BENCH_RGW_DIR=/tmp/traydrop-rgw-bench BENCH_RGW_PORT=7490   the bench RGW instance
 *   BENCH_TIMEOUT_S=300       per-run time limit
 *   BENCH_OUT=bench/upload/results/latest.json   where the JSON results go
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open, rm, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createS3Client } from '../../node/s3-client.ts';
import { startDiscardS3, type DiscardS3 } from './discard-s3-server.ts';
import { packageShareCli, parseShareOutput, startShareServer, type ShareCli, type ShareServer } from './share-tool.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

// ------------------------------------------------------------------ config
function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}
function envList(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * engine = engine-upload.ts run from source (Node strips the types); engine-bundle = the same, esbuild-bundled
 * JS as the app ships; share = the whole `traydrop share` CLI process, packaged as npm ships it (RGW only).
 */
type Tool = 'engine' | 'engine-bundle' | 'share' | 'aws' | 'rclone';
type TargetName = 'rgw' | 'discard';
const TOOLS: Tool[] = ['engine', 'engine-bundle', 'share', 'aws', 'rclone'];
const isEngine = (t: Tool) => t === 'engine' || t === 'engine-bundle';

interface EngineSetting {
  partMB?: number;
  concurrency?: number;
}

const config = {
  runs: envInt('BENCH_RUNS', 3),
  file: process.env.BENCH_FILE ?? '/tmp/traydrop-bench-1g.bin',
  sizeBytes: envInt('BENCH_SIZE_MB', 1024) * MiB,
  targets: envList('BENCH_TARGETS', 'discard,rgw') as TargetName[],
  tools: envList('BENCH_TOOLS', TOOLS.join(',')) as Tool[],
  engine: {
    ...(process.env.BENCH_PART_MB ? { partMB: Number(process.env.BENCH_PART_MB) } : {}),
    ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}),
  } as EngineSetting,
  sweep: envList('BENCH_SWEEP', '8x4,16x4,16x8,32x4,64x2').map(parseSetting),
  sweepRuns: envInt('BENCH_SWEEP_RUNS', 3),
  keepRgw: process.env.BENCH_KEEP_RGW === '1',
  rgwDir: process.env.BENCH_RGW_DIR ?? '/tmp/traydrop-rgw-bench',
  rgwPort: envInt('BENCH_RGW_PORT', 7490),
  timeoutMs: envInt('BENCH_TIMEOUT_S', 300) * 1000,
};

function parseSetting(s: string): EngineSetting {
  const m = /^(\d+(?:\.\d+)?)x(\d+)$/.exec(s);
  if (!m) throw new Error(`BENCH_SWEEP entries look like 16x4 (part MiB x concurrency), got ${s}`);
  return { partMB: Number(m[1]), concurrency: Number(m[2]) };
}
function settingLabel(s: EngineSetting): string {
  return s.partMB || s.concurrency ? `${s.partMB ?? 'default'} MiB x ${s.concurrency ?? 'default'}` : 'defaults';
}
for (const t of config.targets) if (t !== 'rgw' && t !== 'discard') throw new Error(`unknown target ${t}`);
for (const t of config.tools) if (!TOOLS.includes(t)) throw new Error(`unknown tool ${t}`);

// ------------------------------------------------------------------ helpers
const log = (msg: string) => console.error(`[bench +${process.uptime().toFixed(1)}s] ${msg}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function ensureSourceFile(): Promise<void> {
  if (existsSync(config.file) && statSync(config.file).size === config.sizeBytes) {
    log(`reusing ${config.file} (${config.sizeBytes / MiB} MiB)`);
    return;
  }
  log(`writing ${config.sizeBytes / MiB} MiB of random bytes to ${config.file}`);
  const fh = await open(config.file, 'w');
  try {
    const chunk = Buffer.allocUnsafe(16 * MiB);
    for (let written = 0; written < config.sizeBytes;) {
      const n = Math.min(chunk.length, config.sizeBytes - written);
      randomFillSync(chunk, 0, n);
      await fh.write(chunk, 0, n);
      written += n;
    }
  } finally {
    await fh.close();
  }
}

/** Read the whole file once so every tool starts from the page cache. */
async function warmPageCache(): Promise<number> {
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of createReadStream(config.file, { highWaterMark: 4 * MiB }))
    bytes += (chunk as Buffer).length;
  if (bytes !== config.sizeBytes)
    throw new Error(`read ${bytes} bytes of ${config.file}, expected ${config.sizeBytes}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function ensureGnuTime(): void {
  if (existsSync('/usr/bin/time')) return;
  log('installing the `time` package (GNU time)');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', 'time'], {
    stdio: 'inherit',
  });
}

/** The real aws executable: a pyenv shim would add a bash + pyenv start to every measurement. */
function resolveAws(): string {
  try {
    const real = execFileSync('pyenv', ['which', 'aws'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (real.trim()) return real.trim();
  } catch {
    // no pyenv
  }
  return 'aws';
}

function toolVersion(cmd: string, args: string[]): string {
  try {
    const out = execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_CA_BUNDLE: '' },
    });
    return out.split('\n')[0]!.trim();
  } catch (error) {
    return `unknown (${String(error).slice(0, 80)})`;
  }
}

interface Measured {
  wallS: number;
  timeWallS: number;
  userS: number;
  sysS: number;
  cpuS: number;
  maxRssMiB: number;
  stdout: string;
}

/** Run one command under GNU time; throw with its stderr if it fails. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeFile: string): Promise<Measured> {
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), config.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${code}\n--- stderr:\n${stderr}\n--- stdout:\n${stdout}`);
  }
  const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
  const parts = lines[lines.length - 1]!.trim().split(/\s+/).map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
    throw new Error(`could not parse /usr/bin/time output: ${lines.join(' | ')}`);
  }
  const [timeWallS, userS, sysS, maxRssKiB] = parts as [number, number, number, number];
  return { wallS, timeWallS, userS, sysS, cpuS: userS + sysS, maxRssMiB: maxRssKiB / 1024, stdout };
}

// ------------------------------------------------------------------ targets
interface Target {
  name: TargetName;
  label: string;
  endpoint: string;
  bucket: string;
  /** Keys aws cli and rclone use. */
  toolKeys: { accessKeyId: string; secretAccessKey: string };
  /** Env for the engine wrapper (its credentials + the broker's). */
  engineEnv: () => Promise<Record<string, string>>;
  engineCredentialsNote: string;
  /** Size the target reports for the key, or undefined if absent. */
  objectSize: (key: string) => Promise<number | undefined>;
  deleteObject: (key: string) => Promise<void>;
  /** Extra check after an upload (raw bytes for the discard server). */
  bytesMark: () => number | undefined;
  /** Tags of the object (RGW only: checks the broker tagged the engine's upload like the server does). */
  tagsOf?: (key: string) => Promise<string>;
  /** The RGW's env file (RGW only: the Traydrop server of the `share` tool runs on it). */
  rgwEnv?: Record<string, string>;
  describe: () => Promise<string>;
}

function parseEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

let rgwStartedHere = false;

function rgwScriptEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RGW_DIR: config.rgwDir,
    RGW_PORT: String(config.rgwPort),
    RGW_MON_PORT: process.env.BENCH_RGW_MON_PORT ?? '13310',
    RGW_OSD_PORTS: process.env.BENCH_RGW_OSD_PORTS ?? '16900-16999',
    RGW_OBJECTSTORE: 'bluestore',
    // sparse; deleted objects are only freed by RGW GC a minute or two later, and a run writes ~20 GiB
    RGW_BLUESTORE_BYTES: process.env.BENCH_RGW_BLUESTORE_BYTES ?? String(64 * GiB),
  };
}

async function startRgwTarget(): Promise<Target> {
  log(`starting the bench RGW (bluestore) in ${config.rgwDir} on port ${config.rgwPort}`);
  execFileSync('bash', [join(REPO, 'scripts', 'rgw-start.sh')], {
    env: rgwScriptEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  rgwStartedHere = true;
  const env = parseEnvFile(join(config.rgwDir, 'env'));
  const endpoint = env.S3_ENDPOINT!;
  const bucket = env.S3_BUCKET!;
  const region = env.AWS_REGION ?? 'us-east-1';
  const admin = { accessKeyId: env.S3_ADMIN_ACCESS_KEY_ID!, secretAccessKey: env.S3_ADMIN_SECRET_ACCESS_KEY! };
  const roleArn = env.STS_ROLE_ARN!;
  const cephConf = env.CEPH_CONF!;
  const s3: S3Client = createS3Client({ endpoint, region, credentials: admin, maxAttempts: 3 });
  const sts = new STSClient({ endpoint, region, credentials: admin });
  const sessionPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }],
  });
  return {
    name: 'rgw',
    label: `Ceph RGW 16 bluestore (${endpoint})`,
    rgwEnv: env,
    endpoint,
    bucket,
    toolKeys: admin,
    engineCredentialsNote:
      'engine signs with STS AssumeRole credentials (admin as caller, role ' +
      `${roleArn}, session policy s3:* on ${bucket}); the in-bench broker uses the admin keys`,
    async engineEnv() {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'traydrop-bench',
          DurationSeconds: 3600,
          Policy: sessionPolicy,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
        throw new Error('AssumeRole returned no credentials');
      return {
        AWS_ACCESS_KEY_ID: c.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
        AWS_SESSION_TOKEN: c.SessionToken,
        BENCH_BROKER_ACCESS_KEY_ID: admin.accessKeyId,
        BENCH_BROKER_SECRET_ACCESS_KEY: admin.secretAccessKey,
      };
    },
    async objectSize(key) {
      try {
        return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      }
    },
    async deleteObject(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      // Free the deleted data now (RGW's GC would do it a minute later, in the middle of another run).
      execFileSync('radosgw-admin', ['-c', cephConf, 'gc', 'process', '--include-all'], { stdio: 'ignore' });
    },
    bytesMark: () => undefined,
    async describe() {
      return `RGW ${endpoint}, bucket ${bucket}, bluestore, dir ${config.rgwDir}`;
    },
    async tagsOf(key) {
      const out = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
      return (out.TagSet ?? []).map((t) => `${t.Key}=${t.Value}`).join('&');
    },
  };
}

function discardTarget(server: DiscardS3): Target {
  const bucket = 'test-bucket';
  return {
    name: 'discard',
    label: `discard S3 server (${server.url}, in the bench process)`,
    endpoint: server.url,
    bucket,
    toolKeys: { accessKeyId: 'BENCHDISCARDKEY00001', secretAccessKey: 'benchdiscardsecret0000000000000000000001' },
    engineCredentialsNote: 'engine signs with static keys (the discard server checks no signature)',
    async engineEnv() {
      return {
        AWS_ACCESS_KEY_ID: 'BENCHDISCARDKEY00001',
        AWS_SECRET_ACCESS_KEY: 'benchdiscardsecret0000000000000000000001',
      };
    },
    async objectSize(key) {
      return server.objectSize(bucket, key);
    },
    async deleteObject(key) {
      server.deleteObject(bucket, key);
    },
    bytesMark: () => server.bytesReceived(),
    async describe() {
      return `discard ${server.url}`;
    },
  };
}

// ------------------------------------------------------------------ tools
interface ToolRun {
  tool: Tool;
  target: TargetName;
  run: number;
  key: string;
  setting?: EngineSetting;
  wallS: number;
  mbPerS: number;
  cpuS: number;
  userS: number;
  sysS: number;
  cpuSPerGiB: number;
  maxRssMiB: number;
  /** The engine's own upload time (without process start and module loading). */
  engineInternalS?: number;
}

let scratch = '';
let awsBin = 'aws';
let bundlePath = '';
let shareCli: ShareCli | undefined;
let shareServer: ShareServer | undefined;

/** `share` needs a Traydrop server, which needs STS: the discard server has none. */
const toolsFor = (target: TargetName): Tool[] => config.tools.filter((t) => t !== 'share' || target === 'rgw');

/** Fixed cost of the `traydrop` process: node start + loading the bundle (`traydrop --version`). */
async function shareBaseline(): Promise<{ cpuS: number; maxRssMiB: number; wallS: number }> {
  const ms: Measured[] = [];
  for (let i = 0; i < 3; i++) {
    ms.push(await timed(process.execPath, [shareCli!.bin, '--version'], baseEnv(), join(scratch, 'time.txt')));
  }
  return {
    wallS: median(ms.map((m) => m.wallS)),
    cpuS: median(ms.map((m) => m.cpuS)),
    maxRssMiB: median(ms.map((m) => m.maxRssMiB)),
  };
}

function engineScript(tool: Tool): string {
  return tool === 'engine-bundle' ? bundlePath : join(HERE, 'engine-upload.ts');
}

/** engine-upload.ts bundled by esbuild into one ESM file, the way the app ships its main process. */
async function buildEngineBundle(): Promise<void> {
  const esbuild = await import('esbuild');
  bundlePath = join(scratch, 'engine-upload.bundle.mjs');
  await esbuild.build({
    entryPoints: [join(HERE, 'engine-upload.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    // some SDK dependencies are CommonJS and call require()
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
}

/** Fixed cost of an engine process: node start + loading every module, no upload. */
async function engineBaseline(tool: Tool): Promise<{ cpuS: number; maxRssMiB: number; wallS: number }> {
  const ms: Measured[] = [];
  for (let i = 0; i < 3; i++) {
    ms.push(
      await timed(process.execPath, [engineScript(tool), '--imports-only'], baseEnv(), join(scratch, 'time.txt')),
    );
  }
  return {
    wallS: median(ms.map((m) => m.wallS)),
    cpuS: median(ms.map((m) => m.cpuS)),
    maxRssMiB: median(ms.map((m) => m.maxRssMiB)),
  };
}

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('AWS_') || k.startsWith('RCLONE_') || k.startsWith('BENCH_')) delete env[k];
  }
  return env;
}

async function runTool(tool: Tool, target: Target, key: string, setting: EngineSetting): Promise<Measured> {
  const timeFile = join(scratch, 'time.txt');
  const k = target.toolKeys;
  if (tool === 'aws') {
    const env = {
      ...baseEnv(),
      AWS_CONFIG_FILE: join(scratch, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'aws-credentials-none'),
      AWS_ACCESS_KEY_ID: k.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    };
    return timed(
      awsBin,
      ['s3', 'cp', config.file, `s3://${target.bucket}/${key}`, '--endpoint-url', target.endpoint, '--no-progress'],
      env,
      timeFile,
    );
  }
  if (tool === 'rclone') {
    // AWS_CA_BUNDLE is removed by baseEnv (rclone fails with LoadCustomCABundleError otherwise)
    const env = {
      ...baseEnv(),
      RCLONE_CONFIG: '/dev/null',
      RCLONE_CONFIG_BENCH_TYPE: 's3',
      RCLONE_CONFIG_BENCH_PROVIDER: 'Ceph',
      RCLONE_CONFIG_BENCH_ENDPOINT: target.endpoint,
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: k.accessKeyId,
      RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: k.secretAccessKey,
    };
    return timed('rclone', ['copyto', config.file, `bench:${target.bucket}/${key}`], env, timeFile);
  }
  if (tool === 'share') {
    // the key is the CLI's own (users/<id>/<share id>/<name>): measure() reads it from the JSON
    const args = [shareCli!.bin, 'share', config.file, '--expire', '1d', '--no-copy', '--json'];
    return timed(process.execPath, args, { ...baseEnv(), ...shareServer!.cliEnv }, timeFile);
  }
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    ...(await target.engineEnv()),
    AWS_REGION: 'us-east-1',
    ...(setting.partMB ? { BENCH_PART_MB: String(setting.partMB) } : {}),
    ...(setting.concurrency ? { BENCH_CONCURRENCY: String(setting.concurrency) } : {}),
  };
  return timed(process.execPath, [engineScript(tool), config.file, target.endpoint, target.bucket, key], env, timeFile);
}

let runCounter = 0;
const checkedTags = new Set<string>();

async function measure(tool: Tool, target: Target, run: number, setting: EngineSetting): Promise<ToolRun> {
  // unique keys: rclone would skip a destination with the same size and mtime
  const planned = `bench/${tool}-${Date.now()}-${++runCounter}.bin`;
  const before = target.bytesMark();
  const m = await runTool(tool, target, planned, setting);
  const after = target.bytesMark();
  const key = tool === 'share' ? parseShareOutput(m.stdout).key : planned;
  // fail loudly if the tool did not really upload the whole file
  const size = await target.objectSize(key);
  if (size !== config.sizeBytes) {
    throw new Error(`${tool} on ${target.name}: object ${key} has size ${size}, expected ${config.sizeBytes}`);
  }
  if (before !== undefined && after !== undefined && after - before < config.sizeBytes) {
    throw new Error(
      `${tool} on ${target.name}: the server received ${after - before} bytes, expected ≥ ${config.sizeBytes}`,
    );
  }
  let engineInternalS: number | undefined;
  if (isEngine(tool)) {
    const line = m.stdout.trim().split('\n').pop() ?? '';
    try {
      engineInternalS = (JSON.parse(line) as { seconds: number }).seconds;
    } catch {
      throw new Error(`engine-upload printed no JSON result: ${m.stdout}`);
    }
  }
  const tagged = isEngine(tool) || tool === 'share';
  if (tagged && target.tagsOf && !checkedTags.has(`${target.name} ${tool}`)) {
    const tags = await target.tagsOf(key);
    if (!tags.split('&').includes('expire=1d')) throw new Error(`${tool} upload on ${target.name} is tagged '${tags}'`);
    checkedTags.add(`${target.name} ${tool}`);
  }
  await target.deleteObject(key);
  const r: ToolRun = {
    tool,
    target: target.name,
    run,
    key,
    ...(isEngine(tool) ? { setting } : {}),
    wallS: m.wallS,
    mbPerS: config.sizeBytes / 1e6 / m.wallS,
    cpuS: m.cpuS,
    userS: m.userS,
    sysS: m.sysS,
    cpuSPerGiB: m.cpuS / (config.sizeBytes / GiB),
    maxRssMiB: m.maxRssMiB,
    ...(engineInternalS !== undefined ? { engineInternalS } : {}),
  };
  log(
    `${target.name} ${tool}${isEngine(tool) ? ` [${settingLabel(setting)}]` : ''} run ${run}: ` +
      `${r.wallS.toFixed(2)} s, ${r.mbPerS.toFixed(0)} MB/s, CPU ${r.cpuS.toFixed(2)} s ` +
      `(${r.userS.toFixed(2)} user + ${r.sysS.toFixed(2)} sys), RSS ${r.maxRssMiB.toFixed(0)} MiB` +
      (engineInternalS !== undefined ? `, engine-internal ${engineInternalS.toFixed(2)} s` : ''),
  );
  return r;
}

// ------------------------------------------------------------------ summary
interface Summary {
  tool: string;
  runs: number;
  medianWallS: number;
  mbPerS: number;
  cpuSPerGiB: number;
  peakRssMiB: number;
  speedVsAws?: number;
  cpuVsAws?: number;
  medianEngineInternalS?: number;
}

function summarize(tool: string, runs: ToolRun[], aws?: Summary): Summary {
  const wall = median(runs.map((r) => r.wallS));
  const s: Summary = {
    tool,
    runs: runs.length,
    medianWallS: wall,
    mbPerS: config.sizeBytes / 1e6 / wall,
    cpuSPerGiB: median(runs.map((r) => r.cpuSPerGiB)),
    peakRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)),
  };
  const internal = runs.map((r) => r.engineInternalS).filter((x): x is number => x !== undefined);
  if (internal.length) s.medianEngineInternalS = median(internal);
  if (aws) {
    s.speedVsAws = aws.medianWallS / s.medianWallS;
    s.cpuVsAws = s.cpuSPerGiB / aws.cpuSPerGiB;
  }
  return s;
}

function table(rows: Summary[]): string {
  const head = ['tool', 'runs', 'median wall s', 'MB/s', 'CPU-s/GiB', 'peak RSS MiB', 'speed vs aws', 'CPU vs aws'];
  const body = rows.map((r) => [
    r.tool,
    String(r.runs),
    r.medianWallS.toFixed(2),
    r.mbPerS.toFixed(0),
    r.cpuSPerGiB.toFixed(2),
    r.peakRssMiB.toFixed(0),
    r.speedVsAws !== undefined ? `${r.speedVsAws.toFixed(2)}x` : '-',
    r.cpuVsAws !== undefined ? `${r.cpuVsAws.toFixed(2)}x` : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(head), line(widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)))]
    .concat(body.map(line))
    .join('\n');
}

// ------------------------------------------------------------------ main
async function main(): Promise<void> {
  const began = Date.now();
  ensureGnuTime();
  awsBin = resolveAws();
  scratch = await mkdtemp(join(tmpdir(), 'traydrop-bench-'));
  await writeFile(join(scratch, 'aws-config'), '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n');
  await writeFile(join(scratch, 'aws-credentials-none'), '');
  await ensureSourceFile();

  const versions = {
    node: process.version,
    aws: toolVersion(awsBin, ['--version']),
    rclone: toolVersion('rclone', ['version']),
  };
  log(`tools: node ${versions.node}; ${versions.aws}; ${versions.rclone}`);

  const baselines: Record<string, { cpuS: number; maxRssMiB: number; wallS: number }> = {};
  if (config.tools.includes('engine-bundle')) await buildEngineBundle();
  for (const t of ['engine', 'engine-bundle'] as const) {
    if (!config.tools.includes(t)) continue;
    baselines[t] = await engineBaseline(t);
    log(
      `${t} process without upload (--imports-only): ${baselines[t].cpuS.toFixed(2)} CPU-s, ` +
        `${baselines[t].maxRssMiB.toFixed(0)} MiB RSS, ${baselines[t].wallS.toFixed(2)} s`,
    );
  }
  if (config.tools.includes('share') && config.targets.includes('rgw')) {
    shareCli = await packageShareCli(REPO, scratch, process.env.BENCH_SHARE_BUNDLE);
    baselines.share = await shareBaseline();
    log(
      `share: the CLI packaged from ${shareCli.source}; \`traydrop --version\` (start + load): ` +
        `${baselines.share.cpuS.toFixed(2)} CPU-s, ${baselines.share.maxRssMiB.toFixed(0)} MiB RSS`,
    );
  }

  const discard = config.targets.includes('discard') ? await startDiscardS3() : undefined;
  const results: Record<string, unknown> = {};
  const printed: string[] = [];
  const verdicts: { target: string; check: string; value: string; pass: boolean }[] = [];
  const engineRss: Record<string, number[]> = {};
  const bestSettings: Record<string, unknown> = {};
  let targetsNote = '';

  try {
    for (const name of config.targets) {
      const target = name === 'rgw' ? await startRgwTarget() : discardTarget(discard!);
      targetsNote += `${target.name}: ${target.engineCredentialsNote}\n`;
      const tools = toolsFor(target.name);
      if (tools.includes('share')) {
        shareServer = await startShareServer({
          repo: REPO,
          scratch,
          cli: shareCli!,
          rgw: target.rgwEnv!,
          baseEnv: baseEnv(),
          log,
        });
        targetsNote +=
          `${target.name}: share is \`traydrop share <file> --expire 1d --no-copy --json\` (bundle from ` +
          `${shareCli!.source}), paired with a Traydrop server on this RGW (STS credentials, its multipart calls)\n`;
      }
      const warmS = await warmPageCache();
      log(`${target.label}: page cache warm (read 1 pass in ${warmS.toFixed(2)} s)`);

      // main table: runs interleaved (rotating tool order) so machine noise hits every tool alike
      const runs: ToolRun[] = [];
      for (let run = 1; run <= config.runs; run++) {
        const order = tools.map((_, i) => tools[(i + run - 1) % tools.length]!);
        for (const tool of order) runs.push(await measure(tool, target, run, config.engine));
      }
      const awsRuns = runs.filter((r) => r.tool === 'aws');
      const aws = awsRuns.length ? summarize('aws s3 cp', awsRuns) : undefined;
      const label = (t: Tool) =>
        t === 'aws'
          ? 'aws s3 cp'
          : t === 'rclone'
            ? 'rclone'
            : t === 'share'
              ? 'traydrop share (whole CLI)'
              : `${t} (${settingLabel(config.engine)})`;
      const rows = tools.map((t) =>
        summarize(
          label(t),
          runs.filter((r) => r.tool === t),
          t === 'aws' ? undefined : aws,
        ),
      );
      if (aws) rows[tools.indexOf('aws')] = { ...aws, speedVsAws: 1, cpuVsAws: 1 };
      for (const t of ['engine', 'engine-bundle', 'share'] as const) {
        (engineRss[t] ??= []).push(...runs.filter((r) => r.tool === t).map((r) => r.maxRssMiB));
      }

      // engine settings sweep (each setting BENCH_SWEEP_RUNS times, interleaved)
      const sweepRuns: ToolRun[] = [];
      if (config.tools.includes('engine') && config.sweep.length) {
        for (let run = 1; run <= config.sweepRuns; run++) {
          for (const s of config.sweep) sweepRuns.push(await measure('engine', target, run, s));
        }
      }
      const sweepRows = config.sweep.map((s) =>
        summarize(
          `engine ${settingLabel(s)}`,
          sweepRuns.filter((r) => r.setting === s),
          aws,
        ),
      );

      const text =
        `\n## ${target.label}\n` +
        `1 file of ${config.sizeBytes / MiB} MiB from the page cache; medians of ${config.runs} runs; ratios vs aws s3 cp from this run\n\n` +
        table(rows) +
        (sweepRows.length
          ? `\n\nEngine settings sweep (${config.sweepRuns} run(s) each; aws from the table above):\n\n${table(sweepRows)}`
          : '');
      let bestLine = '\n';
      if (sweepRows.length) {
        const fastest = [...sweepRows].sort((a, b) => a.medianWallS - b.medianWallS)[0]!;
        const leanest = [...sweepRows].sort((a, b) => a.cpuSPerGiB - b.cpuSPerGiB)[0]!;
        const name = (x: Summary) => x.tool.replace(/^engine /, '');
        bestSettings[target.name] = {
          fastest: { setting: name(fastest), ...fastest },
          leastCpu: { setting: name(leanest), ...leanest },
        };
        bestLine =
          `\nFastest engine setting here: ${name(fastest)} (${fastest.mbPerS.toFixed(0)} MB/s); ` +
          `least CPU: ${name(leanest)} (${leanest.cpuSPerGiB.toFixed(2)} CPU-s/GiB)\n`;
      }
      console.log(text + bestLine);
      printed.push(text + bestLine);

      for (const t of ['engine', 'engine-bundle', 'share'] as const) {
        const engine = tools.includes(t) ? rows[tools.indexOf(t)] : undefined;
        if (!engine || !aws) continue;
        const checks: [string, number, boolean][] =
          target.name === 'rgw'
            ? [
                ['speed >= 1.0x aws', engine.speedVsAws!, engine.speedVsAws! >= 1.0],
                ['CPU/GiB <= 0.5x aws', engine.cpuVsAws!, engine.cpuVsAws! <= 0.5],
              ]
            : [['speed >= 1.5x aws', engine.speedVsAws!, engine.speedVsAws! >= 1.5]];
        for (const [check, value, pass] of checks) {
          verdicts.push({ target: target.name, check: `${t} ${check}`, value: `${value.toFixed(2)}x`, pass });
        }
      }
      results[target.name] = { label: target.label, table: rows, sweep: sweepRows, runs, sweepRuns };
    }
  } finally {
    await shareServer?.close();
    await discard?.close();
    if (rgwStartedHere && !config.keepRgw) {
      log('stopping and wiping the bench RGW (BENCH_KEEP_RGW=1 keeps it)');
      execFileSync('bash', [join(REPO, 'scripts', 'rgw-stop.sh')], {
        env: { ...rgwScriptEnv(), RGW_WIPE: '1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    await rm(scratch, { recursive: true, force: true });
  }

  for (const t of ['engine', 'engine-bundle', 'share']) {
    const rss = engineRss[t] ?? [];
    if (!rss.length) continue;
    const peak = Math.max(...rss);
    verdicts.push({
      target: 'all',
      check: `${t} peak RSS <= 150 MiB`,
      value: `${peak.toFixed(0)} MiB`,
      pass: peak <= 150,
    });
  }
  const baselineText = Object.entries(baselines)
    .map(
      ([t, b]) =>
        `${t} process that only loads its modules (${t === 'share' ? 'traydrop --version' : '--imports-only'}, median of 3): ` +
        `${b.cpuS.toFixed(2)} CPU-s, ${b.maxRssMiB.toFixed(0)} MiB peak RSS, ${b.wallS.toFixed(2)} s`,
    )
    .join('\n');
  const verdictText =
    '\n## Targets\n' +
    verdicts
      .map((v) => `${v.pass ? 'PASS' : 'MISS'}  ${v.target.padEnd(7)}  ${v.check.padEnd(38)}  ${v.value}`)
      .join('\n') +
    `\n\n${targetsNote}${baselineText}\n`;
  console.log(verdictText);

  const out = {
    date: new Date().toISOString(),
    durationS: (Date.now() - began) / 1000,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: +(totalmem() / GiB).toFixed(1) },
    versions,
    config: { ...config, sweep: config.sweep.map(settingLabel) },
    measurement:
      "each tool is a child process under /usr/bin/time -f '%e %U %S %M'; wall = hrtime around the child; " +
      'CPU = user+sys of the client process; RSS = its peak; MB = 10^6 bytes; medians over runs; ' +
      'peak RSS = max over runs',
    credentials: targetsNote.trim().split('\n'),
    engineProcessBaseline: baselines,
    results,
    bestEngineSettings: bestSettings,
    verdicts,
    printed: printed.join('\n') + verdictText,
  };
  const outFile = process.env.BENCH_OUT ?? join(HERE, 'results', 'latest.json');
  mkdirSync(dirname(outFile), { recursive: true });
  // formatted by the repo's Prettier so `prettier --check` stays clean when the JSON is committed
  const prettier = await import('prettier');
  const prettierOptions = (await prettier.resolveConfig(outFile)) ?? {};
  writeFileSync(outFile, await prettier.format(JSON.stringify(out), { ...prettierOptions, parser: 'json' }));
  log(`wrote ${outFile} (${out.durationS.toFixed(0)} s in all)`);
}

await main();

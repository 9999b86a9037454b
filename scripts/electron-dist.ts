/**
 * `npm run dist [-- --linux|--mac|--win …]`: builds dist/ (minified) and packages the app with electron-builder,
 * for this platform unless told otherwise; every argument goes to electron-builder as it is.
 *
 * electron-builder downloads Electron's zip for each target (from github.com, or ELECTRON_MIRROR) unless its cache
 * has it. Where it has no cached zip and cannot reach the download host, it would retry for about 40 s and end in a
 * stack trace; this checks first and stops at once with one sentence saying so and how to get it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './build-app.ts';
import { electronVersion } from './electron-binary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The targets as electron-builder reads them from its flags: [platform, arch][]. */
export function targetsOf(argv: string[]): { platform: string; arch: string }[] {
  const platforms = new Set<string>();
  const archs = new Set<string>();
  for (const arg of argv) {
    if (['--linux', '-l'].includes(arg)) platforms.add('linux');
    else if (['--mac', '-m', '--macos', '-o'].includes(arg)) platforms.add('darwin');
    else if (['--win', '-w', '--windows'].includes(arg)) platforms.add('win32');
    else if (['--x64', '--ia32', '--armv7l', '--arm64', '--universal'].includes(arg)) archs.add(arg.slice(2));
  }
  if (platforms.size === 0) platforms.add(process.platform);
  if (archs.size === 0) archs.add(process.arch);
  return [...platforms].flatMap((platform) => [...archs].map((arch) => ({ platform, arch })));
}

/** The folders where electron-builder and @electron/get keep downloaded Electron zips. */
function cacheFolders(env: NodeJS.ProcessEnv): string[] {
  const home = os.homedir();
  const xdg = env.XDG_CACHE_HOME || path.join(home, '.cache');
  const mac = path.join(home, 'Library', 'Caches');
  const local = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  return [
    env.ELECTRON_BUILDER_CACHE,
    env.electron_config_cache,
    path.join(xdg, 'electron-builder'),
    path.join(xdg, 'electron'),
    path.join(mac, 'electron-builder'),
    path.join(mac, 'electron'),
    path.join(local, 'electron-builder', 'Cache'),
    path.join(local, 'electron', 'Cache'),
  ].filter((folder): folder is string => Boolean(folder) && existsSync(folder!));
}

/** Whether `name` is somewhere in `folder`, at most `depth` levels down. */
function findFile(folder: string, name: string, depth = 3): boolean {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some(
    (entry) =>
      (entry.isFile() && entry.name === name) ||
      (entry.isDirectory() && depth > 0 && findFile(path.join(folder, entry.name), name, depth - 1)),
  );
}

/** Whether a TCP connection to the host serving Electron's zips opens within 5 s; if not, why not. */
function reach(url: URL): Promise<string | undefined> {
  const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port, timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('no answer in 5 s');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Why packaging cannot get Electron here, as one sentence; undefined when it can. */
export async function electronDownloadProblem(argv: string[], env = process.env): Promise<string | undefined> {
  if (argv.some((arg) => arg.includes('electronDist'))) return undefined; // a local Electron: nothing to download
  const version = electronVersion();
  const folders = cacheFolders(env);
  const missing = targetsOf(argv).filter(
    ({ platform, arch }) => !folders.some((folder) => findFile(folder, `electron-v${version}-${platform}-${arch}.zip`)),
  );
  if (missing.length === 0) return undefined;
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/';
  const problem = await reach(new URL(mirror));
  if (problem === undefined) return undefined;
  const targets = missing.map(({ platform, arch }) => `${platform}-${arch}`).join(', ');
  return (
    `Packaging needs Electron ${version} for ${targets}, which is not in the download cache and cannot be ` +
    `downloaded here (${new URL(mirror).host}: ${problem}): run \`npm run dist\` on a network that reaches ` +
    'github.com (or set ELECTRON_MIRROR), or pass `-- -c.electronDist=<folder with that Electron unpacked>`.'
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const help = args.some((arg) => ['--help', '-h', '--version'].includes(arg));
  const problem = help ? undefined : await electronDownloadProblem(args);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  if (!help) {
    try {
      await buildApp({ minify: true, log: (line) => process.stdout.write(`${line}\n`) });
    } catch (error) {
      process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
  }
  const builder = path.join(root, 'node_modules', '.bin', 'electron-builder');
  const result = spawnSync(builder, args, { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

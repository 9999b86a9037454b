/**
 * Where Electron's binary is, found without loading the electron package: electron@45 downloads it from GitHub on the
 * first require, and where GitHub cannot be reached that ends in a stack trace. `npm start`, `npm run dist` and
 * the end-to-end test ask here first and, when it is missing, say so in one sentence.
 *
 * The rules are electron's own (node_modules/electron/index.js): node_modules/electron/path.txt names the
 * executable inside node_modules/electron/dist/, and ELECTRON_OVERRIDE_DIST_PATH replaces that folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

/** The executable's path inside Electron's folder, as electron's install.js names it per platform. */
function platformExecutable(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The version of the installed `electron` package (what `npm ci` brought), e.g. "45.4.1". */
export function electronVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '(not installed: run npm ci)';
  }
}

/** The path the binary should be at (whether it is there or not). */
export function expectedElectronBinary(env: NodeJS.ProcessEnv = process.env): string {
  const pathFile = path.join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  return override ? path.join(override, executable) : path.join(electronDir, 'dist', executable);
}

/** The Electron binary, or undefined where it has not been downloaded. */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = expectedElectronBinary(env);
  return existsSync(binary) ? binary : undefined;
}

/** The one sentence `npm start` prints where the binary is missing. */
export function electronMissingMessage(env: NodeJS.ProcessEnv = process.env): string {
  const where = path.relative(process.cwd(), expectedElectronBinary(env)) || expectedElectronBinary(env);
  return (
    `Electron ${electronVersion()}'s binary is not here (${where} is missing, and this command does not download ` +
    'it): get it with `npx install-electron` on a network that reaches github.com (or through ELECTRON_MIRROR), ' +
    'or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked Electron of that version.'
  );
}

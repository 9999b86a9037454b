/**
 * `npm start [-- args…]`: builds dist/ (scripts/build-app.ts) and starts the desktop app, `electron .` (package.json's
 * main: dist/app/main.js), with the given arguments. Where Electron's binary is missing (it cannot be downloaded
 * on every machine) it stops at once with one sentence saying so and how to get it (scripts/electron-binary.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './build-app.ts';
import { electronBinary, electronMissingMessage } from './electron-binary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binary = electronBinary();
if (!binary) {
  process.stderr.write(`${electronMissingMessage()}\n`);
  process.exit(1);
}

try {
  await buildApp({ log: (line) => process.stdout.write(`${line}\n`) });
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const app = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('error', (error) => {
  process.stderr.write(`could not start ${binary}: ${error.message}\n`);
  process.exit(1);
});
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

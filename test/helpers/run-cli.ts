import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_BIN = path.join(root, 'bin', 'traydrop.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `traydrop` command in a child process, the way a user or a script does.
 * `onStderr` sees stderr as it arrives (to act at a moment in the upload, e.g. send SIGINT).
 */
export function runCli(
  args: string[],
  options: {
    configDir: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    onSpawn?: (pid: number) => void;
    onStderr?: (text: string) => void;
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      ...options.env,
      TRAYDROP_CONFIG_DIR: options.configDir,
    };
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (child.pid) options.onSpawn?.(child.pid);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * How the CLI finds a running Traydrop app: from the instance file the app writes into the config folder it
 * shares with the CLI (main/config/app-instance.ts). The CLI forwards `capture`/`record`/`share` by starting
 * that command with the words appended; Electron's single-instance lock hands them to the running app
 * (second-instance).
 */
import { spawn } from 'node:child_process';
import { readAppInstance, type AppInstance } from '../../config/app-instance.ts';
import { isProcessAlive } from '../../queue/process-alive.ts';

/** The running app, or undefined when none is (no file, or its process is gone). */
export async function findRunningApp(
  dir: string,
  isAlive: (pid: number) => boolean = isProcessAlive,
): Promise<AppInstance | undefined> {
  const instance = await readAppInstance(dir);
  return instance && isAlive(instance.pid) ? instance : undefined;
}

/** Hands `words` to the running app; resolves once the forwarding process has exited (it does at once). */
export function forwardToApp(
  instance: AppInstance,
  words: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [executable, ...prefix] = instance.command as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [...prefix, ...words], { stdio: 'ignore', env, windowsHide: true });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * How the CLI finds a running Traydrop app: on start the app writes `app-instance.json` (its pid, and the
 * command that starts it: the executable, plus the app folder in development) into the config folder it shares
 * with the CLI, and removes it on quit. The CLI forwards `capture`/`record`/`share` by starting that command
 * with the words appended; Electron's single-instance lock hands them to the running app (second-instance).
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../config/atomic-write.ts';

export const APP_INSTANCE_FILE = 'app-instance.json';

export interface AppInstance {
  pid: number;
  /** The command that starts the app: [executable, ...args before the words]. */
  command: string[];
  startedAt: string;
}

export function writeAppInstance(dir: string, instance: AppInstance): Promise<void> {
  return writeFileAtomic(path.join(dir, APP_INSTANCE_FILE), JSON.stringify(instance) + '\n', 0o600);
}

/** Removes the file only if it is still this process's (a newer instance may have replaced it). */
export async function removeAppInstance(dir: string, pid: number): Promise<void> {
  const current = await readAppInstanceFile(dir);
  if (current?.pid === pid) await rm(path.join(dir, APP_INSTANCE_FILE), { force: true });
}

async function readAppInstanceFile(dir: string): Promise<AppInstance | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, APP_INSTANCE_FILE), 'utf8')) as Partial<AppInstance>;
    const ok =
      Number.isInteger(parsed.pid) &&
      Array.isArray(parsed.command) &&
      parsed.command.length > 0 &&
      parsed.command.every((c) => typeof c === 'string');
    return ok ? (parsed as AppInstance) : undefined;
  } catch {
    return undefined;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The running app, or undefined when none is (no file, or its process is gone). */
export async function findRunningApp(
  dir: string,
  isAlive: (pid: number) => boolean = alive,
): Promise<AppInstance | undefined> {
  const instance = await readAppInstanceFile(dir);
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

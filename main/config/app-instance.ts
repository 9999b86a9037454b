/**
 * The running app's instance file: on start the app writes `app-instance.json` (its pid, and the command that
 * starts it: the executable, plus the app folder in development) into the config folder it shares with the
 * CLI, and removes it on quit. The CLI reads it to forward `capture`/`record`/`share` to the app
 * (main/cli/commands/running-app.ts). Here, not in the CLI, because both sides need it and the app never
 * imports the CLI.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';

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
  const current = await readAppInstance(dir);
  if (current?.pid === pid) await rm(path.join(dir, APP_INSTANCE_FILE), { force: true });
}

/** The instance file's contents, or undefined when there is none or it is not one (its process may be gone). */
export async function readAppInstance(dir: string): Promise<AppInstance | undefined> {
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

/**
 * Command lines that arrive before the app runs: another instance's (`second-instance`) and macOS's `open-url`
 * (delivered before `ready`). They are listened for from the start and wait until the app runs, then go in
 * the order they came; later ones go at once.
 */
import type { ElectronLike } from './electron-like.ts';

export type HandleArgv = (argv: string[], cwd: string) => Promise<void>;

export interface PendingCommands {
  /** The app runs: what waited goes now (awaited, in order), and what comes later goes to `handle` at once. */
  running(handle: HandleArgv): Promise<void>;
}

export function listenForCommands(app: ElectronLike['app'], cwd: string): PendingCommands {
  let handler: HandleArgv | undefined;
  const waiting: (() => Promise<void>)[] = [];
  const deliver = (argv: string[], from: string): void => {
    if (handler) void handler(argv, from);
    else waiting.push(() => handler!(argv, from));
  };
  app.on('second-instance', (_event, otherArgv, workingDirectory) => deliver(otherArgv, workingDirectory));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliver(['traydrop', url], cwd);
  });
  return {
    async running(handle) {
      handler = handle;
      for (const task of waiting.splice(0)) await task();
    },
  };
}

/**
 * Opens a URL in the user's browser from plain Node (the CLI; the app has Electron's shell.openExternal):
 * $BROWSER when set (the convention of xdg-utils, git and Python's webbrowser), else the platform's opener:
 * xdg-open, open (macOS), or Windows' URL handler. Resolves once the opener started; a missing opener is an
 * Error that says so, so the caller can offer the link to copy instead.
 */
import { spawn } from 'node:child_process';

export function openerFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): [string, string[]] {
  const browser = env.BROWSER?.split(':')[0]?.trim();
  if (browser) return [browser, []];
  if (platform === 'darwin') return ['open', []];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler']];
  return ['xdg-open', []];
}

export function openUrl(url: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): Promise<void> {
  const [command, args] = openerFor(platform, env);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true, env, windowsHide: true });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot start ${command} to open a browser (${error.code ?? error.message})`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

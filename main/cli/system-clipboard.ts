import { spawn } from 'node:child_process';

/**
 * Copy text with whatever clipboard tool the desktop has. Returns false when there is no
 * clipboard (a headless box, ssh): sharing still succeeds, the link is printed anyway.
 */
function candidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[][] {
  if (platform === 'darwin') return [['pbcopy']];
  if (platform === 'win32') return [['clip']];
  const tools: string[][] = [];
  if (env.WAYLAND_DISPLAY) tools.push(['wl-copy']);
  if (env.DISPLAY) tools.push(['xclip', '-selection', 'clipboard'], ['xsel', '--clipboard', '--input']);
  return tools;
}

function tryCopy(command: string[], text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const [bin, ...args] = command as [string, ...string[]];
    // xclip/wl-copy stay behind as the selection owner: detach them so we do not wait on them
    const child = spawn(bin, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    child.once('error', () => resolve(false)); // not installed
    child.stdin.on('error', () => resolve(false));
    child.once('spawn', () =>
      child.stdin.end(text, () => {
        child.unref();
        resolve(true);
      }),
    );
  });
}

export async function copyToSystemClipboard(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  for (const command of candidates(env, platform)) {
    if (await tryCopy(command, text)) return true;
  }
  return false;
}

import os from 'node:os';
import path from 'node:path';

/**
 * Where the client keeps its config and device token. TRAYDROP_CONFIG_DIR wins (tests, several
 * profiles); otherwise the platform's usual place, the same folder Electron's userData uses for
 * the app, so the CLI and the app share one pairing.
 */
export function configDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.TRAYDROP_CONFIG_DIR) return path.resolve(env.TRAYDROP_CONFIG_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Traydrop');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Traydrop');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'traydrop');
}

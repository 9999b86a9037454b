/**
 * The "Launch at login" setting, applied: Electron's login item on macOS and Windows (a no-op on Linux), an XDG
 * autostart entry on Linux. An entry the user wrote themselves is left alone (it decides instead), said in the
 * log and, when the user just changed the setting, in a notification too.
 */
import { autostartFile, setLinuxAutostart } from '../desktop/linux-autostart.ts';
import type { ElectronLike } from './electron-like.ts';
import type { Notifier } from './services/notifier.ts';

export interface LaunchAtLoginDeps {
  app: Pick<ElectronLike['app'], 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** What the autostart entry runs (relaunch-command.ts). */
  launchCommand: string[];
  notifier: Notifier;
  log: (line: string) => void;
}

/** `changed`: the user just turned it on or off (at start it is only applied again, without a word). */
export type ApplyLaunchAtLogin = (on: boolean, changed?: boolean) => void;

export function launchAtLogin(deps: LaunchAtLoginDeps): ApplyLaunchAtLogin {
  const { app, platform, env, home, launchCommand, notifier, log } = deps;
  return (on, changed = false) => {
    try {
      app.setLoginItemSettings({ openAtLogin: on }); // macOS, Windows; a no-op in Electron on Linux
    } catch (error) {
      log(`launch at login: ${(error as Error).message}`);
    }
    if (platform !== 'linux') return;
    try {
      if (setLinuxAutostart(on, { env, home, launchCommand }) === 'foreign') {
        const why = `${autostartFile(env, home)} is not Traydrop's, so it was left as it is: it decides instead`;
        log(`launch at login: ${why}`);
        if (changed) notifier.info('Launch at login', `${why}.`);
      }
    } catch (error) {
      log(`launch at login: ${(error as Error).message}`);
      notifier.error('launch at login', `could not turn it ${on ? 'on' : 'off'}: ${(error as Error).message}.`);
    }
  };
}

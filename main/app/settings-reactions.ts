/**
 * What follows a change of settings: the hotkeys are registered again, launch at login, the watched folder and
 * the updater follow their setting, the editor gets a standby window if captures now open it, the windows get the new
 * settings and the tray refreshes.
 */
import { IPC_EVENTS, type Settings } from '../../common/ipc-contract.ts';
import type { EditorFlow } from './flows/editor-flow.ts';
import type { WatchedFolderFlow } from './flows/watched-folder-flow.ts';
import type { HotkeyManager } from './hotkeys.ts';
import type { ApplyLaunchAtLogin } from './launch-at-login.ts';
import type { SettingsStore } from './settings-store.ts';
import type { Updates } from './updates/updates.ts';

export interface SettingsReactionDeps {
  settings: SettingsStore;
  hotkeys: Pick<HotkeyManager, 'apply'>;
  launchAtLogin: ApplyLaunchAtLogin;
  watched: Pick<WatchedFolderFlow, 'apply'>;
  updates: Pick<Updates, 'apply'>;
  editor: Pick<EditorFlow, 'warmUp'>;
  broadcast(channel: string, value: unknown): void;
  refreshTray(): void;
}

export function reactToSettings(deps: SettingsReactionDeps): void {
  deps.settings.onChange((next: Settings, previous: Settings) => {
    if (JSON.stringify(next.hotkeys) !== JSON.stringify(previous.hotkeys)) deps.hotkeys.apply(next.hotkeys);
    if (next.launchAtLogin !== previous.launchAtLogin) deps.launchAtLogin(next.launchAtLogin, true);
    if (next.watchedFolder !== previous.watchedFolder) void deps.watched.apply(next.watchedFolder, true);
    deps.updates.apply(next.updates);
    if (JSON.stringify(next.afterCapture) !== JSON.stringify(previous.afterCapture)) deps.editor.warmUp();
    deps.broadcast(IPC_EVENTS.settingsChanged, next);
    deps.refreshTray();
  });
}

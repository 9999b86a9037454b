/**
 * What the updater is doing, as one value the tray menu and the notifications follow. A check that finds a newer
 * version goes on to download it (electron-updater's autoDownload), so `available` is brief and `ready` is where
 * it stays until the app restarts. `off` says why there are no updates at all (turned off, not a packaged build,
 * a build made without a feed, a .deb); the tray then shows no update item.
 */
export type UpdateState =
  | { kind: 'off'; reason: string }
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'available'; version: string }
  | { kind: 'none'; version: string }
  | { kind: 'downloading'; version: string; percent: number }
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; reason: string };

export interface UpdateMenuItem {
  label: string;
  enabled: boolean;
  /** What a click does. */
  action: 'check' | 'install' | null;
}

/**
 * The tray's update item, undefined while updates are off. Download progress in steps of 10 %, as the tray's
 * status line: every new label is a new menu, and replacing an open menu closes it on Linux trays.
 */
export function updateMenuItem(state: UpdateState): UpdateMenuItem | undefined {
  switch (state.kind) {
    case 'off':
      return undefined;
    case 'idle':
      return { label: 'Check for updates', enabled: true, action: 'check' };
    case 'checking':
      return { label: 'Checking for updates…', enabled: false, action: null };
    case 'available':
      return { label: `Update ${state.version} found, downloading…`, enabled: false, action: null };
    case 'downloading':
      return {
        label: `Downloading update ${state.version}… ${Math.floor(state.percent / 10) * 10}%`,
        enabled: false,
        action: null,
      };
    case 'none':
      return { label: 'Check for updates (up to date)', enabled: true, action: 'check' };
    case 'failed':
      return { label: 'Check for updates (the last check failed)', enabled: true, action: 'check' };
    case 'ready':
      return { label: `Update ${state.version} ready — restart to install`, enabled: true, action: 'install' };
  }
}

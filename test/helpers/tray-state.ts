/**
 * A tray state as a paired, idle app on Linux shows it, for tests of the tray's menu and tooltip; each test
 * names only what it changes. One definition, so a field added to TrayState is added to the tests once.
 */
import type { TrayState } from '../../main/app/tray/menu-template.ts';

export function idleTrayState(changes: Partial<TrayState> = {}): TrayState {
  return {
    paired: true,
    recording: false,
    microphone: false,
    paused: false,
    progress: null,
    recent: [],
    hotkeys: {},
    dropWindowVisible: false,
    lastCapture: false,
    platform: 'linux',
    ...changes,
  };
}

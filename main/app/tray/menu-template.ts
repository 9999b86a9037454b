/**
 * The tray menu as a pure function of the app's state, so tests can read it and click it without Electron.
 * tray.ts turns it into a Menu, and replaces the tray's menu only when what it shows changed.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { HotkeyAction } from '../../../common/ipc-contract.ts';
import { updateMenuItem, type UpdateState } from '../updates/update-state.ts';

export interface TrayState {
  paired: boolean;
  recording: boolean;
  /** The recording has the microphone's sound. */
  microphone: boolean;
  paused: boolean;
  /** Uploads in flight: overall percentage, or null when nothing uploads. */
  progress: { percent: number; active: number; waiting: number } | null;
  recent: { name: string; url: string }[];
  hotkeys: Partial<Record<HotkeyAction, string>>;
  dropWindowVisible: boolean;
  /** A screenshot was taken since the app started ("Edit last capture"). */
  lastCapture: boolean;
  /** Drop window item only where the tray cannot take drops (not macOS). */
  platform: NodeJS.Platform;
  /** The updater's state (main/app/updates/); no update item while it is `off` or absent. */
  update?: UpdateState;
}

export interface TrayActions {
  captureScreen(): void;
  captureRegion(): void;
  captureWindow(): void;
  recordScreen(): void;
  recordRegion(): void;
  stopRecording(): void;
  uploadClipboard(): void;
  editLastCapture(): void;
  copyLink(url: string): void;
  togglePause(): void;
  toggleDropWindow(): void;
  openHistory(): void;
  openDashboard(): void;
  openSettings(): void;
  checkForUpdates(): void;
  installUpdate(): void;
  openLogFolder(): void;
  quit(): void;
}

/** The tooltip (and macOS menu-bar title): progress when uploading. */
export function trayTooltip(state: TrayState): string {
  if (state.recording) return state.microphone ? 'Traydrop: recording with the microphone…' : 'Traydrop: recording…';
  if (!state.paired) return 'Traydrop: not paired (open Settings)';
  if (state.paused) return 'Traydrop: uploads paused';
  const p = state.progress;
  if (p && p.active > 0) return `Traydrop: uploading ${p.active} file${p.active === 1 ? '' : 's'}, ${p.percent}%`;
  if (p && p.waiting > 0) return `Traydrop: ${p.waiting} waiting for the network`;
  return 'Traydrop';
}

/**
 * The menu's status line: like the tooltip, but the percentage in steps of 10. Each new label means a new
 * menu, and replacing the menu of a Linux tray (StatusNotifierItem) while it is open closes it: the menu
 * changes about ten times per upload, the tooltip (exact) as often as it likes.
 */
export function trayMenuStatus(state: TrayState): string {
  const p = state.progress;
  const coarse = p && p.active > 0 ? { ...state, progress: { ...p, percent: Math.floor(p.percent / 10) * 10 } } : state;
  return trayTooltip(coarse).replace(/^Traydrop: /, '');
}

/** What the menu shows, as text: equal for two states exactly when their menus look the same. */
export function menuSignature(template: readonly MenuItemConstructorOptions[]): string {
  return JSON.stringify(template, (key, value: unknown) => (key === 'click' ? undefined : value));
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const key = (action: HotkeyAction): Partial<MenuItemConstructorOptions> =>
    state.hotkeys[action] ? { accelerator: state.hotkeys[action], registerAccelerator: false } : {};
  const idle = !state.recording;
  const update = state.update && updateMenuItem(state.update);
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'Nothing uploaded yet', enabled: false }]
      : state.recent.map((r) => ({ label: r.name, toolTip: r.url, click: () => actions.copyLink(r.url) }));
  const template: MenuItemConstructorOptions[] = [
    ...(state.progress || !state.paired ? [{ label: trayMenuStatus(state), enabled: false }] : []),
    ...(state.progress || !state.paired ? [{ type: 'separator' as const }] : []),
    {
      id: 'captureScreen',
      label: 'Capture screen',
      enabled: idle,
      click: () => actions.captureScreen(),
      ...key('captureScreen'),
    },
    {
      id: 'captureRegion',
      label: 'Capture region',
      enabled: idle,
      click: () => actions.captureRegion(),
      ...key('captureRegion'),
    },
    {
      id: 'captureWindow',
      label: 'Capture window',
      enabled: idle,
      click: () => actions.captureWindow(),
      ...key('captureWindow'),
    },
    {
      id: 'editLastCapture',
      label: 'Edit last capture',
      enabled: state.lastCapture,
      click: () => actions.editLastCapture(),
    },
    { type: 'separator' },
    state.recording
      ? { id: 'stopRecording', label: 'Stop recording', click: () => actions.stopRecording() }
      : { id: 'recordScreen', label: 'Record screen', click: () => actions.recordScreen(), ...key('recordScreen') },
    ...(state.recording
      ? []
      : [{ id: 'recordRegion', label: 'Record region', click: () => actions.recordRegion(), ...key('recordRegion') }]),
    { type: 'separator' },
    {
      id: 'uploadClipboard',
      label: 'Upload from clipboard',
      click: () => actions.uploadClipboard(),
      ...key('uploadClipboard'),
    },
    ...(state.platform === 'darwin'
      ? []
      : [
          {
            id: 'toggleDropWindow',
            label: 'Drop window',
            type: 'checkbox' as const,
            checked: state.dropWindowVisible,
            click: () => actions.toggleDropWindow(),
            ...key('toggleDropWindow'),
          },
        ]),
    { id: 'recent', label: 'Recent uploads (click to copy)', submenu: recent },
    { id: 'history', label: 'History…', click: () => actions.openHistory() },
    ...(state.paired ? [{ id: 'dashboard', label: 'Open dashboard…', click: () => actions.openDashboard() }] : []),
    { type: 'separator' },
    { id: 'pause', label: 'Pause queue', type: 'checkbox', checked: state.paused, click: () => actions.togglePause() },
    { id: 'settings', label: 'Settings…', click: () => actions.openSettings() },
    { id: 'logFolder', label: 'Open log folder', click: () => actions.openLogFolder() },
    ...(update
      ? [
          {
            id: 'update',
            label: update.label,
            enabled: update.enabled,
            click: () => (update.action === 'install' ? actions.installUpdate() : actions.checkForUpdates()),
          },
        ]
      : []),
    { type: 'separator' },
    { id: 'quit', label: 'Quit Traydrop', role: undefined, click: () => actions.quit() },
  ];
  return template;
}

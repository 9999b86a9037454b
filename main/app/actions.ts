/**
 * What a user can ask for, from the tray, a hotkey, a window or another command line: one object, so every
 * entry point reaches the same flow. Each action reports its own failure as a notification that says what to
 * do; none throws into Electron's event handlers.
 */
import type { HotkeyAction, JobView } from '../../common/ipc-contract.ts';
import { ScreenshotCancelledError } from '../capture/portal-screenshot.ts';
import { RecordingCancelledError } from '../capture/stream-recording.ts';
import type { AppCommand } from './argv.ts';
import type { PairLink } from './deep-link.ts';
import type { ElectronLike } from './electron-like.ts';
import { uploadClipboardFlow } from './flows/clipboard-flow.ts';
import type { FlowDeps } from './flows/flow-deps.ts';
import type { RecordingController } from './flows/recording-flow.ts';
import {
  captureRegionFlow,
  captureTextFlow,
  captureScreenFlow,
  captureWindowFlow,
  type RegionSelector,
} from './flows/screenshot-flows.ts';
import { sharePaths } from './flows/share-paths.ts';
import type { Account } from './services/account.ts';
import type { WindowRegistry } from './windows/registry.ts';

export interface ActionDeps {
  flow: FlowDeps;
  selector: RegionSelector;
  recording: RecordingController;
  windows: WindowRegistry;
  account: Account;
  dialog: ElectronLike['dialog'];
  /** The log folder in the file manager (main/app/logging/open-log-folder.ts). */
  openLogFolder(): Promise<void>;
  /** Opens a URL in the user's browser (Electron's shell.openExternal). */
  openExternal(url: string): Promise<void>;
  quit(): void;
  /** Called after anything that changes what the tray shows. */
  changed(): void;
}

export class AppActions {
  readonly #deps: ActionDeps;

  constructor(deps: ActionDeps) {
    this.#deps = deps;
  }

  async #guard<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      // the user closed the desktop's own picker or share dialog: nothing to report
      if (error instanceof ScreenshotCancelledError || error instanceof RecordingCancelledError) return undefined;
      this.#deps.flow.notifier.error(`${what} failed`, (error as Error).message);
      return undefined;
    } finally {
      this.#deps.changed();
    }
  }

  captureScreen = () => this.#guard('screenshot', () => captureScreenFlow(this.#deps.flow));
  captureRegion = () => this.#guard('region capture', () => captureRegionFlow(this.#deps.flow, this.#deps.selector));
  captureRegionEdit = () =>
    this.#guard('region capture', () => captureRegionFlow(this.#deps.flow, this.#deps.selector, true));
  captureText = () => this.#guard('text capture', () => captureTextFlow(this.#deps.flow, this.#deps.selector));
  /** The editor on the last screenshot this app took (the tray's "Edit last capture"). */
  editLastCapture = (): void => {
    const last = this.#deps.flow.lastCapture;
    if (last) this.#deps.flow.openEditor?.(last.file, last.scaleFactor);
  };
  /** `fromMenu`: wait for the menu to close so the user's window has the focus again. */
  captureWindow = (fromMenu = false) =>
    this.#guard('window capture', () => captureWindowFlow(this.#deps.flow, fromMenu ? 250 : 0));
  /** `microphone` overrides the setting for this recording (`traydrop record start --microphone`). */
  recordScreen = (microphone?: boolean) =>
    this.#guard('recording', () => this.#deps.recording.start('screen', this.#deps.selector, { microphone }));
  recordRegion = (microphone?: boolean) =>
    this.#guard('recording', () => this.#deps.recording.start('region', this.#deps.selector, { microphone }));
  stopRecording = () => this.#guard('recording', () => this.#deps.recording.stop());
  uploadClipboard = () => this.#guard('upload from clipboard', () => uploadClipboardFlow(this.#deps.flow));
  share = (paths: string[]): Promise<JobView[] | undefined> =>
    this.#guard('sharing', () => sharePaths(this.#deps.flow, paths));
  togglePause = () => this.#guard('pausing', () => this.#deps.flow.queue.setPaused(!this.#deps.flow.queue.paused));
  /** Set when the desktop shows no tray icon: a plain second launch then shows the drop window (its ⋯ menu). */
  trayMissing = false;

  toggleDropWindow = (): void => this.#deps.windows.toggle('drop');
  openSettings = (): void => this.#deps.windows.open('settings');
  openHistory = (): void => this.#deps.windows.open('history');
  copyLink = (url: string): void => void this.#deps.flow.clipboard.writeText(url);
  openLogFolder = () => this.#guard('opening the log folder', () => this.#deps.openLogFolder());
  /** The web dashboard, signed in through a one-time link (the same core call as `traydrop dashboard`). */
  openDashboard = () =>
    this.#guard('opening the dashboard', async () => this.#deps.openExternal(await this.#deps.account.dashboardLink()));
  quit = (): void => this.#deps.quit();

  runHotkey(action: HotkeyAction): void {
    const run: Record<HotkeyAction, () => unknown> = {
      captureScreen: this.captureScreen,
      captureRegion: this.captureRegion,
      captureWindow: () => this.captureWindow(false),
      recordScreen: this.#deps.recording.state().recording ? this.stopRecording : this.recordScreen,
      recordRegion: this.#deps.recording.state().recording ? this.stopRecording : this.recordRegion,
      toggleDropWindow: this.toggleDropWindow,
      uploadClipboard: this.uploadClipboard,
      captureRegionEdit: this.captureRegionEdit,
      captureText: this.captureText,
    };
    void run[action]();
  }

  /** A command from another command line (second-instance) or a traydrop:// link. */
  async runCommand(command: AppCommand | undefined): Promise<void> {
    if (!command) {
      if (this.trayMissing) this.#deps.windows.open('drop');
      else this.openSettings();
      return;
    }
    switch (command.type) {
      case 'capture':
        await (command.mode === 'screen'
          ? this.captureScreen()
          : command.mode === 'region'
            ? this.captureRegion()
            : this.captureWindow());
        return;
      case 'record':
        await (command.action === 'stop'
          ? this.stopRecording()
          : command.mode === 'region'
            ? this.recordRegion(command.microphone)
            : this.recordScreen(command.microphone));
        return;
      case 'share':
        await this.share(command.files);
        return;
      case 'drop': // `traydrop drop` from a desktop shortcut shows or hides the drop window
        this.toggleDropWindow();
        return;
      case 'pair':
        await this.pairFromLink(command.link);
        return;
      case 'invalid':
        this.#deps.flow.notifier.error('command not understood', command.message);
    }
  }

  /** Any web page can open a traydrop:// link: the user confirms the server before anything is stored. */
  async pairFromLink(link: PairLink): Promise<void> {
    const { response } = await this.#deps.dialog.showMessageBox({
      type: 'question',
      buttons: ['Pair', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'Pair Traydrop',
      message: `Pair Traydrop with ${link.serverUrl}?`,
      detail:
        'Your screenshots and files will be uploaded to this server. Only continue if you opened this pairing link yourself.',
    });
    if (response !== 0) return;
    await this.#guard('pairing', async () => {
      const result = await this.#deps.account.pair(link.serverUrl, link.token);
      if (!result.ok) throw new Error(result.error ?? 'the server refused the pairing');
      this.#deps.flow.notifier.info(
        'Traydrop is paired',
        `Signed in as ${result.userId}. Links look like ${result.shareBaseUrl}/…`,
      );
    });
  }
}

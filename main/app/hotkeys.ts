/**
 * Global hotkeys: registered from the settings, re-registered when they change, and every failure reported in
 * HotkeyStatus for the settings window (an invalid accelerator, two actions on one combination, a combination
 * another app or the desktop already holds) instead of failing silently.
 */
import type { HotkeyAction, HotkeyStatus } from '../../common/ipc-contract.ts';
import { isWayland } from '../capture/session-type.ts';
import { acceleratorProblem, canonicalAccelerator, HOTKEY_ACTIONS, HOTKEY_LABELS } from '../settings/index.ts';
import type { ElectronLike } from './electron-like.ts';

export class HotkeyManager {
  readonly #shortcuts: ElectronLike['globalShortcut'];
  readonly #platform: NodeJS.Platform;
  readonly #env: NodeJS.ProcessEnv;
  readonly #run: (action: HotkeyAction) => void;
  #registered: string[] = [];
  #status: HotkeyStatus[] = [];

  constructor(
    shortcuts: ElectronLike['globalShortcut'],
    run: (action: HotkeyAction) => void,
    platform: NodeJS.Platform,
    env: NodeJS.ProcessEnv = {},
  ) {
    this.#shortcuts = shortcuts;
    this.#run = run;
    this.#platform = platform;
    this.#env = env;
  }

  status(): HotkeyStatus[] {
    return structuredClone(this.#status);
  }

  /** Unregisters what this manager registered before, then registers `hotkeys`. */
  apply(hotkeys: Record<HotkeyAction, string>): HotkeyStatus[] {
    this.unregisterAll();
    const seen = new Map<string, HotkeyAction>();
    this.#status = HOTKEY_ACTIONS.map((action): HotkeyStatus => {
      const accelerator = hotkeys[action] ?? '';
      const result = (registered: boolean, error: string | null): HotkeyStatus => ({
        action,
        accelerator,
        registered,
        error,
      });
      if (accelerator === '') return result(false, null);
      const problem = acceleratorProblem(accelerator);
      if (problem) return result(false, problem);
      const canonical = canonicalAccelerator(accelerator, this.#platform);
      const other = seen.get(canonical);
      if (other) return result(false, `the same combination as ${HOTKEY_LABELS[other]}`);
      seen.set(canonical, action);
      let ok: boolean;
      try {
        ok = this.#shortcuts.register(accelerator, () => this.#run(action));
      } catch (error) {
        return result(false, `not accepted: ${(error as Error).message}`);
      }
      if (!ok) return result(false, this.#takenMessage(accelerator));
      this.#registered.push(accelerator);
      return result(true, null);
    });
    return this.status();
  }

  unregisterAll(): void {
    for (const accelerator of this.#registered) this.#shortcuts.unregister(accelerator);
    this.#registered = [];
  }

  #takenMessage(accelerator: string): string {
    if (this.#platform === 'linux' && isWayland(this.#env)) {
      return `${accelerator} could not be registered: Wayland does not let apps take global hotkeys. Bind the command (for example \`traydrop capture region\`) in your desktop's keyboard settings instead`;
    }
    return `${accelerator} is taken by another app or by the system: choose another combination`;
  }
}

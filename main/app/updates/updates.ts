/**
 * Updates, as the app runs them: settings (updates.enabled, updates.feedUrl) → one UpdateChecker; a check
 * FIRST_CHECK_MS after start (or after being turned on) and every CHECK_EVERY_MS while enabled; the tray's
 * "Check for updates" and "Restart to install"; a notification when an update is ready (and, for a check the
 * person asked for, when there is none or it failed). Turned off, or where updates cannot work
 * (update-source.ts), nothing is created and no request is made.
 */
import type { Settings } from '../../../common/ipc-contract.ts';
import type { ElectronLike } from '../electron-like.ts';
import type { Notifier } from '../services/notifier.ts';
import { createUpdateChecker, type UpdateChecker, type UpdateCheckerOptions } from './update-checker.ts';
import type { UpdateSource } from './update-source.ts';
import type { UpdateState } from './update-state.ts';

export const FIRST_CHECK_MS = 30_000;
export const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

export interface Updates {
  state(): UpdateState;
  /** The tray's "Check for updates": says the outcome in a notification. */
  checkNow(): Promise<UpdateState>;
  /** The tray's "Restart to install". */
  install(): void;
  /** The settings changed. */
  apply(settings: Settings['updates']): void;
  stop(): void;
}

export interface UpdatesOptions extends Pick<
  UpdateCheckerOptions,
  'platform' | 'env' | 'home' | 'userDataDir' | 'log'
> {
  electron: Pick<ElectronLike, 'app' | 'net' | 'session'>;
  source: UpdateSource;
  settings: Settings['updates'];
  notifier: Pick<Notifier, 'info' | 'error'>;
  /** The state changed (the tray follows). */
  changed: () => void;
  schedule?: { firstMs: number; everyMs: number };
}

export function startUpdates(options: UpdatesOptions): Updates {
  const { source, notifier } = options;
  const schedule = options.schedule ?? { firstMs: FIRST_CHECK_MS, everyMs: CHECK_EVERY_MS };
  let settings = options.settings;
  let checker: UpdateChecker | undefined;
  let checkerFeed: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  const notifiedReady = new Set<string>();

  const off = (): string | undefined =>
    'off' in source ? source.off : settings.enabled ? undefined : 'turned off in Settings';
  const state = (): UpdateState => {
    const why = off();
    return why !== undefined ? { kind: 'off', reason: why } : (checker?.state() ?? { kind: 'idle' });
  };
  const busy = (): boolean => ['checking', 'available', 'downloading', 'ready'].includes(checker?.state().kind ?? '');

  /** The checker for the current feed; a new one when the feed changed, unless one is mid-download or ready. */
  const current = (): UpdateChecker | undefined => {
    if ('off' in source || !settings.enabled) return undefined;
    if (checker && (checkerFeed === settings.feedUrl || busy())) return checker;
    checkerFeed = settings.feedUrl;
    checker = createUpdateChecker({ ...options, ...source, feedUrl: settings.feedUrl });
    checker.onChange((next) => {
      if (next.kind === 'ready' && !notifiedReady.has(next.version)) {
        notifiedReady.add(next.version);
        notifier.info(
          `Traydrop ${next.version} is ready to install`,
          'Choose “Restart to install” in the tray menu, or it installs the next time you quit Traydrop.',
        );
      }
      options.changed();
    });
    return checker;
  };

  const automatic = (): void => void current()?.check();
  const plan = (): void => {
    clearTimeout(timer);
    clearInterval(timer);
    timer = undefined;
    if (off() !== undefined) return;
    timer = setTimeout(() => {
      automatic();
      timer = setInterval(automatic, schedule.everyMs);
      timer.unref();
    }, schedule.firstMs);
    timer.unref();
  };
  plan();

  return {
    state,
    async checkNow() {
      const c = current();
      if (!c) return state();
      const result = await c.check();
      if (result.kind === 'none') notifier.info('Traydrop is up to date', `${result.version} is the newest version.`);
      if (result.kind === 'failed') notifier.error('update check failed', `${result.reason}.`);
      return result;
    },
    install() {
      if (checker?.state().kind !== 'ready') return;
      // the installer starts the new version before this one has quit: it must be able to take the lock
      options.electron.app.releaseSingleInstanceLock();
      checker.install();
      // it could not be installed (said as `failed`): this one keeps running, and stays the only one
      if (checker.state().kind === 'failed') options.electron.app.requestSingleInstanceLock();
    },
    apply(next) {
      const changed = next.enabled !== settings.enabled || next.feedUrl !== settings.feedUrl;
      settings = next;
      if (!changed) return;
      // a new feed starts from idle (what the old one said does not hold for it); a download in flight stays
      if (!busy()) checker = undefined;
      plan();
      options.changed();
    },
    stop() {
      clearTimeout(timer);
      clearInterval(timer);
      timer = undefined;
    },
  };
}

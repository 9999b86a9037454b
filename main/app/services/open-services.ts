/**
 * The app's services over the core, opened once it is ready: the settings (a hand-edited value that was not
 * valid is reset, logged and said in a notification), the queue through openQueue(), notifications and the
 * account (pairing, server-side settings).
 */
import path from 'node:path';
import { openQueue, type OpenedQueue } from '../../queue/open-queue.ts';
import type { MakeSettingsConf } from '../../settings/index.ts';
import type { ElectronLike } from '../electron-like.ts';
import { SettingsStore } from '../settings-store.ts';
import { Account } from './account.ts';
import { notifier as makeNotifier, type Notifier } from './notifier.ts';
import { QueueService, type QueueServiceOptions } from './queue-service.ts';

export interface ServiceOptions {
  electron: Pick<ElectronLike, 'safeStorage' | 'Notification' | 'shell'>;
  /** The config folder: settings.json, queue.db, queue-paused. */
  dir: string;
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  makeSettingsConf?: MakeSettingsConf;
  makeRunner?: QueueServiceOptions['makeRunner'];
  log: (line: string) => void;
}

export interface AppServices {
  settings: SettingsStore;
  /** The queue as opened (closed last, at shutdown). */
  opened: OpenedQueue;
  queue: QueueService;
  notifier: Notifier;
  account: Account;
}

export async function openServices(options: ServiceOptions): Promise<AppServices> {
  const { electron, dir, log } = options;
  const settings = await SettingsStore.open({
    dir,
    platform: options.platform,
    home: options.home,
    env: options.env,
    safeStorage: electron.safeStorage,
    ...(options.makeSettingsConf ? { makeConf: options.makeSettingsConf } : {}),
  });
  const reset = Object.entries(settings.loadProblems);
  for (const [field, problem] of reset) log(`settings: ${field || 'file'}: ${problem}`);
  const opened = openQueue(dir);
  const queue = new QueueService({
    queue: opened,
    makeRunner: options.makeRunner,
    pausedFile: path.join(dir, 'queue-paused'),
  });
  const notifier = makeNotifier(electron, log);
  if (reset.length > 0) {
    // a hand-edited value that was not valid: the user hears which, not only the log
    const what = reset.map(([field, problem]) => (field ? `${field} (${problem})` : problem)).join('; ');
    notifier.info('Some settings were reset', `Back to their defaults: ${what}. Open Settings… to set them again.`);
  }
  return { settings, opened, queue, notifier, account: new Account({ settings, queue }) };
}

/**
 * The app's settings: the settings core (main/settings: a conf store with JSON Schema, migrations and the
 * settings window's per-field checks), opened through electron-store by the real app (entry.ts passes it as
 * `makeConf`) and through conf itself in tests, plus what only the app has: the encrypted device token
 * (token-vault.ts), the pairing it shares with the CLI (config.json: serverUrl, userId, shareBaseUrl, expiryRules,
 * as `traydrop login` writes them), and change listeners.
 */
import type Conf from 'conf';
import type { Settings, SettingsPatch } from '../../common/ipc-contract.ts';
import { clientConfigStore, type ClientConfig, type ClientConfigStore } from '../config/client-config.ts';
import { deviceTokenStore, type DeviceTokenStore } from '../config/device-token-store.ts';
import {
  makeConf as plainConf,
  openSettings,
  validateSettingsPatch,
  type MakeSettingsConf,
  type PlatformInfo,
} from '../settings/index.ts';
import type { Pairing } from '../queue/pairing.ts';
import type { ElectronLike } from './electron-like.ts';
import { tokenVault, type TokenVault } from './token-vault.ts';

export interface SettingsStoreOptions extends PlatformInfo {
  dir: string;
  safeStorage: ElectronLike['safeStorage'];
  /** How the store is made: electron-store in the app, conf (the default) elsewhere. */
  makeConf?: MakeSettingsConf;
}

type Listener = (settings: Settings, previous: Settings) => void;

export class SettingsStore {
  readonly dir: string;
  readonly vault: TokenVault;
  /** Fields of settings.json that were refused at load (shown once, then replaced by defaults). */
  readonly loadProblems: Record<string, string>;
  readonly #config: ClientConfigStore;
  readonly #cliTokens: DeviceTokenStore;
  readonly #platform: NodeJS.Platform;
  readonly #conf: Conf<Settings>;
  readonly #listeners = new Set<Listener>();
  #settings: Settings;

  private constructor(
    options: SettingsStoreOptions,
    conf: Conf<Settings>,
    settings: Settings,
    problems: Record<string, string>,
  ) {
    this.dir = options.dir;
    this.#conf = conf;
    const cliTokens = deviceTokenStore(options.dir, {
      platform: options.platform,
      ...(options.env ? { env: options.env } : {}),
    });
    this.#cliTokens = cliTokens;
    this.#config = clientConfigStore(options.dir, cliTokens);
    this.vault = tokenVault(options.dir, options.safeStorage, options.platform, cliTokens);
    this.loadProblems = problems;
    this.#platform = options.platform;
    this.#settings = settings;
  }

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const loaded = openSettings(options.dir, options, options.makeConf ?? plainConf);
    const store = new SettingsStore(options, loaded.conf, loaded.settings, loaded.problems);
    const config = await store.#config.load();
    // The pairing and the expiry rules are shared with the CLI: config.json is their home.
    store.#settings = {
      ...store.#settings,
      serverUrl: config.serverUrl ?? null,
      userId: config.userId ?? null,
      expiryRules: loaded.fresh ? config.expiryRules : store.#settings.expiryRules,
    };
    return store;
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Validates and saves; refused fields keep their value and come back in `errors`. */
  async save(
    patch: SettingsPatch | Record<string, unknown>,
  ): Promise<{ settings: Settings; errors: Record<string, string> }> {
    const { settings, errors } = validateSettingsPatch(this.#settings, patch, { platform: this.#platform });
    await this.#commit(settings);
    return { settings: this.get(), errors };
  }

  /** Server-side values (expiry rules, custom domain) adopted as they are, after the server checked them. */
  async adoptServer(values: Pick<Settings, 'expiryRules' | 'customDomain'>): Promise<void> {
    await this.#commit({ ...this.#settings, ...values });
  }

  /** The paired server with its token, or undefined. Re-reads config.json: `traydrop login` may have run meanwhile. */
  async pairing(): Promise<Pairing | undefined> {
    const config = await this.#config.load();
    const stored = await this.vault.load();
    if (!config.serverUrl || !config.userId || !config.shareBaseUrl || !stored) return undefined;
    if (config.serverUrl !== this.#settings.serverUrl || config.userId !== this.#settings.userId) {
      await this.#commit({ ...this.#settings, serverUrl: config.serverUrl, userId: config.userId });
    }
    return {
      serverUrl: config.serverUrl,
      userId: config.userId,
      shareBaseUrl: config.shareBaseUrl,
      token: stored.token,
    };
  }

  /** Stores the token encrypted (throws TokenStorageError where it cannot) and the pairing for the CLI too. */
  async setPairing(pairing: Pairing): Promise<void> {
    await this.vault.save(pairing.token);
    // The CLI shares the pairing (config.json below); where there is a keyring it gets the token there too, so
    // `traydrop share` works without a login of its own. Never a plain file: without a keyring it logs in itself.
    await this.#cliTokens.saveInKeyring(pairing.token);
    const config = await this.#config.load();
    const next: ClientConfig = {
      ...config,
      serverUrl: pairing.serverUrl,
      userId: pairing.userId,
      shareBaseUrl: pairing.shareBaseUrl,
    };
    await this.#config.save(next);
    await this.#commit({ ...this.#settings, serverUrl: pairing.serverUrl, userId: pairing.userId });
  }

  /** Forgets the pairing on this machine, for the CLI as well (they share it). */
  async clearPairing(): Promise<void> {
    await this.vault.clear();
    await this.#config.clearToken();
    const { serverUrl: _s, userId: _u, shareBaseUrl: _b, ...rest } = await this.#config.load();
    await this.#config.save(rest);
    await this.#commit({ ...this.#settings, serverUrl: null, userId: null });
  }

  async #commit(settings: Settings): Promise<void> {
    const previous = this.#settings;
    this.#conf.store = settings; // checked by the JSON Schema: a refusal here is a bug, and it throws
    this.#settings = settings;
    if (JSON.stringify(previous.expiryRules) !== JSON.stringify(settings.expiryRules)) {
      const config = await this.#config.load();
      await this.#config.save({ ...config, expiryRules: settings.expiryRules });
    }
    for (const listener of this.#listeners) {
      try {
        listener(this.get(), previous);
      } catch {
        // one listener's bug must not stop saving
      }
    }
  }
}

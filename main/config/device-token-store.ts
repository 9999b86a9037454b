/**
 * Where `traydrop login` keeps the device token, and where the CLI (and the app, for a CLI pairing) finds it:
 *
 *  - in the desktop keyring (Secret Service: GNOME Keyring, KWallet, KeePassXC) when the session has one, so it
 *    is never in a file in plain text; a plain `device-token` file left by an older login is removed then;
 *  - otherwise (no keyring: a headless box, an SSH session, macOS and Windows for now) in `device-token`, mode
 *    0600 in the config folder, and `login` says so.
 *
 * TRAYDROP_TOKEN_STORAGE=file always uses the file (a box whose keyring would prompt at every cron job).
 * The keyring item is found by the config folder, so every profile (TRAYDROP_CONFIG_DIR) has its own.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  KeyringLockedError,
  NoKeyringError,
  openSecretService,
  type SecretService,
} from '../keyring/secret-service.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { readIfExists } from './read-if-exists.ts';

export const TOKEN_FILE = 'device-token';
export const TOKEN_SCHEMA = 'org.traydrop.DeviceToken';

export type TokenLocation = 'keyring' | 'file';

/** How the token file is guarded, in words: mode 0600 means nothing on Windows, where the profile's ACLs decide. */
export function tokenFileGuard(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'in your user profile, not encrypted' : 'readable only by you';
}

export interface SavedToken {
  where: TokenLocation;
  /** The file: why the keyring was not used (undefined when it was not tried). */
  keyringProblem?: string;
}

export interface DeviceTokenStore {
  readonly file: string;
  load(): Promise<string | undefined>;
  /** The token and where it was found (`traydrop status` says which). */
  locate(): Promise<{ token: string; where: TokenLocation } | undefined>;
  save(token: string): Promise<SavedToken>;
  /**
   * Only into the keyring (the app sharing its pairing with the CLI: never a plain file); true when it is there.
   * A token file of an earlier `login` is removed then, since it would shadow this one.
   */
  saveInKeyring(token: string): Promise<boolean>;
  clear(): Promise<void>;
}

export interface DeviceTokenStoreOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Opens the keyring (tests: another bus, a shorter prompt time). */
  openKeyring?: () => Promise<SecretService>;
}

/** Whether the keyring is tried at all: a freedesktop session (Linux, BSD) unless the user asked for the file. */
export function usesKeyring(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  return env.TRAYDROP_TOKEN_STORAGE !== 'file' && platform !== 'darwin' && platform !== 'win32';
}

export function deviceTokenStore(dir: string, options: DeviceTokenStoreOptions = {}): DeviceTokenStore {
  const env = options.env ?? process.env;
  const file = path.join(dir, TOKEN_FILE);
  const attributes = { 'xdg:schema': TOKEN_SCHEMA, application: 'traydrop', profile: path.resolve(dir) };
  const keyring = usesKeyring(env, options.platform ?? process.platform);
  const open = options.openKeyring ?? (() => openSecretService({ env }));

  const withKeyring = async <T>(use: (service: SecretService) => Promise<T>): Promise<T> => {
    const service = await open();
    try {
      return await use(service);
    } finally {
      service.close();
    }
  };

  const locate = async (): Promise<{ token: string; where: TokenLocation } | undefined> => {
    const plain = (await readIfExists(file))?.trim();
    if (plain) return { token: plain, where: 'file' };
    if (!keyring) return undefined;
    try {
      const token = await withKeyring((service) => service.lookup(attributes));
      return token ? { token, where: 'keyring' } : undefined;
    } catch (error) {
      if (error instanceof NoKeyringError) return undefined;
      if (error instanceof KeyringLockedError) {
        throw new KeyringLockedError(
          `the keyring, where \`traydrop login\` keeps the device token, stays locked (${error.message})`,
        );
      }
      throw error;
    }
  };

  /** Stores the token in the keyring and removes a token file that would shadow it; the problem, if it could not. */
  const intoKeyring = async (token: string): Promise<string | undefined> => {
    try {
      await withKeyring((service) => service.store(`Traydrop device token (${attributes.profile})`, attributes, token));
    } catch (error) {
      return (error as Error).message;
    }
    await rm(file, { force: true });
    return undefined;
  };

  return {
    file,
    locate,
    load: async () => (await locate())?.token,
    async save(token) {
      const keyringProblem = keyring ? await intoKeyring(token) : undefined;
      if (keyring && keyringProblem === undefined) return { where: 'keyring' };
      await writeFileAtomic(file, token + '\n', 0o600);
      return keyringProblem === undefined ? { where: 'file' } : { where: 'file', keyringProblem };
    },
    saveInKeyring: async (token) => keyring && (await intoKeyring(token)) === undefined,
    async clear() {
      await rm(file, { force: true });
      if (!keyring) return;
      try {
        await withKeyring((service) => service.remove(attributes));
      } catch (error) {
        if (!(error instanceof NoKeyringError)) throw error;
      }
    },
  };
}

/**
 * Where `traydrop login` keeps the device token, and where the CLI (and the app, for a CLI pairing) finds it:
 *
 *  - in the system keychain (keyring/os-keychain.ts: the macOS Keychain, Windows Credential Manager, the
 *    Secret Service on Linux), one entry per config folder, so it is never in a file in plain text;
 *  - where there is none (a headless box, an SSH session without a session bus) in `device-token`, mode 0600
 *    in the config folder, and `login` and `status` say so and why.
 *
 * A token where an earlier version kept it moves into the keychain once, on the first read that finds it
 * (token-migration.ts): the 0600 file (macOS, Windows, Linux without a keyring), or our own Secret Service item
 * (Linux). The file is read first, as it always was: it is only written when the keychain failed, so it is the
 * newer token. TRAYDROP_TOKEN_STORAGE=file always uses the file (a box whose keyring would prompt at every cron
 * job) and moves nothing.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { KeyringLockedError, NoKeyringError } from '../keyring/keyring-errors.ts';
import { isSecretServicePlatform, type Keychain, osKeychain } from '../keyring/os-keychain.ts';
import { openSecretService, type SecretService } from '../keyring/secret-service.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { storing } from './storage-problem.ts';
import { readIfExists } from './read-if-exists.ts';
import { moveIntoKeychain, oldKeyringItem } from './token-migration.ts';

export const TOKEN_FILE = 'device-token';
/** The keychain entry's service (its account is the config folder); also the schema of the old D-Bus items. */
export const TOKEN_SCHEMA = 'org.traydrop.DeviceToken';

export type TokenLocation = 'keyring' | 'file';

/** How the token file is guarded, in words: mode 0600 means nothing on Windows, where the profile's ACLs decide. */
export function tokenFileGuard(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'in your user profile, not encrypted' : 'readable only by you';
}

export interface SavedToken {
  where: TokenLocation;
  /** The file: why the keychain was not used (undefined when it was not tried). */
  keyringProblem?: string;
}

export interface FoundToken {
  token: string;
  where: TokenLocation;
  /** Why a token found where an earlier version kept it could not move into the keychain (it stays there). */
  keyringProblem?: string;
}

export interface DeviceTokenStore {
  readonly file: string;
  load(): Promise<string | undefined>;
  /** The token and where it was found (`traydrop status` says which). */
  locate(): Promise<FoundToken | undefined>;
  save(token: string): Promise<SavedToken>;
  /**
   * Only into the keychain (the app sharing its pairing with the CLI: never a plain file); true when it is there.
   * A token file of an earlier `login` is removed then, since it would shadow this one.
   */
  saveInKeyring(token: string): Promise<boolean>;
  clear(): Promise<void>;
}

export interface DeviceTokenStoreOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The keychain (tests: one that fails, or stands in for macOS and Windows). */
  keychain?: Keychain;
  /** Opens our own Secret Service client, to find an earlier version's item (tests: one in memory). */
  openOldKeyring?: () => Promise<SecretService>;
  /** How long the keyring's unlock prompt may take (the user types a password). Default 60 s. */
  promptTimeoutMs?: number;
}

/** Whether the keychain is tried at all: unless the user asked for the file. */
export function usesKeychain(env: NodeJS.ProcessEnv): boolean {
  return env.TRAYDROP_TOKEN_STORAGE !== 'file';
}

export function deviceTokenStore(dir: string, options: DeviceTokenStoreOptions = {}): DeviceTokenStore {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const file = path.join(dir, TOKEN_FILE);
  const profile = path.resolve(dir);
  const keychainOn = usesKeychain(env);
  const promptTimeoutMs = options.promptTimeoutMs ?? 60_000;
  const keychain = options.keychain ?? osKeychain(TOKEN_SCHEMA, profile, { platform, env, timeoutMs: promptTimeoutMs });
  const oldItem = isSecretServicePlatform(platform)
    ? oldKeyringItem({ 'xdg:schema': TOKEN_SCHEMA, application: 'traydrop', profile }, () =>
        (options.openOldKeyring ?? (() => openSecretService({ env, promptTimeoutMs })))(),
      )
    : undefined;

  /** Into the keychain, checked, then the older copies go; the problem when it could not (they stay). */
  const intoKeychain = async (token: string): Promise<string | undefined> => {
    const problem = await moveIntoKeychain(token, keychain);
    if (problem !== undefined) return problem;
    await rm(file, { force: true });
    await oldItem?.removeQuietly();
    return undefined;
  };

  const inKeychain = async (): Promise<string | undefined> => {
    try {
      return await keychain.get();
    } catch (error) {
      if (error instanceof NoKeyringError) return undefined;
      if (error instanceof KeyringLockedError) {
        throw new KeyringLockedError(
          `the ${keychain.name}, where \`traydrop login\` keeps the device token, stays locked (${error.message})`,
        );
      }
      throw error;
    }
  };

  const locate = async (): Promise<FoundToken | undefined> => {
    const plain = (await readIfExists(file))?.trim();
    if (plain) {
      const keyringProblem = keychainOn ? await intoKeychain(plain) : undefined;
      if (keychainOn && keyringProblem === undefined) return { token: plain, where: 'keyring' };
      return keyringProblem === undefined
        ? { token: plain, where: 'file' }
        : { token: plain, where: 'file', keyringProblem };
    }
    if (!keychainOn) return undefined;
    const token = await inKeychain();
    if (token) return { token, where: 'keyring' };
    const old = await oldItem?.lookup();
    if (!old) return undefined;
    const keyringProblem = await intoKeychain(old);
    return keyringProblem === undefined
      ? { token: old, where: 'keyring' }
      : { token: old, where: 'keyring', keyringProblem };
  };

  return {
    file,
    locate,
    load: async () => (await locate())?.token,
    async save(token) {
      const keyringProblem = keychainOn ? await intoKeychain(token) : undefined;
      if (keychainOn && keyringProblem === undefined) return { where: 'keyring' };
      await storing(file, 'write', () => writeFileAtomic(file, token + '\n', 0o600));
      return keyringProblem === undefined ? { where: 'file' } : { where: 'file', keyringProblem };
    },
    saveInKeyring: async (token) => keychainOn && (await intoKeychain(token)) === undefined,
    async clear() {
      await storing(file, 'write', () => rm(file, { force: true })); // which file, why, what to do
      if (!keychainOn) return;
      try {
        await keychain.delete();
      } catch (error) {
        if (!(error instanceof NoKeyringError)) throw error;
      }
      await oldItem?.remove();
    },
  };
}

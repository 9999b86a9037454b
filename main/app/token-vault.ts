/**
 * The device token at rest: encrypted with Electron's safeStorage (Keychain on macOS, DPAPI on Windows,
 * libsecret/KWallet on Linux) in `device-token.enc`. Never written in plain text by the app. Where safeStorage
 * cannot encrypt for real (no keyring on Linux gives the `basic_text` backend, a fixed key), the app refuses to
 * store the token and says so. A token the user saved with `traydrop login` is still used, read-only, from
 * where the CLI keeps it (the keyring, or its 0600 file where there is none: config/device-token-store.ts).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.ts';
import { readIfExists } from '../config/read-if-exists.ts';
import type { DeviceTokenStore } from '../config/device-token-store.ts';
import type { ElectronLike } from './electron-like.ts';

export const ENCRYPTED_TOKEN_FILE = 'device-token.enc';

export class TokenStorageError extends Error {
  override name = 'TokenStorageError';
}

export interface TokenVault {
  /** Why the token cannot be stored encrypted here, or undefined when it can. */
  problem(): string | undefined;
  save(token: string): Promise<void>;
  load(): Promise<{ token: string; source: 'encrypted' | 'cli' } | undefined>;
  clear(): Promise<void>;
}

export function tokenVault(
  dir: string,
  safeStorage: ElectronLike['safeStorage'],
  platform: NodeJS.Platform,
  cliTokens: Pick<DeviceTokenStore, 'load'>,
): TokenVault {
  const encFile = path.join(dir, ENCRYPTED_TOKEN_FILE);
  const problem = (): string | undefined => {
    if (!safeStorage.isEncryptionAvailable()) {
      return 'this system offers no secure storage for the device token (no keyring), so Traydrop will not store it; pair with `traydrop login` in a terminal instead, or set up a keyring and try again';
    }
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'no keyring (GNOME Keyring or KWallet) is running, so the token could only be stored with a fixed key, which is not secret; start a keyring and try again, or pair with `traydrop login` in a terminal';
    }
    return undefined;
  };
  return {
    problem,
    async save(token) {
      const why = problem();
      if (why) throw new TokenStorageError(why);
      const encrypted = safeStorage.encryptString(token);
      await writeFileAtomic(encFile, encrypted.toString('base64') + '\n', 0o600);
    },
    async load() {
      const enc = await readIfExists(encFile);
      if (enc && safeStorage.isEncryptionAvailable()) {
        try {
          return { token: safeStorage.decryptString(Buffer.from(enc.trim(), 'base64')), source: 'encrypted' };
        } catch {
          // encrypted under another login or keyring: fall through, the user pairs again
        }
      }
      const cli = await cliTokens.load();
      return cli ? { token: cli, source: 'cli' } : undefined;
    },
    async clear() {
      await rm(encFile, { force: true });
    },
  };
}

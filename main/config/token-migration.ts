/**
 * Moving the device token into the system keychain without ever losing it: it is written, read back and compared
 * before any older copy is removed; when the keychain refuses it or gives back something else, the older copy
 * stays where it was and the caller says why. And the item earlier versions wrote through our own Secret Service
 * client (Linux): a different item from the keychain binding's (other attributes), so it is found through that
 * client, moved once, and removed.
 */
import { KeyringLockedError, NoKeyringError } from '../keyring/keyring-errors.ts';
import type { Keychain } from '../keyring/os-keychain.ts';
import type { SecretService } from '../keyring/secret-service.ts';

/** Why the keychain did not take the token, in the words printed after "not in a keyring: ". */
export function keychainProblem(error: unknown, keychain: Pick<Keychain, 'name'>): string {
  if (error instanceof NoKeyringError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KeyringLockedError) return `the ${keychain.name} did not unlock (${message})`;
  return message;
}

/** Stores `token` in the keychain and checks it reads back the same; undefined when it did, else why not. */
export async function moveIntoKeychain(token: string, keychain: Keychain): Promise<string | undefined> {
  try {
    await keychain.set(token);
    const back = await keychain.get();
    if (back === token) return undefined;
    await keychain.delete().catch(() => false); // a wrong entry would shadow the older copy, which is kept
    return `the ${keychain.name} did not give the token back as it was stored`;
  } catch (error) {
    return keychainProblem(error, keychain);
  }
}

/** The Secret Service item an earlier version wrote with our own D-Bus client. */
export interface OldKeyringItem {
  /** Its token; undefined when there is no such item or no keyring. */
  lookup(): Promise<string | undefined>;
  /** Removes it (no keyring: nothing to remove). */
  remove(): Promise<void>;
  /** Removes it if it can: the token is safe in the keychain already, and `logout` tries again. */
  removeQuietly(): Promise<void>;
}

export function oldKeyringItem(attributes: Record<string, string>, open: () => Promise<SecretService>): OldKeyringItem {
  const withService = async <T>(use: (service: SecretService) => Promise<T>): Promise<T> => {
    const service = await open();
    try {
      return await use(service);
    } finally {
      service.close();
    }
  };
  const remove = async (): Promise<void> => {
    try {
      await withService((service) => service.remove(attributes));
    } catch (error) {
      if (!(error instanceof NoKeyringError)) throw error;
    }
  };
  return {
    async lookup() {
      try {
        return await withService((service) => service.lookup(attributes));
      } catch (error) {
        if (error instanceof NoKeyringError) return undefined;
        if (error instanceof KeyringLockedError) {
          throw new KeyringLockedError(
            `the keyring, where an earlier \`traydrop login\` kept the device token, stays locked (${error.message})`,
          );
        }
        throw error;
      }
    },
    remove,
    removeQuietly: () => remove().catch(() => undefined),
  };
}

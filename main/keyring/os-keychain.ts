/**
 * One secret in the system keychain, the same way on every platform, through @napi-rs/keyring (a maintained,
 * prebuilt binding of the Rust `keyring` crate; nothing to compile): the macOS Keychain, Windows Credential
 * Manager, and elsewhere the freedesktop Secret Service (GNOME Keyring, KWallet, KeePassXC) over the libdbus
 * linked into the binding. A locked keychain is unlocked through its own prompt.
 *
 * Why this wrapper:
 *  - the binding is loaded on first use, not on import, so a command that needs no token never pays for it, and
 *    a platform without a prebuilt binary gets NoKeyringError (the caller falls back to its file), not a crash;
 *  - on Linux it is pinned to the Secret Service: the binding's own fallback, the kernel keyring, forgets at reboot;
 *  - libdbus finds the session bus in this process's environment, once per process (the binding keeps the store
 *    it chose first), so an `env` that names no bus or another bus is refused here, never silently ignored;
 *  - the binding's errors are strings; they become NoKeyringError / KeyringLockedError here;
 *  - the binding waits for an unlock prompt forever, and its pending call keeps the process alive whatever we
 *    give up on, so on the Secret Service our own client (secret-service.ts) unlocks the keyring first, with a
 *    prompt given up after `timeoutMs`; a prompt still pending in the binding (macOS, Windows, a collection that
 *    is not the default) is given up after `timeoutMs` too, but the process then lives until it is answered.
 */
import { createRequire } from 'node:module';
import type * as Napi from '@napi-rs/keyring';
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { sessionBusAddress } from '../dbus/bus-address.ts';
import { KeyringLockedError, NoKeyringError } from './keyring-errors.ts';
import { openSecretService } from './secret-service.ts';

export interface Keychain {
  /** What the user knows it as: `keyring (Secret Service)`, `macOS Keychain`, `Windows Credential Manager`. */
  readonly name: string;
  /** The secret, or undefined when there is no entry. */
  get(): Promise<string | undefined>;
  /** Stores the secret, replacing the entry's. */
  set(secret: string): Promise<void>;
  /** Deletes the entry; true when there was one. */
  delete(): Promise<boolean>;
}

export interface OsKeychainOptions {
  /** Which keychain to expect (tests); the binding itself always uses this machine's. */
  platform?: NodeJS.Platform;
  /** Must name the session bus this process's environment names (the only one libdbus can use). */
  env?: NodeJS.ProcessEnv;
  /** How long an unlock prompt may take (the user types a password). Default 60 s. */
  timeoutMs?: number;
  /** Secret Service platforms: unlocks the keyring before the binding touches it (default: our own client). */
  unlock?: () => Promise<void>;
}

type Binding = typeof Napi;

/** Whether the platform's keychain is the freedesktop Secret Service on the D-Bus session bus. */
export const isSecretServicePlatform = (platform: NodeJS.Platform): boolean =>
  platform !== 'darwin' && platform !== 'win32';

/** The platform's keychain in the user's words. */
export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'keyring (Secret Service)';
}

/** The binding's options for the platform: the Secret Service required, never the kernel keyring. */
export function entryOptions(platform: NodeJS.Platform): EntryOptions | undefined {
  return isSecretServicePlatform(platform) ? { linux: { store: 'secret-service' } } : undefined;
}

let binding: Binding | undefined;

function loadBinding(): Binding {
  try {
    binding ??= createRequire(import.meta.url)('@napi-rs/keyring') as Binding;
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new NoKeyringError(`the keychain module does not load on this system (${why})`);
  }
  return binding;
}

/** The binding's error as NoKeyringError (none to use), KeyringLockedError (stays locked) or a plain Error. */
export function sortKeychainError(error: unknown, name: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const unusable = /^Platform failure: (?:DBus error: )?(.*)$/s.exec(message)?.[1];
  if (unusable !== undefined) {
    if (/not provided by any \.service files|ServiceUnknown|NameHasNoOwner/.test(unusable))
      return new NoKeyringError('no keyring (Secret Service) runs on this session bus');
    if (/autolaunch|DBUS_SESSION_BUS_ADDRESS/.test(unusable))
      return new NoKeyringError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
    if (/Failed to connect to socket/.test(unusable))
      return new NoKeyringError(`cannot reach the D-Bus session bus (${unusable})`);
    return new NoKeyringError(`the ${name} cannot be used here: ${unusable}`);
  }
  const locked = /^Couldn't access platform storage: (?:Secret Service: )?(.*)$/s.exec(message)?.[1];
  if (locked !== undefined) return new KeyringLockedError(locked);
  return new Error(`the ${name} failed: ${message}`);
}

/** Unlocks the default collection through our own client: its prompt wait ends (see above). */
async function unlockSecretService(env: NodeJS.ProcessEnv, promptTimeoutMs: number): Promise<void> {
  const service = await openSecretService({ env, promptTimeoutMs });
  try {
    await service.unlockDefault();
  } catch (error) {
    if (!(error instanceof KeyringLockedError)) throw error;
    throw new KeyringLockedError(error.message.replace(/^the keyring did not unlock: /, ''));
  } finally {
    service.close();
  }
}

/** The keychain entry `service`/`account`; nothing is loaded or opened until the first call. */
export function osKeychain(service: string, account: string, options: OsKeychainOptions = {}): Keychain {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const name = keychainName(platform);
  const secretService = isSecretServicePlatform(platform);
  const unlock = options.unlock ?? (() => unlockSecretService(env, timeoutMs));
  let entry: AsyncEntry | undefined;

  /** libdbus can only use the bus this process's environment names: another one asked for is refused. */
  const checkBus = (): void => {
    const wanted = sessionBusAddress(env);
    if (!wanted) throw new NoKeyringError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
    const own = sessionBusAddress(process.env);
    if (wanted !== own)
      throw new NoKeyringError(
        `the keychain module can only use this process's session bus (${own ?? 'none'}), not ${wanted}`,
      );
  };

  const run = async <T>(use: (entry: AsyncEntry) => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (secretService) {
        checkBus();
        await unlock();
      }
      entry ??= new (loadBinding().AsyncEntry)(service, account, entryOptions(platform));
      const unanswered = new Promise<never>((_, reject) => {
        const seconds = Math.round(timeoutMs / 1000);
        timer = setTimeout(
          () => reject(new KeyringLockedError(`its unlock prompt was not answered in ${seconds} s`)),
          timeoutMs,
        );
      });
      return await Promise.race([use(entry), unanswered]);
    } catch (error) {
      throw error instanceof NoKeyringError || error instanceof KeyringLockedError
        ? error
        : sortKeychainError(error, name);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name,
    get: () => run(async (e) => (await e.getPassword()) ?? undefined),
    set: (secret) => run((e) => e.setPassword(secret)),
    delete: () => run((e) => e.deletePassword()),
  };
}

/**
 * A secret in the desktop keyring through the freedesktop Secret Service API over our own D-Bus client
 * (main/dbus/). Traydrop keeps the device token in the system keychain now (os-keychain.ts); this client stays for
 * two things the keychain binding cannot do:
 *
 *  - unlock the keyring with a prompt whose wait has an end: the binding waits for the keyring's prompt forever,
 *    and its pending call keeps the process alive after any timeout of ours (a `traydrop` that never exits);
 *  - find the items earlier versions wrote (attributes `xdg:schema`, `application`, `profile`, which the binding's
 *    items do not have), so that they move into the keychain once and go (config/device-token-store.ts).
 *
 * How it talks:
 *  - a `plain` session: the secret travels unencrypted over the session bus, which only this user can reach;
 *  - items are found by attributes, stored in the `default` collection (the login keyring), and replaced in place;
 *  - a locked item or collection is unlocked through the keyring's own prompt (the desktop asks for the keyring
 *    password); a prompt that is dismissed or not answered in time is a KeyringLockedError.
 *
 * Tested against the real gnome-keyring-daemon on a private bus (test/integration/keyring.test.ts).
 */
import { type BusConnection, connectSessionBus, DBusError } from '../dbus/bus-connection.ts';
import type { DBusMessage } from '../dbus/message.ts';
import { type DBusValue, variant } from '../dbus/types.ts';
import { KeyringLockedError, NoKeyringError } from './keyring-errors.ts';

const SECRETS = 'org.freedesktop.secrets';
const SERVICE = { destination: SECRETS, path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service' };
const COLLECTION = 'org.freedesktop.Secret.Collection';
const ITEM = 'org.freedesktop.Secret.Item';
const PROMPT = 'org.freedesktop.Secret.Prompt';
const NO_PROMPT = '/';

export interface SecretServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** How long the keyring's unlock prompt may take (the user types a password). Default 60 s. */
  promptTimeoutMs?: number;
  /** Each call's own limit; a keyring that does not answer is not used. Default 5 s. */
  callTimeoutMs?: number;
}

export interface SecretService {
  /** Stores (or replaces) the secret with exactly these attributes. */
  store(label: string, attributes: Record<string, string>, secret: string): Promise<void>;
  /** The secret of the item with these attributes, or undefined. */
  lookup(attributes: Record<string, string>): Promise<string | undefined>;
  /** Deletes every item with these attributes; returns how many. */
  remove(attributes: Record<string, string>): Promise<number>;
  /** Unlocks the default collection (the login keyring) if it is locked: the keyring's prompt, then its answer. */
  unlockDefault(): Promise<void>;
  close(): void;
}

const strings = (value: DBusValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Opens a Secret Service session on the session bus of `env`; NoKeyringError when there is none to use. */
export async function openSecretService(options: SecretServiceOptions = {}): Promise<SecretService> {
  const callTimeoutMs = options.callTimeoutMs ?? 5000;
  const promptTimeoutMs = options.promptTimeoutMs ?? 60_000;
  let bus: BusConnection;
  try {
    bus = await connectSessionBus(options.env, { timeoutMs: callTimeoutMs });
  } catch (error) {
    throw new NoKeyringError((error as Error).message);
  }
  const call = (
    path: string,
    iface: string,
    member: string,
    signature = '',
    body: DBusValue[] = [],
  ): Promise<DBusMessage> =>
    bus.call({ destination: SECRETS, path, interface: iface, member, signature, body, timeoutMs: callTimeoutMs });

  /** Runs a prompt the service asked for and waits for Completed; throws KeyringLockedError unless it succeeds. */
  const prompt = async (path: string, what: string): Promise<DBusValue | undefined> => {
    if (path === NO_PROMPT) return undefined;
    const rule = `type='signal',sender='${SECRETS}',interface='${PROMPT}',member='Completed',path='${path}'`;
    await bus.addMatch(rule);
    let stop = (): void => undefined;
    const completed = new Promise<{ dismissed: boolean; result: DBusValue | undefined }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new KeyringLockedError(`the keyring did not ${what}: its prompt was not answered in time`)),
        promptTimeoutMs,
      );
      const off = bus.onSignal((signal) => {
        if (signal.path !== path || signal.member !== 'Completed') return;
        resolve({ dismissed: signal.body?.[0] === true, result: signal.body?.[1] });
      });
      stop = () => {
        clearTimeout(timer);
        off();
      };
    });
    try {
      await call(path, PROMPT, 'Prompt', 's', ['']);
      const { dismissed, result } = await completed;
      if (dismissed) throw new KeyringLockedError(`the keyring did not ${what}: its prompt was dismissed`);
      return result;
    } catch (error) {
      if (error instanceof DBusError) throw new KeyringLockedError(`the keyring did not ${what}: ${error.message}`);
      throw error;
    } finally {
      stop();
    }
  };

  const unlock = async (paths: string[]): Promise<void> => {
    if (!paths.length) return;
    const reply = await call(SERVICE.path, SERVICE.interface, 'Unlock', 'ao', [paths]);
    await prompt(String(reply.body?.[1] ?? NO_PROMPT), 'unlock');
  };

  let session: string;
  try {
    const opened = await call(SERVICE.path, SERVICE.interface, 'OpenSession', 'sv', ['plain', variant('s', '')]);
    session = String(opened.body?.[1]);
  } catch (error) {
    bus.close();
    throw new NoKeyringError(
      error instanceof DBusError && /ServiceUnknown|NameHasNoOwner/.test(error.errorName)
        ? 'no keyring (Secret Service) runs on this session bus'
        : `the keyring (Secret Service) did not open a session: ${(error as Error).message}`,
    );
  }

  const defaultCollection = async (): Promise<string | undefined> => {
    const alias = await call(SERVICE.path, SERVICE.interface, 'ReadAlias', 's', ['default']);
    const path = String(alias.body?.[0] ?? NO_PROMPT);
    return path === NO_PROMPT ? undefined : path;
  };

  const isLocked = async (path: string): Promise<boolean> => {
    const reply = await call(path, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [COLLECTION, 'Locked']);
    const value = reply.body?.[0];
    return typeof value === 'object' && value !== null && 'value' in value && value.value === true;
  };

  /**
   * The items with these attributes, unlocked. A locked collection may not show its items at all (GNOME Keyring
   * keeps them encrypted), so when none is found and the default collection is locked, it is unlocked (the
   * desktop asks for the keyring password) and searched again.
   */
  const search = async (attributes: Record<string, string>, unlockToFind: boolean): Promise<string[]> => {
    const reply = await call(SERVICE.path, SERVICE.interface, 'SearchItems', 'a{ss}', [attributes]);
    const [unlocked, locked] = [strings(reply.body?.[0]), strings(reply.body?.[1])];
    await unlock(locked);
    const found = [...unlocked, ...locked];
    if (found.length || !unlockToFind) return found;
    const collection = await defaultCollection();
    if (!collection || !(await isLocked(collection))) return found;
    await unlock([collection]);
    return search(attributes, false);
  };

  return {
    async store(label, attributes, secret) {
      const collection = await defaultCollection();
      if (!collection) throw new NoKeyringError('the keyring has no default collection to store in');
      await unlock([collection]);
      const properties = {
        'org.freedesktop.Secret.Item.Label': variant('s', label),
        'org.freedesktop.Secret.Item.Attributes': variant('a{ss}', attributes),
      };
      const value = [...Buffer.from(secret, 'utf8')];
      const created = await call(collection, COLLECTION, 'CreateItem', 'a{sv}(oayays)b', [
        properties,
        [session, [], value, 'text/plain'],
        true,
      ]);
      await prompt(String(created.body?.[1] ?? NO_PROMPT), 'store the secret');
    },
    async lookup(attributes) {
      const [item] = await search(attributes, true);
      if (!item) return undefined;
      const reply = await call(SERVICE.path, SERVICE.interface, 'GetSecrets', 'aoo', [[item], session]);
      const secrets = reply.body?.[0];
      const secret = secrets instanceof Map ? (secrets.get(item) as DBusValue[] | undefined) : undefined;
      const bytes = Array.isArray(secret?.[2]) ? (secret[2] as number[]) : undefined;
      return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
    },
    async remove(attributes) {
      const items = await search(attributes, true);
      for (const item of items) {
        const reply = await call(item, ITEM, 'Delete');
        await prompt(String(reply.body?.[0] ?? NO_PROMPT), 'delete the secret');
      }
      return items.length;
    },
    async unlockDefault() {
      const collection = await defaultCollection();
      if (collection && (await isLocked(collection))) await unlock([collection]);
    },
    close() {
      bus.close(); // the service closes our session when we leave the bus
    },
  };
}

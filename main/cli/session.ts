import { BrokerClient } from '../credentials/broker-client.ts';
import { CredentialProvider } from '../credentials/credential-provider.ts';
import { type ClientConfig, type ClientConfigStore } from '../config/client-config.ts';
import type { FoundToken, TokenLocation } from '../config/device-token-store.ts';
import { KeyringLockedError } from '../keyring/keyring-errors.ts';
import { EXIT } from './cli-io.ts';

/** A paired client: config, the broker over HTTP and a credential cache. */
export interface Session {
  config: ClientConfig & { serverUrl: string };
  broker: BrokerClient;
  credentials: CredentialProvider;
  /** Where the device token was found (`status` says). */
  tokenStorage: TokenLocation;
  /** Why a token found where an earlier version kept it did not move into the keychain (`status` says). */
  tokenStorageProblem?: string;
}

export class CliExit extends Error {
  override name = 'CliExit';
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export async function openSession(store: ClientConfigStore): Promise<Session> {
  const config = await store.load();
  let found: FoundToken | undefined;
  try {
    found = await store.locateToken();
  } catch (error) {
    if (!(error instanceof KeyringLockedError)) throw error;
    throw new CliExit(EXIT.auth, `${error.message}: unlock it and try again, or log in again`);
  }
  if (!config.serverUrl || !found) {
    throw new CliExit(EXIT.auth, 'not logged in. Pair this machine first: traydrop login <server-url> <device-token>');
  }
  const broker = new BrokerClient({ serverUrl: config.serverUrl, token: found.token });
  const credentials = new CredentialProvider({ fetch: () => broker.credentials() });
  return {
    config: { ...config, serverUrl: config.serverUrl },
    broker,
    credentials,
    tokenStorage: found.where,
    ...(found.keyringProblem === undefined ? {} : { tokenStorageProblem: found.keyringProblem }),
  };
}

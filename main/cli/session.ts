import { BrokerClient } from '../credentials/broker-client.ts';
import { CredentialProvider } from '../credentials/credential-provider.ts';
import { type ClientConfig, type ClientConfigStore } from '../config/client-config.ts';
import { KeyringLockedError } from '../keyring/secret-service.ts';
import { EXIT } from './cli-io.ts';

/** A paired client: config, the broker over HTTP and a credential cache. */
export interface Session {
  config: ClientConfig & { serverUrl: string };
  broker: BrokerClient;
  credentials: CredentialProvider;
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
  let token: string | undefined;
  try {
    token = await store.loadToken();
  } catch (error) {
    if (!(error instanceof KeyringLockedError)) throw error;
    throw new CliExit(EXIT.auth, `${error.message}: unlock it and try again, or log in again`);
  }
  if (!config.serverUrl || !token) {
    throw new CliExit(EXIT.auth, 'not logged in. Pair this machine first: traydrop login <server-url> <device-token>');
  }
  const broker = new BrokerClient({ serverUrl: config.serverUrl, token });
  const credentials = new CredentialProvider({ fetch: () => broker.credentials() });
  return { config: { ...config, serverUrl: config.serverUrl }, broker, credentials };
}

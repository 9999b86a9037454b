import { BrokerClient } from '../../main/credentials/broker-client.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import type { TestServer } from './server.ts';

export interface TestClient {
  broker: BrokerClient;
  credentials: CredentialProvider;
  /** How many times the credentials were fetched from the server. */
  fetches: () => number;
}

/** The real client core (broker over HTTP + credential cache) paired with a test server. */
export function clientFor(server: TestServer, token: string): TestClient {
  const broker = new BrokerClient({ serverUrl: server.url, token });
  let fetches = 0;
  const credentials = new CredentialProvider({
    fetch: () => {
      fetches += 1;
      return broker.credentials();
    },
  });
  return { broker, credentials, fetches: () => fetches };
}

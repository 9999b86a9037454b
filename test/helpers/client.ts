import { BrokerClient } from '../../main/credentials/broker-client.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import type { ShareContext } from '../../main/share/share-file.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import type { TestServer } from './server.ts';

/** The real client core (broker over HTTP + credential cache) paired with a test server. */
export function clientFor(server: TestServer, token: string): ShareContext & { fetches: () => number } {
  const broker = new BrokerClient({ serverUrl: server.url, token });
  let fetches = 0;
  const credentials = new CredentialProvider({
    fetch: () => {
      fetches += 1;
      return broker.credentials();
    },
  });
  return { broker, credentials, rules: DEFAULT_EXPIRY_RULES, fetches: () => fetches };
}

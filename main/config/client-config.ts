import path from 'node:path';
import { DEFAULT_EXPIRY_RULES, type ExpiryRules, parseExpiryRules } from '../../common/expiry-rules.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { storing } from './storage-problem.ts';
import { readIfExists } from './read-if-exists.ts';
import { deviceTokenStore, type DeviceTokenStore, type FoundToken, type SavedToken } from './device-token-store.ts';

/** What `traydrop login` pairs with. The token is never in config.json: see device-token-store.ts. */
export interface ClientConfig {
  serverUrl?: string;
  userId?: string;
  shareBaseUrl?: string;
  expiryRules: ExpiryRules;
}

export interface ClientConfigStore {
  readonly dir: string;
  load(): Promise<ClientConfig>;
  save(config: ClientConfig): Promise<void>;
  loadToken(): Promise<string | undefined>;
  /** The token and where it is: the keychain or the 0600 file (undefined: not logged in). */
  locateToken(): Promise<FoundToken | undefined>;
  saveToken(token: string): Promise<SavedToken>;
  clearToken(): Promise<void>;
}

export function clientConfigStore(dir: string, tokens: DeviceTokenStore = deviceTokenStore(dir)): ClientConfigStore {
  const configFile = path.join(dir, 'config.json');
  return {
    dir,
    async load() {
      const text = await readIfExists(configFile);
      if (text === undefined) return { expiryRules: DEFAULT_EXPIRY_RULES };
      let raw: Partial<ClientConfig>;
      try {
        raw = JSON.parse(text) as Partial<ClientConfig>;
      } catch {
        throw new Error(`${configFile} is not valid JSON; fix or delete it`);
      }
      return { ...raw, expiryRules: raw.expiryRules ? parseExpiryRules(raw.expiryRules) : DEFAULT_EXPIRY_RULES };
    },
    // a full disk or a read-only folder: one line that names config.json, why, and what to do
    save: (config) =>
      storing(configFile, 'write', () => writeFileAtomic(configFile, JSON.stringify(config, null, 2) + '\n')),
    loadToken: () => tokens.load(),
    locateToken: () => tokens.locate(),
    saveToken: (token) => tokens.save(token),
    clearToken: () => tokens.clear(),
  };
}

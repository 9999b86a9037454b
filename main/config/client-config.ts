import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_EXPIRY_RULES, type ExpiryRules, parseExpiryRules } from '../../common/expiry-rules.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** What `traydrop login` pairs with. The token itself lives in its own 0600 file, never in config.json. */
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
  saveToken(token: string): Promise<void>;
  clearToken(): Promise<void>;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function clientConfigStore(dir: string): ClientConfigStore {
  const configFile = path.join(dir, 'config.json');
  const tokenFile = path.join(dir, 'device-token');
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
    save: (config) => writeFileAtomic(configFile, JSON.stringify(config, null, 2) + '\n'),
    async loadToken() {
      return (await readIfExists(tokenFile))?.trim() || undefined;
    },
    saveToken: (token) => writeFileAtomic(tokenFile, token + '\n', 0o600),
    clearToken: () => rm(tokenFile, { force: true }),
  };
}

/** Reads the optional JSON config file named by TRAYDROP_SERVER_CONFIG (the impure half of config.ts). */
import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigFileValues, type Env } from './config.ts';

export const CONFIG_FILE_VAR = 'TRAYDROP_SERVER_CONFIG';

export function readConfigFile(env: Env): ConfigFileValues | undefined {
  const path = env[CONFIG_FILE_VAR];
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${CONFIG_FILE_VAR}: cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${CONFIG_FILE_VAR}: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${CONFIG_FILE_VAR}: ${path} must hold a JSON object`);
  }
  return value as ConfigFileValues;
}

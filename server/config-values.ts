/**
 * Reading one server setting: from the environment, else from the JSON config file (same names), trimmed, and
 * checked for its kind (an http(s) URL, an integer in a range, a list, a boolean, a role ARN, a secret). A value
 * that is not what its kind allows throws a ConfigError naming the variable, so `serve` stops with a message that
 * says which setting to fix. server/config.ts puts these together into the configuration.
 */
import { EXPIRY_VALUES, type Expiry, isExpiry } from '../common/expiry.ts';

/** Values as read from a JSON config file: same names as the environment variables. */
export type ConfigFileValues = Record<string, unknown>;

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where settings come from: the environment first, then the config file. */
export type Source = { env: Env; file: ConfigFileValues | undefined };

export function raw(src: Source, name: string): string | undefined {
  const fromEnv = src.env[name];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const value = src.file?.[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value).trim();
  throw new ConfigError(`${name} must be a string, a number or true/false in the config file`);
}

export function required(src: Source, name: string): string {
  const value = raw(src, name);
  if (value === undefined) throw new ConfigError(`${name} is required`);
  return value;
}

export function httpUrl(src: Source, name: string, fallback?: string): string {
  const value = fallback === undefined ? required(src, name) : (raw(src, name) ?? fallback);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

export function integer(src: Source, name: string, fallback: number, min: number, max: number): number {
  const value = raw(src, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export function expiryList(src: Source, name: string): Expiry[] {
  const value = raw(src, name);
  if (value === undefined) return [...EXPIRY_VALUES];
  const items = value.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !isExpiry(s));
  if (items.length === 0 || bad.length > 0) {
    throw new ConfigError(`${name} must be a comma list of ${EXPIRY_VALUES.join(', ')}; bad: "${bad.join(',')}"`);
  }
  return [...new Set(items as Expiry[])];
}

export function hostList(src: Source, name: string): string[] {
  const value = raw(src, name);
  if (value === undefined) return [];
  const items = value.split(',').map((s) => s.trim().toLowerCase());
  const bad = items.filter((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(h));
  if (bad.length > 0) throw new ConfigError(`${name} must be a comma list of host names (no port); bad: "${bad}"`);
  return items;
}

export function urlList(src: Source, name: string): string[] {
  const value = raw(src, name);
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((item) => httpUrl({ env: { [name]: item }, file: undefined }, name));
}

export function boolean(src: Source, name: string, fallback: boolean): boolean {
  const value = raw(src, name);
  if (value === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

export function roleArn(src: Source, name: string): string {
  const value = required(src, name);
  if (!value.startsWith('arn:')) throw new ConfigError(`${name} must be a role ARN, got "${value}"`);
  return value;
}

export function secret(src: Source, name: string): string | undefined {
  const value = raw(src, name);
  if (value !== undefined && !/^[A-Za-z0-9_-]{24,128}$/.test(value))
    throw new ConfigError(`${name} must be 24 to 128 characters of A-Z, a-z, 0-9, _ and -`);
  return value;
}

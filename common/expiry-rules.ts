import { type Expiry, isExpiry } from './expiry.ts';

/** What produced a file: it picks the per-kind rule. */
export type UploadKind = 'screenshot' | 'recording' | 'file';

/**
 * How long uploads live. The most specific rule wins: an explicit choice, then the file's
 * extension, then its kind, then the default. The same shape is stored by the server and
 * edited in the settings window, so the rules live in one place.
 */
export interface ExpiryRules {
  default: Expiry;
  byKind: Partial<Record<UploadKind, Expiry>>;
  /** Lower-case extension without the dot (`mp4`, `png`) → expiry. */
  byExtension: Record<string, Expiry>;
}

export const DEFAULT_EXPIRY_RULES: ExpiryRules = {
  default: '30d',
  byKind: { screenshot: '30d', recording: '30d' },
  byExtension: {},
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

export function chooseExpiry(rules: ExpiryRules, file: { name: string; kind: UploadKind }, explicit?: Expiry): Expiry {
  return explicit ?? rules.byExtension[extensionOf(file.name)] ?? rules.byKind[file.kind] ?? rules.default;
}

/** Validates rules that came from disk or the network; throws with the offending field named. */
export function parseExpiryRules(value: unknown): ExpiryRules {
  if (typeof value !== 'object' || value === null) throw new Error('expiry rules: expected an object');
  const v = value as Record<string, unknown>;
  if (!isExpiry(v.default))
    throw new Error(`expiry rules: default must be one of the expiry values, got ${String(v.default)}`);
  const byKind: ExpiryRules['byKind'] = {};
  for (const [kind, expiry] of Object.entries((v.byKind ?? {}) as Record<string, unknown>)) {
    if (kind !== 'screenshot' && kind !== 'recording' && kind !== 'file')
      throw new Error(`expiry rules: unknown kind "${kind}"`);
    if (!isExpiry(expiry)) throw new Error(`expiry rules: byKind.${kind} is not an expiry value`);
    byKind[kind] = expiry;
  }
  const byExtension: Record<string, Expiry> = {};
  for (const [ext, expiry] of Object.entries((v.byExtension ?? {}) as Record<string, unknown>)) {
    const clean = ext.replace(/^\./, '').toLowerCase();
    if (!/^[a-z0-9]{1,16}$/.test(clean)) throw new Error(`expiry rules: "${ext}" is not a file extension`);
    if (!isExpiry(expiry)) throw new Error(`expiry rules: byExtension.${clean} is not an expiry value`);
    byExtension[clean] = expiry;
  }
  return { default: v.default, byKind, byExtension };
}

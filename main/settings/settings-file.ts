/**
 * `settings.json` in the client config folder (the folder the CLI's config.json and queue.db live in), read
 * and written with plain Node: the app's store wraps it, and the CLI's headless `capture`/`record` read the
 * same captures folder, naming patterns and retention from it.
 *
 * Loading never fails on a bad field: the file is migrated, then every field goes through the same validation
 * as a change from the settings window, on top of the defaults; refused fields are reported and fall back.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../common/ipc-contract.ts';
import { writeFileAtomic } from '../config/atomic-write.ts';
import { defaultSettings, type PlatformInfo } from './defaults.ts';
import { migrateSettings, SETTINGS_VERSION, type RawSettings } from './migrations.ts';
import { validateSettingsPatch } from './validate.ts';

export const SETTINGS_FILE = 'settings.json';

export interface LoadedSettings {
  settings: Settings;
  /** Fields of the file that were refused (they have their default now). */
  problems: Record<string, string>;
  /** True when the file did not exist. */
  fresh: boolean;
}

/** Turns stored JSON (any version) into Settings. Pairing fields are copied as they are (not patchable). */
export function settingsFromStored(stored: unknown, info: PlatformInfo): LoadedSettings {
  const defaults = defaultSettings(info);
  if (typeof stored !== 'object' || stored === null) {
    return { settings: defaults, problems: { '': 'not a settings object' }, fresh: false };
  }
  const envelope = stored as { version?: unknown; settings?: unknown };
  const version = typeof envelope.version === 'number' ? envelope.version : 0;
  const body = (envelope.version === undefined ? stored : envelope.settings) as RawSettings;
  const raw = migrateSettings(version, typeof body === 'object' && body !== null ? body : {});
  const { serverUrl, userId, ...rest } = raw;
  const { settings, errors } = validateSettingsPatch(defaults, rest, { platform: info.platform });
  settings.serverUrl = typeof serverUrl === 'string' ? serverUrl : null;
  settings.userId = typeof userId === 'string' ? userId : null;
  return { settings, problems: errors, fresh: false };
}

export async function loadSettingsFile(dir: string, info: PlatformInfo): Promise<LoadedSettings> {
  const file = path.join(dir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { settings: defaultSettings(info), problems: {}, fresh: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      settings: defaultSettings(info),
      problems: { '': `${file} is not valid JSON; using defaults` },
      fresh: false,
    };
  }
  return settingsFromStored(parsed, info);
}

export function saveSettingsFile(dir: string, settings: Settings): Promise<void> {
  const body = JSON.stringify({ version: SETTINGS_VERSION, settings }, null, 2) + '\n';
  return writeFileAtomic(path.join(dir, SETTINGS_FILE), body, 0o600);
}

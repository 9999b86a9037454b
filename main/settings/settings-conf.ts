/**
 * settings.json as a conf store: JSON Schema (settings-schema.ts), migrations (migrations.ts), defaults per
 * platform, written atomically with mode 0600. The app opens it through electron-store (conf with Electron's
 * paths, main/app/entry.ts), the CLI and the tests through conf itself: the same options, the same file.
 *
 * Opening never fails on a bad field, and nothing the user wrote is thrown away silently:
 * - a field the schema or the settings window's checks refuse falls back to its default and is reported;
 * - a file that is not JSON is kept beside it (`settings.json.broken-…`) and the defaults are used;
 * - a file from a newer format is refused (SettingsTooNewError), so an older build does not rewrite it.
 */
import Conf, { type Options } from 'conf';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../common/ipc-contract.ts';
import { writeFileAtomicSync } from '../config/atomic-write.ts';
import { defaultSettings, type PlatformInfo } from './defaults.ts';
import {
  checkNotTooNew,
  SETTINGS_FORMAT,
  SETTINGS_MIGRATIONS,
  upgradeStoredSettings,
  type RawSettings,
} from './migrations.ts';
import { SETTINGS_ROOT_SCHEMA, SETTINGS_SCHEMA } from './settings-schema.ts';
import { validateSettingsPatch } from './validate.ts';

export const SETTINGS_NAME = 'settings';
export const SETTINGS_FILE = `${SETTINGS_NAME}.json`;

export type SettingsConfOptions = Options<Settings> & { cwd: string; configName: string };
/** `new Conf(options)` here; `new ElectronStore(…)` in the app. */
export type MakeSettingsConf = (options: SettingsConfOptions) => Conf<Settings>;

export const makeConf: MakeSettingsConf = (options) => new Conf<Settings>(options);

export interface OpenedSettings {
  conf: Conf<Settings>;
  settings: Settings;
  /** Fields that were refused (they have their default now), keyed like the settings form's errors. */
  problems: Record<string, string>;
  /** True when there was no settings file. */
  fresh: boolean;
}

export function settingsConfOptions(dir: string, info: PlatformInfo): SettingsConfOptions {
  return {
    cwd: dir,
    configName: SETTINGS_NAME,
    projectVersion: SETTINGS_FORMAT,
    // conf's type also allows dotted keys (`expiryRules.default`); these defaults are the plain object
    defaults: defaultSettings(info) as NonNullable<Options<Settings>['defaults']>,
    schema: SETTINGS_SCHEMA,
    rootSchema: SETTINGS_ROOT_SCHEMA,
    migrations: SETTINGS_MIGRATIONS,
    configFileMode: 0o600,
    clearInvalidConfig: false,
  };
}

const isRecord = (v: unknown): v is RawSettings => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Stored fields (already in the current format) → Settings: every field goes through the settings window's
 * checks on top of the defaults. Pairing fields are not the window's to change; they are copied when they are text.
 */
export function checkStoredSettings(
  stored: RawSettings,
  info: PlatformInfo,
): { settings: Settings; problems: Record<string, string> } {
  const { serverUrl, userId, __internal__: _internal, ...rest } = stored;
  const { settings, errors } = validateSettingsPatch(defaultSettings(info), rest, { platform: info.platform });
  settings.serverUrl = typeof serverUrl === 'string' ? serverUrl : null;
  settings.userId = typeof userId === 'string' ? userId : null;
  return { settings, problems: errors };
}

function isSchemaViolation(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Config schema violation');
}

/** Reads the file as it is; a file that is not a JSON object is moved aside (kept) and reported. */
function readRaw(file: string, problems: Record<string, string>): RawSettings | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isRecord(parsed)) return parsed;
  const kept = `${file}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, kept);
  problems[''] =
    `${path.basename(file)} was not a valid settings file; it was kept as ${path.basename(kept)} and the defaults are used`;
  return undefined;
}

export function openSettings(dir: string, info: PlatformInfo, make: MakeSettingsConf = makeConf): OpenedSettings {
  const options = settingsConfOptions(dir, info);
  const file = path.join(dir, SETTINGS_FILE);
  const problems: Record<string, string> = {};
  const raw = readRaw(file, problems);
  if (raw) checkNotTooNew(raw);
  let conf: Conf<Settings>;
  try {
    conf = make(options);
  } catch (error) {
    if (!raw || !isSchemaViolation(error)) throw error;
    // conf put the file back as it was: repair it with the same steps, field by field, then open it again.
    const { settings, problems: refused } = checkStoredSettings(upgradeStoredSettings(raw), info);
    Object.assign(problems, refused);
    const body = { ...settings, __internal__: { migrations: { version: SETTINGS_FORMAT } } };
    writeFileAtomicSync(file, JSON.stringify(body, null, '\t'), 0o600);
    conf = make(options);
  }
  const { settings, problems: refused } = checkStoredSettings({ ...conf.store }, info);
  if (Object.keys(refused).length > 0) {
    Object.assign(problems, refused);
    conf.store = settings;
  }
  return { conf, settings, problems, fresh: raw === undefined };
}

/**
 * For readers that only read (the CLI's `capture` and `record`): the same migrations and per-field checks, in
 * plain code, without creating, repairing or rewriting the file (that is the app's store's job) and without
 * compiling the JSON Schema, which would cost every CLI capture about 40 ms. A file that cannot be read as
 * settings gives the defaults; one from a newer format throws SettingsTooNewError.
 */
export function readSettings(dir: string, info: PlatformInfo): Settings {
  let text: string;
  try {
    text = readFileSync(path.join(dir, SETTINGS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings(info);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed)) return defaultSettings(info);
  checkNotTooNew(parsed);
  return checkStoredSettings(upgradeStoredSettings(parsed), info).settings;
}

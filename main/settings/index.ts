/** The settings core: defaults, JSON Schema, validation and migrations over conf, with no Electron (electron-store wraps it in the app). */
export { acceleratorProblem, canonicalAccelerator, parseAccelerator } from './accelerator.ts';
export {
  defaultCapturesFolder,
  defaultHotkeys,
  defaultSettings,
  HOTKEY_ACTIONS,
  HOTKEY_LABELS,
  type PlatformInfo,
} from './defaults.ts';
export {
  checkNotTooNew,
  SETTINGS_FORMAT,
  SETTINGS_MIGRATIONS,
  SettingsTooNewError,
  upgradeStoredSettings,
} from './migrations.ts';
export {
  checkStoredSettings,
  makeConf,
  openSettings,
  readSettings,
  SETTINGS_FILE,
  settingsConfOptions,
  type MakeSettingsConf,
  type OpenedSettings,
  type SettingsConfOptions,
} from './settings-conf.ts';
export { SETTINGS_SCHEMA } from './settings-schema.ts';
export { isLoopbackHost, updateFeedProblem } from './update-feed.ts';
export { domainProblem, isAbsoluteFor, validateSettingsPatch, type ValidationResult } from './validate.ts';

/** The settings core: schema defaults, validation and migrations, with no Electron (the app's store wraps it). */
export { acceleratorProblem, canonicalAccelerator, parseAccelerator } from './accelerator.ts';
export {
  defaultCapturesFolder,
  defaultHotkeys,
  defaultSettings,
  HOTKEY_ACTIONS,
  HOTKEY_LABELS,
  type PlatformInfo,
} from './defaults.ts';
export { migrateSettings, MIGRATIONS, SETTINGS_VERSION, SettingsTooNewError } from './migrations.ts';
export {
  loadSettingsFile,
  saveSettingsFile,
  settingsFromStored,
  SETTINGS_FILE,
  type LoadedSettings,
} from './settings-file.ts';
export { domainProblem, isAbsoluteFor, validateSettingsPatch, type ValidationResult } from './validate.ts';

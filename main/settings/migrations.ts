/**
 * The settings file's versions. `settings.json` is `{ "version": n, "settings": {…} }`; each entry of
 * MIGRATIONS turns version i into version i + 1, so a file from any older build is brought forward step by
 * step on load (like conf/electron-store's migrations, but numbered rather than keyed by app version, so a
 * downgrade can tell the file is newer than it understands). Migrations are pure: object in, object out.
 */

export type RawSettings = Record<string, unknown>;
export type Migration = (settings: RawSettings) => RawSettings;

export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: files written before the format had a version (pre-release builds, or hand-written): a single
  // `earlyCopy: boolean` becomes per kind, `hotkeys.region` is `hotkeys.captureRegion`, and a `retentionDays`
  // number becomes `retention: {days}`.
  (s) => {
    const out: RawSettings = { ...s };
    if (typeof s.earlyCopy === 'boolean') {
      out.earlyCopy = { screenshot: s.earlyCopy, recording: s.earlyCopy, file: s.earlyCopy };
    }
    if (typeof s.hotkeys === 'object' && s.hotkeys !== null && 'region' in s.hotkeys) {
      const { region, ...rest } = s.hotkeys as Record<string, unknown>;
      out.hotkeys = { captureRegion: region, ...rest };
    }
    if (typeof s.retentionDays === 'number') {
      out.retention = s.retentionDays > 0 ? { days: s.retentionDays } : 'keep';
      delete out.retentionDays;
    }
    return out;
  },
];

export const SETTINGS_VERSION = MIGRATIONS.length;

export class SettingsTooNewError extends Error {
  override name = 'SettingsTooNewError';
}

/** Brings `raw` (any version up to SETTINGS_VERSION) to the current version. */
export function migrateSettings(version: number, raw: RawSettings): RawSettings {
  if (!Number.isInteger(version) || version < 0) throw new Error(`settings version ${String(version)} is not valid`);
  if (version > SETTINGS_VERSION) {
    throw new SettingsTooNewError(
      `the settings were saved by a newer Traydrop (format ${version}, this one knows ${SETTINGS_VERSION}); update Traydrop`,
    );
  }
  let settings = raw;
  for (let v = version; v < SETTINGS_VERSION; v++) settings = MIGRATIONS[v]!(settings);
  return settings;
}

/**
 * The settings file's formats and how older ones are brought forward. conf runs SETTINGS_MIGRATIONS, keyed by
 * the format version it records in the file (`__internal__.migrations.version`), when it opens the store.
 *
 * The version is the settings format, not the app's release: a format changes rarely, and a file written by a
 * newer format is then recognisable (SettingsTooNewError) instead of being half-understood by an older build.
 *
 * Formats:
 * - 0: a flat object without a version (pre-release builds, or written by hand);
 * - 1: `{ "version": 1, "settings": {…} }`, written by Traydrop's own store before conf;
 * - 2.0.0: conf's flat file with `__internal__`, what electron-store writes.
 *
 * A new top-level field with a default (`updates`) is not a new format: conf fills a field the file lacks from
 * the defaults when it opens it, and readSettings starts from the defaults, so a file from before keeps working
 * (test/unit/settings-updates.test.ts).
 *
 * The steps are pure functions (object in, object out), so settings-conf.ts can repair a file with the same code.
 */
import type { Options } from 'conf';
import type { Settings } from '../../common/ipc-contract.ts';

export type RawSettings = Record<string, unknown>;

/** The format conf records in settings.json; the migration to it is SETTINGS_MIGRATIONS's last key. */
export const SETTINGS_FORMAT = '2.0.0';

export class SettingsTooNewError extends Error {
  override name = 'SettingsTooNewError';
}

const isRecord = (v: unknown): v is RawSettings => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Format 0 → 1: a single `earlyCopy` boolean is per kind, `hotkeys.region` is `captureRegion`, `retentionDays`. */
function fromFormat0(s: RawSettings): RawSettings {
  const out: RawSettings = { ...s };
  if (typeof s.earlyCopy === 'boolean') {
    out.earlyCopy = { screenshot: s.earlyCopy, recording: s.earlyCopy, file: s.earlyCopy };
  }
  if (isRecord(s.hotkeys) && 'region' in s.hotkeys) {
    const { region, ...rest } = s.hotkeys;
    out.hotkeys = { captureRegion: region, ...rest };
  }
  if (typeof s.retentionDays === 'number') {
    out.retention = s.retentionDays > 0 ? { days: s.retentionDays } : 'keep';
    delete out.retentionDays;
  }
  return out;
}

function isEnvelope(s: RawSettings): s is { version: number; settings: RawSettings } {
  return typeof s.version === 'number' && isRecord(s.settings);
}

/** Any format before 2.0.0 → the flat fields of 2.0.0 (still unchecked: validation comes after). */
export function upgradeStoredSettings(stored: RawSettings): RawSettings {
  if (!isEnvelope(stored)) return fromFormat0(stored);
  if (stored.version > 1) throw tooNew(`format ${stored.version}`);
  return stored.version === 0 ? fromFormat0(stored.settings) : { ...stored.settings };
}

const parts = (version: string): number[] => version.split('.').map((n) => Number.parseInt(n, 10));

function isNewer(version: string, than: string): boolean {
  const [a, b] = [parts(version), parts(than)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return false;
}

function tooNew(what: string): SettingsTooNewError {
  return new SettingsTooNewError(
    `the settings were saved by a newer Traydrop (${what}; this one knows ${SETTINGS_FORMAT}): update Traydrop`,
  );
}

/** Throws SettingsTooNewError for a file an older build must not rewrite (conf itself would open it). */
export function checkNotTooNew(stored: RawSettings): void {
  const internal = stored.__internal__;
  const version = isRecord(internal) && isRecord(internal.migrations) ? internal.migrations.version : undefined;
  if (typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) && isNewer(version, SETTINGS_FORMAT)) {
    throw tooNew(`format ${version}`);
  }
  if (isEnvelope(stored) && stored.version > 1) throw tooNew(`format ${stored.version}`);
}

export const SETTINGS_MIGRATIONS: NonNullable<Options<Settings>['migrations']> = {
  // A file without conf's bookkeeping (formats 0 and 1) is rewritten flat. A fresh store runs this too: it
  // holds only the defaults then, which are left as they are.
  [SETTINGS_FORMAT]: (store) => {
    store.store = upgradeStoredSettings({ ...store.store }) as unknown as Settings;
  },
};

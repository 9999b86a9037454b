/**
 * Reads the settings form into one SettingsPatch, with the fields the page can already tell are wrong (a name
 * pattern with a slash, a domain with https://, a number out of range) as `errors` keyed like the main process's.
 * Main checks everything again: this only spares a round trip.
 */
import { isExpiry, type Expiry } from '../../common/expiry.ts';
import { parseExpiryRules, type ExpiryRules, type UploadKind } from '../../common/expiry-rules.ts';
import type { RetentionPolicy, Settings, SettingsPatch } from '../../common/ipc-contract.ts';
import { messageOf } from '../shared/api.ts';
import { CAPTURE_KINDS, input, KINDS, select } from './form-fields.ts';
import type { HotkeyFields } from './hotkey-fields.ts';

function readRules(extensionRules: readonly [string, Expiry][]): ExpiryRules {
  const byKind: ExpiryRules['byKind'] = {};
  for (const kind of KINDS) {
    const value = select(`expiry-${kind}`).value;
    if (isExpiry(value)) byKind[kind] = value;
  }
  return parseExpiryRules({
    default: select('expiry-default').value,
    byKind,
    byExtension: Object.fromEntries(extensionRules),
  });
}

function readRetention(errors: Record<string, string>): RetentionPolicy {
  const choice = select('retention').value;
  if (choice !== 'days') return choice === 'delete-after-upload' ? 'delete-after-upload' : 'keep';
  const days = Number(input('retention-days').value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) errors.retention = 'Enter a whole number of days, 1 to 3650.';
  return { days };
}

function readNumber(id: string, key: string, min: number, max: number, errors: Record<string, string>): number {
  const value = Number(input(id).value);
  if (input(id).value.trim() === '' || !Number.isInteger(value) || value < min || value > max)
    errors[key] = `Enter a whole number from ${min} to ${max}.`;
  return value;
}

export function readPatch(
  hotkeys: HotkeyFields,
  extensionRules: readonly [string, Expiry][],
): { patch: SettingsPatch; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let expiryRules: ExpiryRules | undefined;
  try {
    expiryRules = readRules(extensionRules);
  } catch (error) {
    errors.expiryRules = messageOf(error);
  }
  const naming = {
    screenshot: input('naming-screenshot').value.trim(),
    recording: input('naming-recording').value.trim(),
  };
  for (const kind of ['screenshot', 'recording'] as const) {
    if (naming[kind] === '') errors[`naming.${kind}`] = 'A name pattern is needed.';
    else if (/[/\\]/.test(naming[kind])) errors[`naming.${kind}`] = 'Names cannot contain / or \\.';
  }
  const domain = input('custom-domain').value.trim().toLowerCase();
  if (domain !== '' && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain))
    errors.customDomain = 'Enter a domain name like files.example.org (no https://, no path).';
  const recording = {
    fps: readNumber('rec-fps', 'recording.fps', 1, 60, errors),
    gif: input('rec-gif').checked,
    gifMaxMegabytes: readNumber('rec-gif-max', 'recording.gifMaxMegabytes', 1, 1000, errors),
    microphone: input('rec-microphone').checked,
  };
  const patch: SettingsPatch = {
    customDomain: domain === '' ? null : domain,
    hotkeys: hotkeys.read(),
    naming,
    capturesFolder: input('captures-folder').value,
    retention: readRetention(errors),
    earlyCopy: Object.fromEntries(KINDS.map((kind) => [kind, input(`early-${kind}`).checked])) as Record<
      UploadKind,
      boolean
    >,
    launchAtLogin: input('launch-at-login').checked,
    updates: { enabled: input('updates-enabled').checked, feedUrl: input('updates-feed').value.trim() || null },
    zipFolders: input('zip-folders').checked,
    watchedFolder: input('watched-folder').value === '' ? null : input('watched-folder').value,
    recording,
    afterCapture: Object.fromEntries(
      CAPTURE_KINDS.map((kind) => [kind, select(`after-${kind}`).value === 'edit' ? 'edit' : 'share']),
    ) as Settings['afterCapture'],
  };
  if (expiryRules) patch.expiryRules = expiryRules;
  return { patch, errors };
}

/**
 * Checking a settings change from the settings window (or a hand-edited file): every field on its own, so one
 * bad value is refused with a reason while the rest is saved. Errors are keyed by field path
 * (`hotkeys.captureRegion`, `naming.screenshot`) so the form can show each next to its input.
 */
import path from 'node:path';
import { parseExpiryRules } from '../../common/expiry-rules.ts';
import type { HotkeyAction, RetentionPolicy, Settings, SettingsPatch } from '../../common/ipc-contract.ts';
import { patternProblem } from '../capture/capture-name.ts';
import { acceleratorProblem, canonicalAccelerator } from './accelerator.ts';
import { HOTKEY_ACTIONS, HOTKEY_LABELS } from './defaults.ts';
import { updateFeedProblem } from './update-feed.ts';

export interface ValidationResult {
  settings: Settings;
  errors: Record<string, string>;
}

export interface ValidateOptions {
  platform: NodeJS.Platform;
}

type Errors = Record<string, string>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Only these may be changed from a window; serverUrl and userId change by pairing. */
const PATCHABLE = [
  'customDomain',
  'expiryRules',
  'hotkeys',
  'naming',
  'capturesFolder',
  'retention',
  'earlyCopy',
  'launchAtLogin',
  'zipFolders',
  'watchedFolder',
  'recording',
  'updates',
  'afterCapture',
  'editor',
] as const satisfies readonly (keyof SettingsPatch)[];

export function isAbsoluteFor(platform: NodeJS.Platform, folder: string): boolean {
  return platform === 'win32'
    ? path.win32.isAbsolute(folder) && /^([a-z]:|\\\\)/i.test(folder)
    : path.posix.isAbsolute(folder);
}

/** A host name like `files.example.org`: no scheme, no port, no path, at least two labels. */
export function domainProblem(domain: string): string | undefined {
  if (domain.length > 253) return 'the domain name is too long';
  if (/[/:@\s]/.test(domain)) return 'write only the host name, like files.example.org (no https://, port or path)';
  const labels = domain.split('.');
  if (labels.length < 2) return 'a custom domain needs at least two parts, like files.example.org';
  for (const label of labels) {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) return `"${label}" is not a valid part of a domain name`;
  }
  return undefined;
}

function folderProblem(value: unknown, platform: NodeJS.Platform): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'choose a folder';
  if (value.includes('\0')) return 'the folder path has an invalid character';
  if (!isAbsoluteFor(platform, value)) return 'the folder must be a full path (absolute)';
  return undefined;
}

function retentionProblem(value: unknown): string | undefined {
  if (value === 'keep' || value === 'delete-after-upload') return undefined;
  if (isRecord(value) && Object.keys(value).length === 1 && Number.isInteger(value.days)) {
    const days = value.days as number;
    return days >= 1 && days <= 3650 ? undefined : 'keep captures between 1 and 3650 days';
  }
  return 'retention must be "keep", "delete-after-upload" or a number of days';
}

function checkHotkeys(
  current: Settings,
  value: unknown,
  options: ValidateOptions,
  errors: Errors,
): Settings['hotkeys'] {
  const result = { ...current.hotkeys };
  if (!isRecord(value)) {
    errors.hotkeys = 'expected one hotkey per action';
    return result;
  }
  const changed = new Set<HotkeyAction>();
  for (const [action, accelerator] of Object.entries(value)) {
    if (!(HOTKEY_ACTIONS as readonly string[]).includes(action)) {
      errors[`hotkeys.${action}`] = 'unknown action';
      continue;
    }
    const problem = typeof accelerator === 'string' ? acceleratorProblem(accelerator) : 'expected text';
    if (problem) errors[`hotkeys.${action}`] = problem;
    else if (result[action as HotkeyAction] !== accelerator) {
      result[action as HotkeyAction] = accelerator as string;
      changed.add(action as HotkeyAction);
    }
  }
  // Two actions on one combination: the one the user just changed gives way (the other keeps working).
  const owner = new Map<string, HotkeyAction>();
  const order = [...HOTKEY_ACTIONS.filter((a) => !changed.has(a)), ...changed];
  for (const action of order) {
    if (result[action] === '') continue;
    const canonical = canonicalAccelerator(result[action], options.platform);
    const other = owner.get(canonical);
    if (other) {
      errors[`hotkeys.${action}`] = `${result[action]} is already the hotkey for ${HOTKEY_LABELS[other]}`;
      result[action] = current.hotkeys[action] === result[action] ? '' : current.hotkeys[action];
      if (result[action] !== '' && owner.has(canonicalAccelerator(result[action], options.platform)))
        result[action] = '';
      if (result[action] !== '') owner.set(canonicalAccelerator(result[action], options.platform), action);
    } else {
      owner.set(canonical, action);
    }
  }
  return result;
}

/** Applies `patch` to `current`: valid fields are taken, invalid ones keep their current value and are reported. */
export function validateSettingsPatch(current: Settings, patch: unknown, options: ValidateOptions): ValidationResult {
  const errors: Errors = {};
  const next: Settings = structuredClone(current);
  if (!isRecord(patch)) return { settings: next, errors: { '': 'expected an object of settings' } };
  for (const key of Object.keys(patch)) {
    if (!(PATCHABLE as readonly string[]).includes(key)) {
      errors[key] =
        key === 'serverUrl' || key === 'userId' ? 'set by pairing with a server, not here' : 'unknown setting';
    }
  }
  const has = (key: (typeof PATCHABLE)[number]): boolean => Object.hasOwn(patch, key);

  if (has('customDomain')) {
    const raw = patch.customDomain;
    if (raw === null || raw === '') next.customDomain = null;
    else if (typeof raw !== 'string') errors.customDomain = 'expected a domain name';
    else {
      const domain = raw.trim().toLowerCase().replace(/\.$/, '');
      const problem = domainProblem(domain);
      if (problem) errors.customDomain = problem;
      else next.customDomain = domain;
    }
  }
  if (has('expiryRules')) {
    try {
      next.expiryRules = parseExpiryRules(patch.expiryRules);
    } catch (error) {
      errors.expiryRules = (error as Error).message.replace(/^expiry rules: /, '');
    }
  }
  if (has('hotkeys')) next.hotkeys = checkHotkeys(current, patch.hotkeys, options, errors);
  if (has('naming')) {
    const naming = patch.naming;
    if (!isRecord(naming)) errors.naming = 'expected {screenshot, recording} patterns';
    else {
      for (const kind of ['screenshot', 'recording'] as const) {
        if (!Object.hasOwn(naming, kind)) continue;
        const value = naming[kind];
        const problem = typeof value === 'string' ? patternProblem(value) : 'expected text';
        if (problem) errors[`naming.${kind}`] = problem;
        else next.naming[kind] = value as string;
      }
    }
  }
  if (has('capturesFolder')) {
    const problem = folderProblem(patch.capturesFolder, options.platform);
    if (problem) errors.capturesFolder = problem;
    else next.capturesFolder = patch.capturesFolder as string;
  }
  if (has('watchedFolder')) {
    const value = patch.watchedFolder;
    const problem = value === null || value === '' ? undefined : folderProblem(value, options.platform);
    if (problem) errors.watchedFolder = problem;
    else next.watchedFolder = value === '' ? null : (value as string | null);
  }
  if (next.watchedFolder !== null && samePath(next.watchedFolder, next.capturesFolder, options.platform)) {
    errors.watchedFolder = 'the watched folder cannot be the captures folder (every capture would upload twice)';
    next.watchedFolder = current.watchedFolder;
    if (next.watchedFolder !== null && samePath(next.watchedFolder, next.capturesFolder, options.platform)) {
      next.capturesFolder = current.capturesFolder;
    }
  }
  if (has('retention')) {
    const problem = retentionProblem(patch.retention);
    if (problem) errors.retention = problem;
    else next.retention = structuredClone(patch.retention as RetentionPolicy);
  }
  if (has('earlyCopy')) {
    const value = patch.earlyCopy;
    if (!isRecord(value)) errors.earlyCopy = 'expected true/false per kind';
    else {
      for (const [kind, on] of Object.entries(value)) {
        if (kind !== 'screenshot' && kind !== 'recording' && kind !== 'file')
          errors[`earlyCopy.${kind}`] = 'unknown kind';
        else if (typeof on !== 'boolean') errors[`earlyCopy.${kind}`] = 'expected true or false';
        else next.earlyCopy[kind] = on;
      }
    }
  }
  for (const key of ['launchAtLogin', 'zipFolders'] as const) {
    if (!has(key)) continue;
    if (typeof patch[key] !== 'boolean') errors[key] = 'expected true or false';
    else next[key] = patch[key];
  }
  if (has('recording')) checkRecording(patch.recording, next, errors);
  if (has('updates')) checkUpdates(patch.updates, next, errors);
  if (has('editor')) checkEditor(patch.editor, next, errors);
  if (has('afterCapture')) {
    const value = patch.afterCapture as unknown;
    if (!isRecord(value)) errors.afterCapture = 'expected {region, window, screen}';
    else
      for (const [kind, choice] of Object.entries(value)) {
        if (kind !== 'region' && kind !== 'window' && kind !== 'screen')
          errors[`afterCapture.${kind}`] = 'unknown kind';
        else if (choice !== 'share' && choice !== 'edit') errors[`afterCapture.${kind}`] = 'expected share or edit';
        else next.afterCapture[kind] = choice;
      }
  }
  return { settings: next, errors };
}

function checkUpdates(value: unknown, next: Settings, errors: Errors): void {
  if (!isRecord(value)) {
    errors.updates = 'expected {enabled, feedUrl}';
    return;
  }
  if (Object.hasOwn(value, 'enabled')) {
    if (typeof value.enabled !== 'boolean') errors['updates.enabled'] = 'expected true or false';
    else next.updates.enabled = value.enabled;
  }
  if (Object.hasOwn(value, 'feedUrl')) {
    const raw = value.feedUrl;
    const url = typeof raw === 'string' ? raw.trim() : raw;
    const problem =
      url === null || url === '' ? undefined : typeof url !== 'string' ? 'expected an address' : updateFeedProblem(url);
    if (problem) errors['updates.feedUrl'] = problem;
    else next.updates.feedUrl = url === '' ? null : (url as string | null);
  }
}

function checkEditor(value: unknown, next: Settings, errors: Errors): void {
  if (!isRecord(value)) {
    errors.editor = 'expected {color, width}';
    return;
  }
  if (Object.hasOwn(value, 'color')) {
    if (typeof value.color !== 'string' || !/^#[0-9a-f]{6}$/.test(value.color))
      errors['editor.color'] = 'expected a colour like #e5484d';
    else next.editor.color = value.color;
  }
  if (Object.hasOwn(value, 'width')) {
    const width = value.width;
    if (typeof width !== 'number' || !Number.isFinite(width) || width < 1 || width > 32)
      errors['editor.width'] = 'the stroke width must be from 1 to 32';
    else next.editor.width = width;
  }
}

function checkRecording(value: unknown, next: Settings, errors: Errors): void {
  if (!isRecord(value)) {
    errors.recording = 'expected {gif, gifMaxMegabytes, fps, microphone}';
    return;
  }
  for (const key of ['gif', 'microphone'] as const) {
    if (!Object.hasOwn(value, key)) continue;
    const on = value[key];
    if (typeof on !== 'boolean') errors[`recording.${key}`] = 'expected true or false';
    else next.recording[key] = on;
  }
  if (Object.hasOwn(value, 'gifMaxMegabytes')) {
    const mb = value.gifMaxMegabytes;
    if (typeof mb !== 'number' || !Number.isFinite(mb) || mb < 1 || mb > 1000)
      errors['recording.gifMaxMegabytes'] = 'the GIF size limit must be between 1 and 1000 MB';
    else next.recording.gifMaxMegabytes = mb;
  }
  if (Object.hasOwn(value, 'fps')) {
    const fps = value.fps;
    if (typeof fps !== 'number' || !Number.isInteger(fps) || fps < 1 || fps > 60)
      errors['recording.fps'] = 'frames per second must be a whole number from 1 to 60';
    else next.recording.fps = fps;
  }
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const norm = (s: string): string => p.resolve(s).replace(/[\\/]+$/, '');
  return platform === 'win32' || platform === 'darwin'
    ? norm(a).toLowerCase() === norm(b).toLowerCase()
    : norm(a) === norm(b);
}

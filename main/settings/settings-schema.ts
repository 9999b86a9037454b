/**
 * The JSON Schema of settings.json, which conf (and electron-store, which is conf with Electron's paths) checks
 * on every read and write: the shape of the file, each field's type, its allowed values and ranges.
 *
 * It is the storage contract, not the settings window's checks. Those are in validate.ts: they need the platform
 * (an absolute Windows path, an accelerator's modifiers), other fields (two actions on one hotkey, the watched
 * folder being the captures folder) and words for the form, per field. A change goes through validate.ts first,
 * so a write this schema refuses is a bug, and a file that fails it is repaired field by field (settings-conf.ts).
 */
import type { Schema } from 'conf';
import { EXPIRY_VALUES } from '../../common/expiry.ts';
import type { Settings } from '../../common/ipc-contract.ts';
import { HOTKEY_ACTIONS } from './defaults.ts';

const expiry = { enum: [...EXPIRY_VALUES] } as const;
const kinds = ['screenshot', 'recording', 'file'] as const;
const nullableText = { type: ['string', 'null'] } as const;
const folder = { type: 'string', minLength: 1 } as const;

const record = <K extends string>(keys: readonly K[], value: object) =>
  ({
    type: 'object',
    properties: Object.fromEntries(keys.map((key) => [key, value])),
    additionalProperties: false,
  }) as const;

export const SETTINGS_SCHEMA: Schema<Settings> = {
  serverUrl: nullableText,
  userId: nullableText,
  customDomain: { type: ['string', 'null'], maxLength: 253 },
  expiryRules: {
    type: 'object',
    required: ['default', 'byKind', 'byExtension'],
    additionalProperties: false,
    properties: {
      default: expiry,
      byKind: record(kinds, expiry),
      byExtension: {
        type: 'object',
        propertyNames: { pattern: '^[a-z0-9]{1,16}$' },
        additionalProperties: expiry,
      },
    },
  },
  hotkeys: { ...record(HOTKEY_ACTIONS, { type: 'string' }), required: [...HOTKEY_ACTIONS] },
  naming: {
    ...record(['screenshot', 'recording'], { type: 'string', minLength: 1 }),
    required: ['screenshot', 'recording'],
  },
  capturesFolder: folder,
  retention: {
    oneOf: [
      { enum: ['keep', 'delete-after-upload'] },
      {
        type: 'object',
        required: ['days'],
        additionalProperties: false,
        properties: { days: { type: 'integer', minimum: 1, maximum: 3650 } },
      },
    ],
  },
  earlyCopy: { ...record(kinds, { type: 'boolean' }), required: [...kinds] },
  launchAtLogin: { type: 'boolean' },
  zipFolders: { type: 'boolean' },
  watchedFolder: { oneOf: [folder, { type: 'null' }] },
  recording: {
    type: 'object',
    required: ['gif', 'gifMaxMegabytes', 'fps', 'microphone'],
    additionalProperties: false,
    properties: {
      gif: { type: 'boolean' },
      gifMaxMegabytes: { type: 'number', minimum: 1, maximum: 1000 },
      fps: { type: 'integer', minimum: 1, maximum: 60 },
      microphone: { type: 'boolean' },
    },
  },
  updates: {
    type: 'object',
    required: ['enabled', 'feedUrl'],
    additionalProperties: false,
    properties: { enabled: { type: 'boolean' }, feedUrl: { type: ['string', 'null'], maxLength: 2048 } },
  },
  afterCapture: {
    ...record(['region', 'window', 'screen'], { enum: ['share', 'edit'] }),
    required: ['region', 'window', 'screen'],
  },
  editor: {
    type: 'object',
    required: ['color', 'width'],
    additionalProperties: false,
    properties: {
      color: { type: 'string', pattern: '^#[0-9a-f]{6}$' },
      width: { type: 'number', minimum: 1, maximum: 32 },
    },
  },
};

/** Every field is in the file, and nothing else is (a key the app does not know is refused, then dropped). */
export const SETTINGS_ROOT_SCHEMA = {
  required: Object.keys(SETTINGS_SCHEMA),
  additionalProperties: false,
};

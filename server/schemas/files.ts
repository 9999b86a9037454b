/** JSON schemas of the app API bodies and queries (Fastify validates before the handler runs). */
import { EXPIRY_VALUES } from '../../common/expiry.ts';
import { FILE_KINDS, FILE_SORTS, FILE_STATES } from '../../common/file-query.ts';

export const fileListQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', maxLength: 512 },
    q: { type: 'string', maxLength: 200 },
    kind: { type: 'string', enum: FILE_KINDS },
    state: { type: 'string', enum: FILE_STATES },
    sort: { type: 'string', enum: FILE_SORTS },
  },
  additionalProperties: false,
} as const;

/** GET /v1/files/uploading: the list's name search and kind, no state or sort (newest first), no cursor. */
export const uploadingListQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    q: { type: 'string', maxLength: 200 },
    kind: { type: 'string', enum: FILE_KINDS },
  },
  additionalProperties: false,
} as const;

export const shareIdParams = {
  type: 'object',
  required: ['shareId'],
  properties: { shareId: { type: 'string', pattern: '^[0-9A-Za-z]{12}$' } },
} as const;

export const fileLimitsBody = {
  type: 'object',
  properties: {
    maxDownloads: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    password: { type: ['string', 'null'], minLength: 1, maxLength: 1024 },
    expiresAt: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
} as const;

export const fileExpiryBody = {
  type: 'object',
  required: ['expire'],
  properties: { expire: { type: 'string', enum: EXPIRY_VALUES } },
  additionalProperties: false,
} as const;

export const settingsBody = {
  type: 'object',
  required: ['expiryRules', 'customDomain'],
  properties: {
    expiryRules: { type: 'object' },
    customDomain: { type: ['string', 'null'], maxLength: 253 },
  },
  additionalProperties: false,
} as const;

/** JSON schemas for the multipart routes' bodies (common/broker-api.ts has the types). */
import { EXPIRY_VALUES } from '../../common/expiry.ts';

export const objectKeySchema = { type: 'string', minLength: 1, maxLength: 1024 } as const;

export const multipartCreateBody = {
  type: 'object',
  required: ['key', 'contentType', 'expire'],
  additionalProperties: false,
  properties: {
    key: objectKeySchema,
    contentType: { type: 'string', minLength: 3, maxLength: 255, pattern: '^[\\w.+-]+/[\\w.+-]+(\\s*;.*)?$' },
    expire: { type: 'string', enum: [...EXPIRY_VALUES] },
  },
} as const;

export const multipartCompleteBody = {
  type: 'object',
  required: ['key', 'uploadId', 'parts'],
  additionalProperties: false,
  properties: {
    key: objectKeySchema,
    uploadId: { type: 'string', minLength: 1, maxLength: 512 },
    parts: {
      type: 'array',
      minItems: 1,
      maxItems: 10000,
      items: {
        type: 'object',
        required: ['partNumber', 'etag'],
        additionalProperties: false,
        properties: {
          partNumber: { type: 'integer', minimum: 1, maximum: 10000 },
          etag: { type: 'string', minLength: 1, maxLength: 256 },
        },
      },
    },
  },
} as const;

export const multipartAbortBody = {
  type: 'object',
  required: ['key', 'uploadId'],
  additionalProperties: false,
  properties: {
    key: objectKeySchema,
    uploadId: { type: 'string', minLength: 1, maxLength: 512 },
  },
} as const;

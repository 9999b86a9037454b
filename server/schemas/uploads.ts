/** JSON schema for POST /v1/uploads (UploadReportRequest). */
import { multipartCreateBody, objectKeySchema } from './multipart.ts';

export const uploadReportBody = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: { key: objectKeySchema },
} as const;

export const uploadReserveBody = {
  type: 'object',
  required: ['key', 'expire', 'contentType', 'bytes'],
  additionalProperties: false,
  properties: {
    key: objectKeySchema,
    expire: multipartCreateBody.properties.expire,
    contentType: multipartCreateBody.properties.contentType,
    bytes: { type: 'integer', minimum: 0, maximum: 5 * 1024 ** 4 },
  },
} as const;

export const uploadReleaseBody = uploadReportBody;

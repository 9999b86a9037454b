/** JSON schemas of the replace routes' bodies (common/replace-api.ts has the types). */
import { multipartCompleteBody, multipartCreateBody } from './multipart.ts';

export const replaceStartBody = {
  type: 'object',
  required: ['bytes', 'contentType'],
  additionalProperties: false,
  properties: {
    bytes: { type: 'integer', minimum: 0, maximum: 5 * 1024 ** 4 },
    contentType: multipartCreateBody.properties.contentType,
  },
} as const;

export const replaceCompleteBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uploadId: multipartCompleteBody.properties.uploadId,
    parts: multipartCompleteBody.properties.parts,
  },
} as const;

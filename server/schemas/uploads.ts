/** JSON schema for POST /v1/uploads (UploadReportRequest). */
import { objectKeySchema } from './multipart.ts';

export const uploadReportBody = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: { key: objectKeySchema },
} as const;

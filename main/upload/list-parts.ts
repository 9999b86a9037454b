/** Parts S3 already has for an upload (ListParts, every page): what a resumed upload can skip. */
import { ListPartsCommand } from '@aws-sdk/client-s3';
import { s3Call, type S3CallContext } from './s3-call.ts';

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

export async function listUploadedParts(
  context: S3CallContext,
  key: string,
  uploadId: string,
): Promise<UploadedPart[]> {
  const parts: UploadedPart[] = [];
  let marker: string | undefined;
  do {
    const page = await s3Call(context, `ListParts of ${key}`, (client, credentials, signal) =>
      client.send(
        new ListPartsCommand({ Bucket: credentials.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
        { abortSignal: signal },
      ),
    );
    for (const part of page.Parts ?? []) {
      if (part.PartNumber && part.ETag)
        parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size ?? 0 });
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return parts;
}

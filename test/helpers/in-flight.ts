/**
 * An upload in flight the way the app makes one: the link reserved with its size, a multipart upload created by
 * the server, then (when the test says) its one part sent straight to RGW with the user's STS credentials and the
 * expire tag, and the upload completed by the server. Between the two it is "uploading" in the files list.
 */
import { UploadPartCommand } from '@aws-sdk/client-s3';
import {
  API,
  type CredentialsResponse,
  type MultipartCreateResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { s3WithCredentials } from './rgw.ts';
import { newKey, type TestServer } from './server.ts';

export interface InFlight {
  key: string;
  uploadId: string;
  /** Sends the part and completes the upload: the link is recorded. */
  finish(): Promise<UploadRecord>;
}

export async function startUpload(
  server: TestServer,
  user: { userId: string; token: string },
  name: string,
  body: Buffer,
  contentType: string,
  options: { reserve?: boolean } = {},
): Promise<InFlight> {
  const key = newKey(user.userId, name);
  const expire = '7d';
  const check = (what: string, res: { status: number; body: unknown }) => {
    if (res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  if (options.reserve !== false)
    check(
      'reserve',
      await server.call('POST', API.reserve, user.token, { key, expire, contentType, bytes: body.length }),
    );
  const created = await server.call<MultipartCreateResponse>('POST', API.multipartCreate, user.token, {
    key,
    contentType,
    expire,
  });
  check('multipart create', created);
  const { uploadId } = created.body;
  return {
    key,
    uploadId,
    async finish() {
      const creds = (await server.call<CredentialsResponse>('POST', API.credentials, user.token, {})).body;
      const s3 = s3WithCredentials(server.rgw, creds);
      s3.middlewareStack.add(
        (next) => async (args) => {
          (args.request as { headers: Record<string, string> }).headers['x-amz-tagging'] = `expire=${expire}`;
          return next(args);
        },
        { step: 'build' },
      );
      const part = await s3.send(
        new UploadPartCommand({ Bucket: creds.bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: body }),
      );
      s3.destroy();
      const done = await server.call<UploadRecord>('POST', API.multipartComplete, user.token, {
        key,
        uploadId,
        parts: [{ partNumber: 1, etag: part.ETag! }],
      });
      check('multipart complete', done);
      return done.body;
    },
  };
}

/**
 * A minimal S3-protocol sink on 127.0.0.1 for upload benchmarks: it reads every request body and
 * throws it away, counting bytes. Signatures are not checked and nothing is stored except object
 * sizes, metadata and tags, so that HeadObject / GetObjectTagging answer truthfully and the bench
 * can check that a tool really uploaded the whole file.
 *
 * Enough of S3 for aws cli v1 (`s3 cp`), rclone and Traydrop's engine: ListBuckets, Head/Create
 * bucket, GetBucketLocation, ListObjects(V2), PutObject, HeadObject, DeleteObject,
 * Put/Get/DeleteObjectTagging, CreateMultipartUpload, UploadPart, ListParts,
 * CompleteMultipartUpload, AbortMultipartUpload, ListMultipartUploads.
 * Path-style only (`/bucket/key`), which is what every client in the bench is told to use.
 *
 * Standalone: `node bench/upload/discard-s3-server.ts [port]` (default 7499).
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DiscardS3 {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
  /** Raw request-body bytes read since start (includes aws-chunked framing if a client sends it). */
  bytesReceived(): number;
  /** Object sizes as the server would report them in HeadObject (for checks). */
  objectSize(bucket: string, key: string): number | undefined;
  deleteObject(bucket: string, key: string): void;
}

interface StoredObject {
  size: number;
  etag: string;
  contentType: string;
  meta: Record<string, string>;
  tags: string;
  lastModified: Date;
}

interface PartInfo {
  size: number;
  etag: string;
}

interface MultipartState {
  bucket: string;
  key: string;
  contentType: string;
  meta: Record<string, string>;
  tags: string;
  parts: Map<number, PartInfo>;
  initiated: Date;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function metaHeaders(req: http.IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') meta[name] = value;
  }
  return meta;
}

/** Payload length as the client means it: aws-chunked bodies announce it separately. */
function declaredLength(req: http.IncomingMessage, rawBytes: number): number {
  const decoded = req.headers['x-amz-decoded-content-length'];
  return typeof decoded === 'string' ? Number(decoded) : rawBytes;
}

function tagsToXml(tags: string): string {
  const params = new URLSearchParams(tags);
  let out = '';
  for (const [k, v] of params) out += `<Tag><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></Tag>`;
  return `${XML_HEAD}<Tagging xmlns="${NS}"><TagSet>${out}</TagSet></Tagging>`;
}

function xmlTagsToQuery(xml: string): string {
  const params = new URLSearchParams();
  for (const m of xml.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)) {
    params.append(m[1]!, m[2]!);
  }
  return params.toString();
}

export async function startDiscardS3(options: { port?: number; host?: string } = {}): Promise<DiscardS3> {
  let received = 0;
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, MultipartState>();
  const objKey = (bucket: string, key: string) => `${bucket}/${key}`;

  /** Read the body, counting and discarding it; optionally hash it (small single PUTs) or keep it (XML). */
  function drain(
    req: http.IncomingMessage,
    mode: 'discard' | 'md5' | 'text',
  ): Promise<{ bytes: number; md5?: string; text?: string }> {
    return new Promise((resolve, reject) => {
      let bytes = 0;
      const hash = mode === 'md5' ? createHash('md5') : undefined;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        received += chunk.length;
        if (hash) hash.update(chunk);
        else if (mode === 'text') chunks.push(chunk);
      });
      req.on('end', () =>
        resolve({
          bytes,
          ...(hash ? { md5: hash.digest('hex') } : {}),
          ...(mode === 'text' ? { text: Buffer.concat(chunks).toString('utf8') } : {}),
        }),
      );
      req.on('error', reject);
    });
  }

  function send(res: http.ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
    const h: Record<string, string | number> = { 'x-amz-request-id': 'discard', ...headers };
    if (body) h['content-type'] = 'application/xml';
    h['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, h);
    res.end(body);
  }

  function error(res: http.ServerResponse, status: number, code: string, message = code): void {
    send(res, status, `${XML_HEAD}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
  }

  function objectHeaders(o: StoredObject): Record<string, string> {
    return {
      etag: o.etag,
      'last-modified': o.lastModified.toUTCString(),
      'content-type': o.contentType,
      'accept-ranges': 'bytes',
      ...o.meta,
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/^\/+/, '');
    const slash = path.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));

    // ---- service and bucket level
    if (!bucket) {
      await drain(req, 'discard');
      const created = new Date(0).toISOString();
      const owner = '<Owner><ID>discard</ID><DisplayName>discard</DisplayName></Owner>';
      const buckets = `<Buckets><Bucket><Name>test-bucket</Name><CreationDate>${created}</CreationDate></Bucket></Buckets>`;
      return send(
        res,
        200,
        `${XML_HEAD}<ListAllMyBucketsResult xmlns="${NS}">${owner}${buckets}</ListAllMyBucketsResult>`,
      );
    }
    if (!key) {
      await drain(req, 'discard');
      if (method === 'HEAD' || method === 'PUT' || method === 'DELETE')
        return send(res, method === 'DELETE' ? 204 : 200);
      if (q.has('location')) {
        return send(res, 200, `${XML_HEAD}<LocationConstraint xmlns="${NS}"></LocationConstraint>`);
      }
      if (q.has('uploads')) {
        return send(
          res,
          200,
          `${XML_HEAD}<ListMultipartUploadsResult xmlns="${NS}"><Bucket>${xmlEscape(bucket)}</Bucket><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>`,
        );
      }
      // ListObjects / ListObjectsV2
      const prefix = q.get('prefix') ?? '';
      let contents = '';
      let count = 0;
      for (const [k, o] of objects) {
        if (!k.startsWith(`${bucket}/${prefix}`)) continue;
        count++;
        contents +=
          `<Contents><Key>${xmlEscape(k.slice(bucket.length + 1))}</Key><LastModified>${o.lastModified.toISOString()}</LastModified>` +
          `<ETag>${xmlEscape(o.etag)}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      }
      const v2 = q.get('list-type') === '2' ? `<KeyCount>${count}</KeyCount>` : '';
      return send(
        res,
        200,
        `${XML_HEAD}<ListBucketResult xmlns="${NS}"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${v2}<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
    }

    // ---- multipart
    const uploadId = q.get('uploadId');
    if (method === 'POST' && q.has('uploads')) {
      await drain(req, 'discard');
      const id = randomUUID();
      uploads.set(id, {
        bucket,
        key,
        contentType: req.headers['content-type'] ?? 'binary/octet-stream',
        meta: metaHeaders(req),
        tags: typeof req.headers['x-amz-tagging'] === 'string' ? req.headers['x-amz-tagging'] : '',
        parts: new Map(),
        initiated: new Date(),
      });
      return send(
        res,
        200,
        `${XML_HEAD}<InitiateMultipartUploadResult xmlns="${NS}"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (uploadId !== null) {
      const up = uploads.get(uploadId);
      if (!up) {
        await drain(req, 'discard');
        return error(res, 404, 'NoSuchUpload');
      }
      if (method === 'PUT' && q.has('partNumber')) {
        const n = Number(q.get('partNumber'));
        const { bytes } = await drain(req, 'discard');
        const size = declaredLength(req, bytes);
        // We don't hash bulk data: echo the client's Content-MD5 (rclone checks the final ETag against
        // md5(part md5s)), else a value unique per upload, part and size, which is all other clients need.
        const contentMd5 = req.headers['content-md5'];
        const hex =
          typeof contentMd5 === 'string'
            ? Buffer.from(contentMd5, 'base64').toString('hex')
            : createHash('md5').update(`${uploadId}:${n}:${size}`).digest('hex');
        const etag = `"${hex}"`;
        up.parts.set(n, { size, etag });
        return send(res, 200, '', { etag });
      }
      if (method === 'POST') {
        const { text = '' } = await drain(req, 'text');
        const listed = [...text.matchAll(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/g)].map((m) => Number(m[1]));
        const numbers = listed.length ? listed : [...up.parts.keys()].sort((a, b) => a - b);
        let size = 0;
        const etagOfEtags = createHash('md5');
        for (const n of numbers) {
          const part = up.parts.get(n);
          if (!part) return error(res, 400, 'InvalidPart', `part ${n} was never uploaded`);
          size += part.size;
          etagOfEtags.update(Buffer.from(part.etag.replaceAll('"', ''), 'hex'));
        }
        const etag = `"${etagOfEtags.digest('hex')}-${numbers.length}"`;
        objects.set(objKey(bucket, key), {
          size,
          etag,
          contentType: up.contentType,
          meta: up.meta,
          tags: up.tags,
          lastModified: new Date(),
        });
        uploads.delete(uploadId);
        return send(
          res,
          200,
          `${XML_HEAD}<CompleteMultipartUploadResult xmlns="${NS}"><Location>/${xmlEscape(bucket)}/${xmlEscape(key)}</Location><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(etag)}</ETag></CompleteMultipartUploadResult>`,
        );
      }
      if (method === 'DELETE') {
        await drain(req, 'discard');
        uploads.delete(uploadId);
        return send(res, 204);
      }
      if (method === 'GET') {
        await drain(req, 'discard');
        let parts = '';
        for (const [n, p] of [...up.parts].sort((a, b) => a[0] - b[0])) {
          parts += `<Part><PartNumber>${n}</PartNumber><LastModified>${up.initiated.toISOString()}</LastModified><ETag>${xmlEscape(p.etag)}</ETag><Size>${p.size}</Size></Part>`;
        }
        return send(
          res,
          200,
          `${XML_HEAD}<ListPartsResult xmlns="${NS}"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts}</ListPartsResult>`,
        );
      }
    }

    // ---- objects
    const id = objKey(bucket, key);
    const obj = objects.get(id);
    if (q.has('tagging')) {
      if (method === 'PUT') {
        const { text = '' } = await drain(req, 'text');
        if (!obj) return error(res, 404, 'NoSuchKey');
        obj.tags = xmlTagsToQuery(text);
        return send(res, 200);
      }
      await drain(req, 'discard');
      if (!obj) return error(res, 404, 'NoSuchKey');
      if (method === 'DELETE') {
        obj.tags = '';
        return send(res, 204);
      }
      return send(res, 200, tagsToXml(obj.tags));
    }
    if (method === 'PUT') {
      if (req.headers['x-amz-copy-source']) {
        await drain(req, 'discard');
        return error(res, 501, 'NotImplemented', 'CopyObject is not supported by the discard server');
      }
      const { bytes, md5 } = await drain(req, 'md5');
      const etag = `"${md5}"`;
      objects.set(id, {
        size: declaredLength(req, bytes),
        etag,
        contentType: req.headers['content-type'] ?? 'binary/octet-stream',
        meta: metaHeaders(req),
        tags: typeof req.headers['x-amz-tagging'] === 'string' ? req.headers['x-amz-tagging'] : '',
        lastModified: new Date(),
      });
      return send(res, 200, '', { etag });
    }
    await drain(req, 'discard');
    if (method === 'DELETE') {
      objects.delete(id);
      return send(res, 204);
    }
    if (method === 'HEAD' || method === 'GET') {
      if (!obj) {
        if (method === 'HEAD') return send(res, 404);
        return error(res, 404, 'NoSuchKey');
      }
      if (method === 'HEAD') {
        res.writeHead(200, { ...objectHeaders(obj), 'content-length': obj.size });
        return void res.end();
      }
      return error(res, 501, 'NotImplemented', 'the discard server keeps no data to GET');
    }
    return error(res, 405, 'MethodNotAllowed');
  }

  const server = http.createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) error(res, 500, 'InternalError', String(err));
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    bytesReceived: () => received,
    objectSize: (b, k) => objects.get(objKey(b, k))?.size,
    deleteObject: (b, k) => void objects.delete(objKey(b, k)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 7499);
  const s3 = await startDiscardS3({ port });
  console.log(`discard S3 listening on ${s3.url} (any keys, path-style). Ctrl-C to stop.`);
  let last = 0;
  setInterval(() => {
    const now = s3.bytesReceived();
    if (now !== last) console.log(`received ${(now / 2 ** 20).toFixed(0)} MiB total`);
    last = now;
  }, 2000).unref();
  process.on('SIGINT', () => void s3.close().then(() => process.exit(0)));
}

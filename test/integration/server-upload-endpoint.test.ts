/**
 * POST /v1/upload (ShareX, scripts, phones) against the real server and RGW, on SQLite and on PostgreSQL: files
 * sent by curl as a process and by fetch + FormData come back byte for byte, one PUT or multipart, tagged and listed
 * as the app's are; bad forms get a 400 that says why and leave nothing; the deletion URL's page, its DELETE and a
 * wrong token; the expire field and the user's rules; upload-only tokens from the CLI, with their .sxcu.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { GetObjectTaggingCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { API, FILES_API, type ApiError, type FileListResponse } from '../../common/broker-api.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { setExpiryRules } from '../../server/db/settings.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

const MiB = 1024 * 1024;
const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));
const run = promisify(execFile);

interface UploadAnswer {
  url: string;
  deletion_url: string;
}

describe('POST /v1/upload', () => {
  let server: TestServer;
  let dir: string;
  const alice = uniqueUserId('alice');
  let token: string;

  before(async () => {
    server = await startTestServer({ config: { allowedExpiry: ['1d', '7d', '30d', 'never'] } });
    token = await server.createToken(alice);
    dir = mkdtempSync(join(tmpdir(), 'traydrop-upload-endpoint-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The path of a link or deletion URL on this test server (127.0.0.1 serves every link: SHARE_HOSTS). */
  const local = (url: string): string => server.url + new URL(url).pathname;

  function file(name: string, bytes: Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  async function curl(args: string[]): Promise<{ status: number; body: unknown }> {
    const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args, `${server.url}/v1/upload`]);
    const at = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(at + 1)), body: JSON.parse(stdout.slice(0, at)) };
  }

  async function postForm(form: FormData, bearer = token): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${server.url}/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}` },
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }

  async function raw(url: string): Promise<Buffer> {
    const response = await fetch(`${local(url)}/raw`);
    assert.equal(response.status, 200, `${url} serves its bytes`);
    return Buffer.from(await response.arrayBuffer());
  }

  async function objectsOf(userId: string): Promise<string[]> {
    const listed = await adminS3(server.rgw).send(
      new ListObjectsV2Command({ Bucket: server.config.s3Bucket, Prefix: `users/${userId}/` }),
    );
    return (listed.Contents ?? []).map((o) => o.Key!);
  }

  async function pendingMultipartOf(userId: string): Promise<string[]> {
    const listed = await adminS3(server.rgw).send(
      new ListMultipartUploadsCommand({ Bucket: server.config.s3Bucket, Prefix: `users/${userId}/` }),
    );
    return (listed.Uploads ?? []).map((u) => u.Key!);
  }

  async function tagOf(url: string): Promise<string | undefined> {
    const shareId = new URL(url).pathname.split('/')[1]!;
    const key = (await objectsOf(alice)).find((k) => k.includes(`/${shareId}/`));
    assert.ok(key, `the object of ${url} is in the bucket`);
    const tags = await adminS3(server.rgw).send(
      new GetObjectTaggingCommand({ Bucket: server.config.s3Bucket, Key: key }),
    );
    return tags.TagSet?.find((t) => t.Key === 'expire')?.Value;
  }

  async function listed(url: string) {
    const list = await server.call<FileListResponse>('GET', `${FILES_API.files}?limit=200`, token);
    return list.body.files.find((f) => f.url === url);
  }

  it('stores a small file sent by curl in one PUT and a 20 MiB one in parts, byte for byte, tagged and listed', async () => {
    const small = randomBytes(3000);
    const large = randomBytes(20 * MiB + 123);
    const one = await curl([
      '-H',
      `Authorization: Bearer ${token}`,
      '-F',
      'expire=7d',
      '-F',
      `file=@${file('shot one.png', small)}`,
    ]);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    const many = await curl(['-H', `Authorization: Bearer ${token}`, '-F', `file=@${file('clip.mp4', large)}`]);
    assert.equal(many.status, 200, JSON.stringify(many.body));
    const a = one.body as UploadAnswer;
    const b = many.body as UploadAnswer;
    assert.match(
      a.url,
      /^https:\/\/share\.example\.test\/[0-9A-Za-z]{12}\/shot-one\.png$/,
      'the name made safe as the app makes it',
    );
    assert.match(a.deletion_url, /^https:\/\/share\.example\.test\/delete\/[0-9A-Za-z]{12}\/[\w-]{43}$/);
    assert.deepEqual(await raw(a.url), small);
    assert.ok((await raw(b.url)).equals(large), 'the multipart upload serves the exact bytes');
    assert.equal(await tagOf(a.url), '7d', 'the expire field is the tag lifecycle reads');
    assert.equal(await tagOf(b.url), DEFAULT_EXPIRY_RULES.default, 'without the field, the user rules choose');
    const entryA = await listed(a.url);
    const entryB = await listed(b.url);
    assert.equal(entryA?.contentType, 'image/png');
    assert.equal(entryA?.bytes, small.length);
    assert.equal(entryA?.expire, '7d');
    assert.equal(Date.parse(entryA!.expiresAt!) - Date.parse(entryA!.uploadedAt), 7 * 24 * 3600 * 1000);
    assert.equal(entryB?.contentType, 'video/mp4');
    assert.equal(entryB?.bytes, large.length);
    const stored = await server.db
      .selectFrom('uploads')
      .select('upload_id')
      .where('key', 'like', `%${new URL(b.url).pathname.split('/')[1]}%`)
      .executeTakeFirst();
    assert.ok(stored?.upload_id, 'the large file went up as a multipart upload');
    assert.deepEqual(await pendingMultipartOf(alice), []);
    assert.equal(
      (await server.db.selectFrom('reservations').selectAll().where('user_id', '=', alice).execute()).length,
      0,
    );
  });

  it('takes fetch + FormData (one PUT and multipart) and counts downloads as for any link', async () => {
    const small = Buffer.from('plain text, é and 🙂\n');
    const large = randomBytes(9 * MiB);
    const form = (name: string, bytes: Buffer, expire?: string): FormData => {
      const f = new FormData();
      if (expire) f.append('expire', expire);
      f.append('file', new Blob([new Uint8Array(bytes)]), name);
      return f;
    };
    const one = await postForm(form('notes.txt', small, 'never'));
    const two = await postForm(form('data.bin', large, '1d'));
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(two.status, 200, JSON.stringify(two.body));
    const a = one.body as UploadAnswer;
    const b = two.body as UploadAnswer;
    assert.deepEqual(await raw(a.url), small);
    assert.ok((await raw(b.url)).equals(large));
    assert.equal((await listed(a.url))?.contentType, 'text/plain; charset=utf-8');
    assert.equal((await listed(a.url))?.expiresAt, null, 'never expires');
    assert.equal((await listed(b.url))?.expire, '1d');
    const stats = await server.call<{ totals: { downloads: number } }>(
      'GET',
      FILES_API.stats.replace(':shareId', new URL(b.url).pathname.split('/')[1]!),
      token,
    );
    assert.equal(stats.body.totals.downloads, 1, 'the download above is counted');
  });

  it('the deletion URL: a confirmation page without script, its form deletes; DELETE deletes; a wrong token is 404', async () => {
    const f1 = new FormData();
    f1.append('file', new Blob([new Uint8Array(randomBytes(100))]), 'a.bin');
    const first = (await postForm(f1)).body as UploadAnswer;
    const page = await fetch(local(first.deletion_url), { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script/i);
    assert.match(
      html,
      /<form method="post" action="\/delete\/[0-9A-Za-z]{12}\/[\w-]{43}"><button[^>]*>Delete<\/button>/,
    );
    assert.equal((await fetch(`${local(first.url)}/raw`)).status, 200, 'GET only asks; the link still works');
    const wrong = local(first.deletion_url).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await fetch(wrong, { headers: { accept: 'text/html' } })).status, 404);
    assert.equal((await fetch(wrong, { method: 'DELETE' })).status, 404);
    assert.equal((await fetch(wrong, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${local(first.url)}/raw`)).status, 200, 'a wrong token deletes nothing');
    const confirmed = await fetch(local(first.deletion_url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
    });
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /a\.bin is deleted/);
    assert.equal((await fetch(`${local(first.url)}/raw`)).status, 404, 'the link is gone');
    assert.equal((await fetch(local(first.deletion_url))).status, 404, 'and so is its deletion page');

    const f2 = new FormData();
    f2.append('file', new Blob([new Uint8Array(randomBytes(100))]), 'b.bin');
    const second = (await postForm(f2)).body as UploadAnswer;
    const deleted = await fetch(local(second.deletion_url), { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    assert.deepEqual(await deleted.json(), { deleted: true });
    assert.equal((await fetch(`${local(second.url)}/raw`)).status, 404);
    assert.equal(await listed(second.url), undefined, 'out of the files list');
    const shareId = new URL(second.url).pathname.split('/')[1]!;
    assert.ok(!(await objectsOf(alice)).some((k) => k.includes(`/${shareId}/`)), 'the object is deleted');
  });

  it('the expire field: values outside the server rules are refused; the user rules choose without it', async () => {
    const bob = uniqueUserId('bob');
    const bobToken = await server.createToken(bob);
    const send = (fields: [string, string | Blob, string?][]) => {
      const f = new FormData();
      for (const [name, value, filename] of fields)
        if (typeof value === 'string') f.append(name, value);
        else f.append(name, value, filename);
      return postForm(f, bobToken);
    };
    const png = new Blob([new Uint8Array(randomBytes(50))]);
    for (const expire of ['90d', '2d', '']) {
      const refused = await send([
        ['expire', expire],
        ['file', png, 'x.png'],
      ]);
      assert.equal(refused.status, 400, expire);
      assert.match((refused.body as ApiError).message, /not allowed by this server; allowed: 1d, 7d, 30d, never/);
    }
    const late = await send([
      ['file', png, 'x.png'],
      ['expire', '1d'],
    ]);
    assert.equal(late.status, 400);
    assert.match((late.body as ApiError).message, /expire field must come before the file/);
    await server.call('PUT', FILES_API.settings, bobToken, {
      expiryRules: { default: '30d', byKind: {}, byExtension: { png: '1d' } },
      customDomain: null,
    });
    const ruled = (await send([['file', png, 'y.png']])).body as UploadAnswer;
    assert.equal((await server.call<FileListResponse>('GET', FILES_API.files, bobToken)).body.files[0]?.url, ruled.url);
    assert.equal((await server.call<FileListResponse>('GET', FILES_API.files, bobToken)).body.files[0]?.expire, '1d');
    // rules saved before the server's ALLOWED_EXPIRY was narrowed (the settings route refuses 365d now)
    await setExpiryRules(server.db, bob, { default: '30d', byKind: {}, byExtension: { png: '365d' } });
    const narrowed = await send([['file', png, 'z.png']]);
    assert.equal(narrowed.status, 400);
    assert.match(
      (narrowed.body as ApiError).message,
      /your expiry rules chose "365d", which this server does not allow/,
    );
    assert.deepEqual((await objectsOf(bob)).length, 1, 'only the one accepted file is in the bucket');
  });

  it("docs/upload-api.md's Flameshot pipe: curl -F 'file=@-;filename=…' from standard input", async () => {
    const png = randomBytes(40_000);
    const child = execFile('curl', [
      '-sS',
      '--fail-with-body',
      '-H',
      `Authorization: Bearer ${token}`,
      '-F',
      'expire=7d',
      '-F',
      'file=@-;filename=screenshot-20261206-120000.png',
      `${server.url}/v1/upload`,
    ]);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin!.end(png);
    assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0, out);
    const { url } = JSON.parse(out) as UploadAnswer;
    assert.match(url, /\/screenshot-20261206-120000\.png$/);
    assert.deepEqual(await raw(url), png);
    assert.equal((await listed(url))?.contentType, 'image/png');
  });

  it('bad forms get a 400 that says what to send, and leave nothing behind', async () => {
    const carol = uniqueUserId('carol');
    const carolToken = await server.createToken(carol);
    const auth = ['-H', `Authorization: Bearer ${carolToken}`];
    const cases: [string, string[], RegExp][] = [
      [
        'no file field',
        ['-F', 'expire=7d'],
        /no file: send the file as multipart\/form-data in one field named "file"/,
      ],
      [
        'a file in another field',
        ['-F', `upload=@${file('a.txt', Buffer.from('a'))}`],
        /unexpected file field "upload"/,
      ],
      [
        'two files',
        ['-F', `file=@${file('b.txt', Buffer.from('b'))}`, '-F', `file=@${file('c.txt', Buffer.from('c'))}`],
        /two files sent/,
      ],
      ['an empty file', ['-F', `file=@${file('empty.txt', Buffer.alloc(0))}`], /the file is empty/],
      [
        'JSON',
        ['-H', 'content-type: application/json', '-d', '{"file":"x"}'],
        /wrong content type "application\/json"/,
      ],
      [
        'a raw body',
        ['--data-binary', `@${join(dir, 'a.txt')}`],
        /wrong content type "application\/x-www-form-urlencoded"/,
      ],
      ['no boundary', ['-H', 'content-type: multipart/form-data', '--data-binary', 'x'], /has no boundary/],
      [
        'not multipart inside',
        ['-H', 'content-type: multipart/form-data; boundary=XX', '--data-binary', 'garbage'],
        /the request body is not a complete multipart\/form-data form/,
      ],
      [
        'a form that breaks off',
        [
          '-H',
          'content-type: multipart/form-data; boundary=XX',
          '--data-binary',
          '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
        ],
        /the request body is not a complete multipart\/form-data form \(.*unexpected end/i,
      ],
      [
        'too many fields',
        [...Array.from({ length: 12 }, (_, i) => ['-F', `f${i}=x`]).flat(), '-F', `file=@${join(dir, 'a.txt')}`],
        /too many form fields/,
      ],
    ];
    for (const [what, args, message] of cases) {
      const answer = await curl([...auth, ...args]);
      assert.equal(answer.status, 400, what);
      assert.equal((answer.body as ApiError).error, 'bad_request', what);
      assert.match((answer.body as ApiError).message, message, what);
    }
    assert.deepEqual(await objectsOf(carol), [], 'no object kept');
    assert.deepEqual((await server.call<FileListResponse>('GET', FILES_API.files, carolToken)).body.files, []);
    assert.equal(
      (await server.db.selectFrom('reservations').selectAll().where('user_id', '=', carol).execute()).length,
      0,
    );
    const unauthenticated = await run('curl', ['-sS', '-F', `file=@${join(dir, 'a.txt')}`, `${server.url}/v1/upload`]);
    assert.match(unauthenticated.stdout, /missing device token/);
  });

  it('upload-only tokens from `token create --upload-only --sxcu`: they upload, and every other route is 403', async () => {
    const dave = uniqueUserId('dave');
    const sxcuPath = join(dir, 'dave.sxcu');
    const env = { ...process.env, ...server.databaseEnv(), SHARE_BASE_URL: 'https://traydrop.example.test' };
    await run(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'create', dave], { env }); // tokens need a user
    const created = await run(
      process.execPath,
      ['--no-warnings', SERVER_BIN, 'token', 'create', dave, '--upload-only', '--label', 'ShareX', '--sxcu', sxcuPath],
      { env },
    );
    const uploadToken = created.stdout.trim();
    assert.match(uploadToken, /^tdk_[\w-]{43}$/);
    assert.match(created.stderr, /wrote .*dave\.sxcu: a ShareX custom uploader/);
    assert.equal(statSync(sxcuPath).mode & 0o777, 0o600, 'it holds a token: its owner only');
    const sxcu = JSON.parse(readFileSync(sxcuPath, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(sxcu, {
      Version: sxcu.Version,
      Name: 'Traydrop (traydrop.example.test)',
      DestinationType: 'ImageUploader, TextUploader, FileUploader',
      RequestMethod: 'POST',
      RequestURL: 'https://traydrop.example.test/v1/upload',
      Headers: { Authorization: `Bearer ${uploadToken}` },
      Body: 'MultipartFormData',
      FileFormName: 'file',
      URL: '{json:url}',
      DeletionURL: '{json:deletion_url}',
      ErrorMessage: '{json:message}',
    });
    assert.match(String(sxcu.Version), /^\d+\.\d+\.\d+$/);
    const listedTokens = await run(process.execPath, ['--no-warnings', SERVER_BIN, 'token', 'list'], { env });
    assert.match(listedTokens.stdout, new RegExp(`${dave} .* active {2}upload-only {2}label=ShareX`));

    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(Buffer.from('from ShareX'))]), 'shot.png');
    const uploaded = await postForm(f, uploadToken);
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    assert.equal((await raw((uploaded.body as UploadAnswer).url)).toString(), 'from ShareX');
    const elsewhere: [string, string, unknown?][] = [
      ['GET', API.me],
      ['POST', API.credentials, {}],
      ['GET', FILES_API.files],
      ['GET', FILES_API.settings],
      [
        'DELETE',
        FILES_API.file.replace(':shareId', new URL((uploaded.body as UploadAnswer).url).pathname.split('/')[1]!),
      ],
    ];
    for (const [method, path, body] of elsewhere) {
      const refused = await server.call<ApiError>(method, path, uploadToken, body);
      assert.equal(refused.status, 403, `${method} ${path}`);
      assert.equal(refused.body.error, 'upload_only');
      assert.match(refused.body.message, /this token may only upload files \(POST \/v1\/upload\)/);
    }
    assert.equal((await raw((uploaded.body as UploadAnswer).url)).toString(), 'from ShareX', 'the DELETE did nothing');

    const usage = await run(
      process.execPath,
      ['--no-warnings', SERVER_BIN, 'token', 'create', dave, '--sxcu', sxcuPath],
      { env },
    ).catch((error: { code: number; stderr: string }) => error);
    assert.equal((usage as { code: number }).code, 2);
    assert.match((usage as { stderr: string }).stderr, /--sxcu goes with --upload-only/);
  });
});

/**
 * Link passwords: today's scrypt parameters (N = 2^17), hashes made with older ones still accepted and
 * rewritten when the right password is given, wrong ones refused, and guessing still limited, also
 * when the guesses come in parallel while the (slow) checks run.
 */
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../../server/context.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { findUploadByShareId, insertUpload, setLimits } from '../../server/db/uploads.ts';
import { AttemptLimiter } from '../../server/share/attempt-limiter.ts';
import { hasAccess, submitPassword } from '../../server/share/password-gate.ts';
import { accessCookieName, hashPassword, needsRehash, verifyPassword } from '../../server/share/password.ts';

/** A hash as the server made them before: scrypt N = 2^14, r = 8, p = 1. */
function oldHash(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

describe('password hashes', () => {
  it('new hashes use N = 2^17, r = 8, p = 1 and verify; wrong passwords do not', async () => {
    const hash = await hashPassword('right one');
    assert.match(hash, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(needsRehash(hash), false);
    assert.equal(await verifyPassword('right one', hash), true);
    assert.equal(await verifyPassword('wrong one', hash), false);
  });

  it('old N = 2^14 hashes still verify and are marked for rehashing', async () => {
    const hash = oldHash('old one');
    assert.equal(await verifyPassword('old one', hash), true);
    assert.equal(await verifyPassword('Old one', hash), false);
    assert.equal(needsRehash(hash), true);
  });

  it('malformed or absurd stored hashes are refused without computing', async () => {
    const good = oldHash('pw').split('$');
    const variants = [
      'plain',
      ['scrypt', '1000', ...good.slice(2)].join('$'), // N not a power of two
      ['scrypt', String(2 ** 24), ...good.slice(2)].join('$'), // 16 GiB of memory
      [...good, 'extra'].join('$'),
      [...good.slice(0, 5), ''].join('$'),
    ];
    for (const stored of variants) assert.equal(await verifyPassword('pw', stored), false, stored);
  });
});

describe('password gate', () => {
  let db: Database;
  let app: FastifyInstance;
  let ctx: AppContext;
  let shareId = '';
  const secret = randomBytes(32);
  const newLink = async (passwordHash: string) => {
    shareId = randomBytes(6).toString('hex');
    await insertUpload(db, {
      shareId,
      key: `users/u/${shareId}/a.txt`,
      userId: 'u',
      name: 'a.txt',
      bytes: 1,
      contentType: 'text/plain',
      expire: '7d',
      uploadedAt: new Date().toISOString(),
      expiresAt: null,
      uploadId: null,
    });
    await setLimits(db, shareId, { passwordHash });
  };
  const storedHash = async () => (await findUploadByShareId(db, shareId))!.passwordHash!;
  const post = (password: string, from = '203.0.113.7') =>
    app.inject({ method: 'POST', url: `/${shareId}`, payload: { password }, remoteAddress: from });
  const opens = async (setCookie: string | string[] | undefined) => {
    const cookie = String(setCookie).split(';')[0]!;
    assert.ok(cookie.startsWith(`${accessCookieName(shareId)}=`));
    const request = { headers: { cookie } } as Parameters<typeof hasAccess>[1];
    return hasAccess(ctx, request, (await findUploadByShareId(db, shareId))!);
  };

  before(async () => {
    db = await openDatabase(':memory:');
    ctx = {
      db,
      passwordAttempts: new AttemptLimiter(db, { perClient: 3, perLink: 100 }),
      passwordSecret: secret,
      now: () => new Date(),
    } as unknown as AppContext;
    app = Fastify();
    app.post<{ Params: { id: string } }>('/:id', async (request, reply) =>
      submitPassword(ctx, request, reply, (await findUploadByShareId(db, request.params.id))!, 'https://share.example'),
    );
    await app.ready();
  });
  after(async () => {
    await app.close();
    await db.destroy();
  });

  it('the right password rewrites an old hash with today parameters; its cookie opens the link', async () => {
    await newLink(oldHash('s3cret'));
    const before = await storedHash();
    assert.equal((await post('wrong')).statusCode, 401);
    assert.equal(await storedHash(), before, 'a wrong password changes nothing');
    const right = await post('s3cret');
    assert.equal(right.statusCode, 303);
    const upgraded = await storedHash();
    assert.match(upgraded, /^scrypt\$131072\$8\$1\$/);
    assert.equal(await verifyPassword('s3cret', upgraded), true);
    assert.equal(await opens(right.headers['set-cookie']), true, 'the cookie is bound to the new hash');
    assert.equal((await post('wrong')).statusCode, 401, 'wrong passwords are still refused');
    assert.equal((await post('s3cret')).statusCode, 303);
    assert.equal(await storedHash(), upgraded, 'a current hash is not rewritten');
  });

  it('parallel guesses from one address: only perClient of them are checked, the rest wait (429)', async () => {
    await newLink(await hashPassword('unguessable'));
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post(`guess ${i}`, '198.51.100.9')));
    const codes = answers.map((a) => a.statusCode).sort();
    assert.deepEqual(codes, [...Array(3).fill(401), ...Array(9).fill(429)]);
    assert.equal((await post('unguessable', '198.51.100.9')).statusCode, 429, 'even the right one waits');
    assert.equal((await post('unguessable', '198.51.100.10')).statusCode, 303, 'another address may try');
  });

  it('guesses from one IPv6 /64 count as one address, whichever address of it they come from', async () => {
    await newLink(await hashPassword('unguessable'));
    for (let i = 1; i <= 3; i++) assert.equal((await post(`guess ${i}`, `2001:db8:7:7::${i}`)).statusCode, 401);
    assert.equal((await post('guess 4', '2001:db8:7:7:ffff::99')).statusCode, 429, 'same /64, new address');
    assert.equal((await post('unguessable', '2001:db8:7:8::1')).statusCode, 303, 'another /64 may try');
  });

  it('right passwords do not use up the link budget', async () => {
    ctx.passwordAttempts = new AttemptLimiter(db, { perClient: 3, perLink: 2 });
    await newLink(await hashPassword('open sesame'));
    for (let i = 1; i <= 4; i++)
      assert.equal((await post('open sesame', `192.0.2.${i}`)).statusCode, 303, `visitor ${i}`);
  });
});

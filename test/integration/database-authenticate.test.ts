/**
 * Who a request is, in one statement (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres): authenticate()
 * reads a device token and its user together, and a dashboard session is read with its user; every statement is
 * counted through a Kysely plugin. The behaviour is the one the routes had: unknown, revoked, a user disabled or
 * gone are refused with their own messages; an upload-only token keeps its kind; the token's and the user's
 * last use are written at most once a minute, and a session slides at most once a minute.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { authenticate } from '../../server/auth/device-auth.ts';
import type { AppContext } from '../../server/context.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { createSession, useSession } from '../../server/db/sessions.ts';
import { createToken, listTokens, revokeToken } from '../../server/db/tokens.ts';
import { createUser, findUser, setDisabled } from '../../server/db/users.ts';
import { HttpError } from '../../server/errors.ts';
import { freshPgDatabase, testDatabaseKind } from '../helpers/pg.ts';
import { testClock } from '../helpers/server.ts';

describe('authenticate in one statement', () => {
  let dir: string;
  let db: Database;
  let counted: Database;
  let statements = 0;
  let drop: () => Promise<void> = async () => {};
  const clock = testClock(new Date('2026-12-06T12:00:00.000Z'));
  const take = (): number => {
    const n = statements;
    statements = 0;
    return n;
  };
  const ctx = (): AppContext => ({ db: counted, now: clock.now }) as unknown as AppContext; // all it reads
  const refusal = async (header: string): Promise<string> => {
    const error = await authenticate(ctx(), header).then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof HttpError && error.statusCode === 401, String(error));
    return error.message;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-authenticate-'));
    if (testDatabaseKind() === 'postgres') {
      const pg = await freshPgDatabase();
      db = await openDatabase({ url: pg.url, path: '' });
      drop = () => pg.drop();
    } else db = await openDatabase(join(dir, 'a.db'));
    const plugin: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements++;
        return args.result;
      },
    };
    counted = db.withPlugin(plugin);
    for (const name of ['ann', 'ben']) await createUser(db, { name });
  });
  after(async () => {
    await db?.destroy();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a good token: one statement, plus the last-use writes at most once a minute', async () => {
    const { token, record } = await createToken(db, 'ann', { now: clock.now() });
    take();
    assert.deepEqual(await authenticate(ctx(), `Bearer ${token}`), {
      tokenId: record.id,
      userId: 'ann',
      kind: 'device',
      sessionId: null,
      verifiedDomain: null, // read in the same statement (server/db/with-owner.ts)
    });
    assert.equal(take(), 3, 'the first use: the read, then the token and the user noted as used');
    assert.equal((await findUser(db, 'ann'))?.lastActiveAt, clock.now().toISOString());
    clock.advance(30_000);
    await authenticate(ctx(), `Bearer ${token}`);
    assert.equal(take(), 1, 'within the minute: the one read');
    clock.advance(30_001);
    await authenticate(ctx(), `Bearer ${token}`);
    assert.equal(take(), 3, 'a minute later both are noted again');
    const used = (await listTokens(db)).find((t) => t.id === record.id)!;
    assert.equal(used.lastUsedAt, clock.now().toISOString());
    assert.equal((await findUser(db, 'ann'))?.lastActiveAt, clock.now().toISOString());
  });

  it('an upload-only token keeps its kind', async () => {
    const { token } = await createToken(db, 'ben', { kind: 'upload', now: clock.now() });
    assert.equal((await authenticate(ctx(), `Bearer ${token}`)).kind, 'upload');
    take();
  });

  it('unknown, revoked, disabled and gone are refused by the one read, each with its message', async () => {
    take();
    assert.match(await refusal('Bearer tdk_nothing-like-it'), /^unknown device token/);
    assert.equal(take(), 1);
    const revoked = await createToken(db, 'ann');
    await revokeToken(db, revoked.record.id, clock.now());
    take();
    assert.match(await refusal(`Bearer ${revoked.token}`), /^device token revoked/);
    assert.equal(take(), 1);
    const gone = await createToken(db, 'nobody-here'); // a token whose account does not exist (any more)
    take();
    assert.match(await refusal(`Bearer ${gone.token}`), /the account nobody-here no longer exists/);
    assert.equal(take(), 1);
    const ben = await createToken(db, 'ben');
    await setDisabled(db, 'ben', true, clock.now());
    take();
    assert.match(await refusal(`Bearer ${ben.token}`), /the account ben is disabled/);
    assert.equal(take(), 1);
    await setDisabled(db, 'ben', false, clock.now());
    assert.equal((await authenticate(ctx(), `Bearer ${ben.token}`)).userId, 'ben', 'enabled again: accepted');
    take();
  });

  it('a session is read with its user: one statement; slid once a minute; a disabled user has none', async () => {
    await createUser(db, { name: 'cat' });
    const { secret } = await createSession(db, { userId: 'cat', now: clock.now(), userAgent: null, ip: null });
    clock.advance(10_000);
    take();
    assert.equal((await useSession(counted, secret, clock.now()))?.userId, 'cat');
    assert.equal(take(), 1, 'within the minute: the one read');
    clock.advance(60_000);
    const slid = await useSession(counted, secret, clock.now());
    assert.equal(take(), 2, 'a minute later it slides');
    assert.equal(slid?.lastSeenAt, clock.now().toISOString());
    await setDisabled(db, 'cat', true, clock.now());
    take();
    assert.equal(await useSession(counted, secret, clock.now()), null);
    assert.equal(take(), 1);
    assert.equal(await useSession(counted, 'not-a-session', clock.now()), null);
  });
});

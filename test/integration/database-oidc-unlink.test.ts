/**
 * OpenID Connect identities on the database itself (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres),
 * through oidcUser as the callback calls it: a verified new address at the provider becomes the user's, unless
 * another user has it (kept, a warning logged); unlinking removes the identity, ends only the sessions it signed in,
 * and keeps the user; the unlinked subject is not tied back to that user by its address, but a new address makes it
 * a new person, and the user's next subject of that provider ties by address as a first sign-in does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { oidcUser } from '../../server/auth/oidc-user.ts';
import type { OidcClaims } from '../../server/auth/oidc-flow.ts';
import { findIdentity } from '../../server/db/oidc-identities.ts';
import { listIdentities, unlinkIdentity } from '../../server/db/oidc-unlink.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { createSession, useSession } from '../../server/db/sessions.ts';
import { createUser, findUser } from '../../server/db/users.ts';
import { freshPgDatabase, testDatabaseKind } from '../helpers/pg.ts';

const ISSUER = 'https://idp.example.com';
const config = {
  issuer: ISSUER,
  clientId: 'c',
  clientSecret: 's',
  emailDomains: [],
  requiredGroup: undefined,
  groupsClaim: 'groups',
  createUsers: true,
};

describe('OIDC identities: the e-mail follows, unlinking', () => {
  let dir: string;
  let db: Database;
  let drop: () => Promise<void> = async () => {};
  const now = new Date('2026-12-06T12:00:00.000Z');
  const warnings: object[] = [];
  const log = { warn: (fields: object) => void warnings.push(fields) };
  const claims = (subject: string, email: string): OidcClaims => ({
    issuer: ISSUER,
    subject,
    email,
    emailVerified: true,
    groups: [],
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-oidc-unlink-'));
    if (testDatabaseKind() === 'postgres') {
      const pg = await freshPgDatabase();
      db = await openDatabase({ url: pg.url, path: '' });
      drop = () => pg.drop();
    } else db = await openDatabase(join(dir, 'o.db'));
  });
  after(async () => {
    await db?.destroy();
    await drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a new verified address becomes the user’s; one another user has is kept, with a warning', async () => {
    await createUser(db, { name: 'kim', email: 'kim@example.com', now });
    await createUser(db, { name: 'lee', email: 'lee@example.com', now });
    assert.deepEqual(await oidcUser(db, config, claims('k1', 'kim@example.com'), now, log), {
      ok: true,
      userId: 'kim',
      created: false,
    });
    await oidcUser(db, config, claims('k1', 'kim.new@example.com'), now, log);
    assert.equal((await findUser(db, 'kim'))?.email, 'kim.new@example.com');
    assert.equal((await findIdentity(db, ISSUER, 'k1'))?.email, 'kim.new@example.com');
    assert.equal(warnings.length, 0);

    const taken = await oidcUser(db, config, claims('k1', 'lee@example.com'), now, log);
    assert.deepEqual(taken, { ok: true, userId: 'kim', created: false }, 'the subject still signs kim in');
    assert.equal((await findUser(db, 'kim'))?.email, 'kim.new@example.com', 'kim keeps hers');
    assert.equal((await findIdentity(db, ISSUER, 'k1'))?.email, 'kim.new@example.com', 'so does the identity');
    assert.equal((await findUser(db, 'lee'))?.email, 'lee@example.com', 'lee keeps his');
    assert.equal(warnings.length, 1);
    assert.deepEqual(warnings[0], {
      userId: 'kim',
      issuer: ISSUER,
      subject: 'k1',
      email: 'lee@example.com',
      holder: 'lee',
    });
  });

  it('unlinking: the identity goes, only its sessions end, the user stays', async () => {
    const later = new Date(now.getTime() + 60_000);
    await oidcUser(db, config, claims('k1', 'kim.new@example.com'), later, log);
    assert.deepEqual(await listIdentities(db, 'kim'), [
      {
        issuer: ISSUER,
        subject: 'k1',
        email: 'kim.new@example.com',
        linkedAt: now.toISOString(),
        lastSignInAt: later.toISOString(),
      },
    ]);
    const viaOidc = await createSession(db, {
      userId: 'kim',
      now,
      userAgent: null,
      ip: null,
      oidc: { issuer: ISSUER, subject: 'k1' },
    });
    const viaOther = await createSession(db, { userId: 'kim', now, userAgent: null, ip: null });
    const otherSubject = await createSession(db, {
      userId: 'kim',
      now,
      userAgent: null,
      ip: null,
      oidc: { issuer: 'https://other.example.com', subject: 'k1' },
    });
    assert.equal(await unlinkIdentity(db, { userId: 'lee', issuer: ISSUER, subject: 'k1' }, now), null, 'not lee’s');
    assert.deepEqual(await unlinkIdentity(db, { userId: 'kim', issuer: ISSUER, subject: 'k1' }, now), {
      sessionsEnded: 1,
    });
    assert.equal(await useSession(db, viaOidc.secret, now), null);
    assert.notEqual(await useSession(db, viaOther.secret, now), null);
    assert.notEqual(await useSession(db, otherSubject.secret, now), null);
    assert.deepEqual(await listIdentities(db, 'kim'), []);
    const kim = await findUser(db, 'kim');
    assert.equal(kim?.disabledAt, null);
    assert.equal(kim?.email, 'kim.new@example.com');
    assert.equal(await unlinkIdentity(db, { userId: 'kim', issuer: ISSUER, subject: 'k1' }, now), null, 'once');
  });

  it('the unlinked subject never reaches kim again; with a new address it is a new person', async () => {
    const again = await oidcUser(db, config, claims('k1', 'kim.new@example.com'), now, log);
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.reason : '', /unlinked from the account with this e-mail address/);
    assert.equal(await findIdentity(db, ISSUER, 'k1'), undefined, 'not tied back');
    const moved = await oidcUser(db, config, claims('k1', 'k.elsewhere@example.com'), now, log);
    assert.deepEqual(moved, { ok: true, userId: 'k.elsewhere', created: true });
    assert.equal((await findIdentity(db, ISSUER, 'k1'))?.userId, 'k.elsewhere');
  });

  it('kim’s next subject of the same provider ties by her address, as a first sign-in does', async () => {
    assert.deepEqual(await oidcUser(db, config, claims('k2', 'kim.new@example.com'), now, log), {
      ok: true,
      userId: 'kim',
      created: false,
    });
  });
});

/**
 * `traydrop-server migrate-data --from sqlite:PATH --to postgres://…`: every table arrives with the same rows
 * (counts and checksums computed again here, on both sides), and a target that already holds data is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runServerCli } from '../../server/cli.ts';
import { bookOnce } from '../../server/db/cache-log-seen.ts';
import { checkTable, TABLES } from '../../server/db/copy-data.ts';
import { claimDomain } from '../../server/db/domains.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { insertPending } from '../../server/db/pending-multipart.ts';
import { upsertReservation } from '../../server/db/reservations.ts';
import { serverSecret, setExpiryRules } from '../../server/db/settings.ts';
import { StatsBuffer } from '../../server/db/stats-buffer.ts';
import { recordNoThumbnail } from '../../server/db/thumbnails.ts';
import { createToken } from '../../server/db/tokens.ts';
import { createUser, setQuota } from '../../server/db/users.ts';
import { linkIdentity } from '../../server/db/oidc-identities.ts';
import { unlinkIdentity } from '../../server/db/oidc-unlink.ts';
import { createInvite } from '../../server/db/invites.ts';
import { createSession } from '../../server/db/sessions.ts';
import { setPasswordHash } from '../../server/db/user-passwords.ts';
import { saveChallenge } from '../../server/db/webauthn-challenges.ts';
import { createSignInLink } from '../../server/db/sign-in-links.ts';
import { insertUpload, setLimits } from '../../server/db/uploads.ts';
import { completeReplacement, noteReplacement } from '../../server/db/link-version.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { AttemptLimiter } from '../../server/share/attempt-limiter.ts';
import { freshPgDatabase } from '../helpers/pg.ts';

async function cli(argv: string[]) {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  const code = await runServerCli(argv, {}, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('migrate-data', () => {
  let dir: string;
  let path: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-migrate-data-'));
    path = join(dir, 'server.db');
    const db = await openDatabase(path);
    for (let i = 0; i < 1200; i++) {
      const shareId = `S${String(i).padStart(11, '0')}`;
      await insertUpload(db, {
        shareId,
        key: `users/u${i % 7}/${shareId}/file ${i} ünï.png`,
        userId: `u${i % 7}`,
        name: `file ${i} ünï.png`,
        bytes: 5_000_000_000 + i, // above 2^32: bigint on PostgreSQL
        contentType: 'image/png',
        expire: '7d',
        uploadedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        expiresAt: i % 2 ? null : '2027-01-01T00:00:00.000Z',
        uploadId: i % 3 ? null : `mp-${i}`,
      });
      if (i % 10 === 0) await setLimits(db, shareId, { maxDownloads: 3, passwordHash: 'scrypt$x' });
      // replaced links (version 2, replaced_at) and replacements still pending (0009_link_version's columns)
      const replacement = {
        from: `1767225600000 "etag-${i}"`,
        startedAt: `2026-06-01T00:00:0${i % 10}.000Z`,
        bytes: 6_000_000_000,
        contentType: 'image/webp',
      };
      if (i % 10 === 5 || i % 10 === 7) await noteReplacement(db, shareId, replacement);
      if (i % 10 === 5)
        await completeReplacement(db, shareId, { ...replacement, replacedAt: '2026-06-01T00:01:00.000Z' });
    }
    const stats = new StatsBuffer(db);
    stats.add('S00000000001', new Date('2026-11-02'), { downloads: 2, bytes: 10 });
    stats.add('S00000000001', new Date('2026-12-02'), { views: 1, botHits: 1 });
    await stats.close();
    await createToken(db, 'alice', { label: 'laptop' });
    await createToken(db, 'bob');
    await createToken(db, 'bob', { kind: 'upload', label: 'ShareX' }); // the kind column is copied and checked too
    await insertPending(db, {
      uploadId: 'up-1',
      key: 'users/alice/X/a',
      userId: 'alice',
      expire: '1d',
      contentType: 'text/plain',
      createdAt: 'now',
    });
    await upsertReservation(db, {
      shareId: 'R00000000000',
      key: 'users/alice/R00000000000/r.bin',
      userId: 'alice',
      name: 'r.bin',
      bytes: 9,
      contentType: 'application/octet-stream',
      expire: '30d',
      createdAt: 'now',
    });
    await setExpiryRules(db, 'alice', DEFAULT_EXPIRY_RULES);
    await claimDomain(db, { userId: 'alice', domain: 'files.example.com', token: 't', createdAt: 'now' });
    await serverSecret(db, 'link-access');
    await new AttemptLimiter(db).begin('S00000000000', '203.0.113.9', Date.now());
    const hit = { shareId: 'S00000000002', at: new Date(), download: true };
    const delta = { downloads: 1, bytes: 5, botHits: 0, botBytes: 0 };
    await bookOnce(db, [{ key: 'varnish 1 1', ...hit, delta }], new Date(), 3600_000);
    const thumb = { key: 'thumbs/u3/S00000000003.webp', detail: 'not an image or a video (none)', now: new Date() };
    await recordNoThumbnail(db, { shareId: 'S00000000003', ...thumb });
    await createUser(db, { name: 'carol', email: 'carol@example.com', role: 'admin' });
    await setQuota(db, 'carol', { storageLimit: 10_000_000_000, transferLimit: 5, maxFileSize: null });
    // 0014_oidc_identities: carol signs in with her organisation's provider
    const identity = {
      issuer: 'https://idp.example.com',
      subject: 'c-123',
      userId: 'carol',
      email: 'carol@example.com',
    };
    await linkIdentity(db, identity, new Date());
    // 0016_oidc_identity_seen: a session her identity signed in; a subject of another provider unlinked from her
    await createSession(db, { userId: 'carol', now: new Date(), userAgent: null, ip: null, oidc: identity });
    const old = { issuer: 'https://old-idp.example.com', subject: 'c-9', userId: 'carol', email: null };
    await linkIdentity(db, old, new Date());
    await unlinkIdentity(db, old, new Date());
    await db.insertInto('user_transfer').values({ user_id: 'carol', month: '2026-12', bytes: 6_000_000_000 }).execute();
    const hold = { id: 'h1', user_id: 'carol', month: '2026-12', bytes: 7, created_at: 'now' };
    await db.insertInto('transfer_holds').values(hold).execute();
    await createSession(db, { userId: 'alice', now: new Date(), userAgent: 'Firefox on Linux', ip: '203.0.113.9' });
    await createSignInLink(db, 'alice', new Date());
    // 0010_sign_in_methods: a password, an invite, a passkey and a WebAuthn challenge
    await saveChallenge(db, 'Y2hhbGxlbmdl', null, new Date());
    await setPasswordHash(db, 'alice', 'scrypt$17$8$1$c2FsdA$a2V5', new Date());
    await createInvite(db, { role: 'admin', now: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
    const passkey = {
      id: 'cred-1',
      user_id: 'alice',
      public_key: 'pQECAyYgASFYIA',
      counter: 7,
      transports: 'internal',
    };
    await db
      .insertInto('passkeys')
      .values({ ...passkey, name: 'Laptop', created_at: 'now', last_used_at: null })
      .execute();
    await db.destroy();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('copies every table into an empty PostgreSQL database: same counts, same checksums', async () => {
    const pg = await freshPgDatabase();
    try {
      const result = await cli(['migrate-data', '--from', `sqlite:${path}`, '--to', pg.url]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^uploads\s+1200 /m);
      assert.match(result.stdout, /^password_attempts\s+2 /m);
      assert.match(result.stdout, /^cache_log_seen\s+1 /m);
      assert.match(result.stdout, /^thumbnails\s+1 /m);
      assert.match(result.stderr, /counts and checksums match/);
      const [source, target] = [await openDatabase(path), await openDatabase({ url: pg.url, path: '' })];
      for (const table of TABLES) {
        const [s, t] = [await checkTable(source, table), await checkTable(target, table)];
        assert.ok(s.rows > 0, `${table} has rows to copy`);
        assert.deepEqual(t, s, table);
      }
      await Promise.all([source.destroy(), target.destroy()]);

      const again = await cli(['migrate-data', '--from', `sqlite:${path}`, '--to', pg.url]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /target database is not empty \(rows in device_tokens, .*uploads/);
    } finally {
      await pg.drop();
    }
  });

  it('wrong arguments are usage errors (exit 2); a missing source file is exit 1', async () => {
    assert.equal((await cli(['migrate-data', '--to', 'postgres://x@127.0.0.1/y'])).code, 2);
    assert.equal((await cli(['migrate-data', '--from', `sqlite:${path}`, '--to', 'mysql://x'])).code, 2);
    const missing = await cli(['migrate-data', '--from', `sqlite:${join(dir, 'nope.db')}`, '--to', 'postgres://x@h/y']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no SQLite database at/);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_EXPIRY_RULES, type ExpiryRules } from '../../common/expiry-rules.ts';
import { EXPIRY_VALUES } from '../../common/expiry.ts';
import { MAX_NAME_BYTES } from '../../common/safe-name.ts';
import { SHARE_ID_PATTERN, parseObjectKey } from '../../common/share-key.ts';
import { contentTypeFor } from '../../common/content-type.ts';
import { ExpiryNotAllowedError, planShare, type PlanShareInput } from '../../main/share/plan-share.ts';
import { newShareId } from '../../common/share-id.ts';

const base: PlanShareInput = {
  path: '/tmp/x.txt',
  userId: 'alice',
  shareBaseUrl: 'https://share.example.com/',
  kind: 'file',
  rules: DEFAULT_EXPIRY_RULES,
  allowedExpiry: [...EXPIRY_VALUES],
};

const names = [
  '../../etc/passwd',
  'a#b?c%d.txt',
  'line\nbreak.txt',
  'x'.repeat(300) + '.png',
  '😀 party 🎉.gif',
  'e\u0301cole.pdf',
  '日本語 ファイル.md',
  '%2e%2e%2fescape',
  'plain.txt',
];

for (const original of names) {
  test(`key and URL for ${JSON.stringify(original.slice(0, 30))}`, () => {
    const plan = planShare({ ...base, path: `/home/me/${original}` });
    assert.ok(plan.key.startsWith('users/alice/'));
    const parsed = parseObjectKey(plan.key);
    assert.deepEqual(parsed, { userId: 'alice', shareId: plan.shareId, name: plan.name });
    assert.match(plan.shareId, SHARE_ID_PATTERN);
    assert.ok(Buffer.byteLength(plan.name) <= MAX_NAME_BYTES);
    assert.equal(plan.name, plan.name.normalize('NFC'));
    const url = new URL(plan.url);
    assert.equal(url.origin, 'https://share.example.com');
    const [, shareId, encoded, ...rest] = url.pathname.split('/');
    assert.equal(rest.length, 0);
    assert.equal(shareId, plan.shareId);
    assert.equal(decodeURIComponent(encoded!), plan.name);
  });
}

test('the expiry follows the rules; an explicit choice wins', () => {
  const rules: ExpiryRules = { default: '30d', byKind: { screenshot: '7d' }, byExtension: { mp4: '1d' } };
  assert.equal(planShare({ ...base, rules }).expire, '30d');
  assert.equal(planShare({ ...base, rules, kind: 'screenshot', path: '/a.png' }).expire, '7d');
  assert.equal(planShare({ ...base, rules, path: '/clip.MP4' }).expire, '1d');
  assert.equal(planShare({ ...base, rules, path: '/clip.mp4', explicitExpiry: 'never' }).expire, 'never');
});

test('an expiry the server does not allow fails clearly', () => {
  assert.throws(
    () => planShare({ ...base, explicitExpiry: 'never', allowedExpiry: ['1d', '7d'] }),
    (e: unknown) => e instanceof ExpiryNotAllowedError && /"never".*only allows: 1d, 7d/.test(e.message),
  );
  assert.throws(() => planShare({ ...base, allowedExpiry: ['1d'] }), /expiry rules chose expiry "30d"/);
});

test('content type comes from the original name', () => {
  assert.equal(planShare({ ...base, path: '/a/b.png' }).contentType, 'image/png');
  assert.equal(planShare({ ...base, path: '/a/notes.txt' }).contentType, 'text/plain; charset=utf-8');
});

test('refuses a user id that would escape its prefix', () => {
  assert.throws(() => planShare({ ...base, userId: '../bob' }), /invalid user id/);
});

test('share ids: right length and alphabet, all different, no modulo bias', () => {
  const ids = new Set(Array.from({ length: 2000 }, () => newShareId()));
  assert.equal(ids.size, 2000);
  for (const id of ids) assert.match(id, SHARE_ID_PATTERN);
  // bytes 248..255 are rejected, so a source of only those never yields a character
  let calls = 0;
  const id = newShareId(4, (n) => (++calls < 3 ? new Uint8Array(n).fill(250) : new Uint8Array(n).fill(61)));
  assert.equal(id, 'zzzz');
  // 0 and 62 map to the same character; 248 is rejected
  assert.equal(
    newShareId(3, () => Uint8Array.from([0, 248, 62, 124, 9])),
    '000',
  );
});

test('content types', () => {
  assert.equal(contentTypeFor('a.json'), 'application/json; charset=utf-8');
  assert.equal(contentTypeFor('a.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('a.svg'), 'image/svg+xml; charset=utf-8');
  assert.equal(contentTypeFor('a.mp4'), 'video/mp4');
  assert.equal(contentTypeFor('A.PNG'), 'image/png');
  assert.equal(contentTypeFor('noextension'), 'application/octet-stream');
  assert.equal(contentTypeFor('a.weird-unknown'), 'application/octet-stream');
});

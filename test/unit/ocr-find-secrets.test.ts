/** The secrets finder on OCR lines with known boxes: what it proposes, what it leaves, and the boxes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInLine, findSecrets } from '../../main/ocr/find-secrets.ts';
import { luhnValid } from '../../main/ocr/secret-patterns.ts';
import type { OcrLine } from '../../main/ocr/words.ts';

/** A line of words at row `row`, each character 10 px wide and 20 px high, one space between words. */
function line(text: string, row = 0): OcrLine {
  let x = 0;
  const words = text.split(' ').map((word) => {
    const w = { text: word, confidence: 90, box: { x, y: row * 30, width: word.length * 10, height: 20 } };
    x += (word.length + 1) * 10;
    return w;
  });
  return { text, words, box: { x: 0, y: row * 30, width: text.length * 10, height: 20 } };
}

const kinds = (text: string) => findInLine(text).map((m) => [m.kind, text.slice(m.start, m.end)]);

test('each kind is found, with what it matched', () => {
  assert.deepEqual(kinds('mail bob.o-neil+tag@mail.example.co.uk now'), [
    ['email', 'bob.o-neil+tag@mail.example.co.uk'],
  ]);
  assert.deepEqual(kinds('call +1 (415) 555-0132 today'), [['phone', '+1 (415) 555-0132']]);
  assert.deepEqual(kinds('tel 030 1234 5678'), [['phone', '030 1234 5678']]);
  assert.deepEqual(kinds('host 192.168.10.254 up'), [['ipv4', '192.168.10.254']]);
  assert.deepEqual(kinds('v6 2001:db8:85a3::8a2e:370:7334 and fe80::1'), [
    ['ipv6', '2001:db8:85a3::8a2e:370:7334'],
    ['ipv6', 'fe80::1'],
  ]);
  assert.deepEqual(kinds('db postgres://admin:S3cr3t!@db.internal:5432/app'), [
    ['url-credentials', 'postgres://admin:S3cr3t!@db.internal:5432/app'],
  ]);
  assert.deepEqual(kinds('card 4111 1111 1111 1111 exp'), [['card', '4111 1111 1111 1111']]);
  assert.deepEqual(kinds('AKIAIOSFODNN7EXAMPLE'), [['aws-access-key', 'AKIAIOSFODNN7EXAMPLE']]);
  assert.deepEqual(kinds('secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), [
    ['aws-secret-key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ]);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  assert.deepEqual(kinds(`Bearer ${jwt}`), [['jwt', jwt]]);
  assert.deepEqual(kinds('aws_secret access key = 7w9enQgbtLbc]YPH3VCIRD8e8ykACTjAHH'), [
    ['assigned-secret', '7w9enQgbtLbc]YPH3VCIRD8e8ykACTjAHH'],
  ]);
  assert.deepEqual(kinds('password: hunter2hunter'), [['assigned-secret', 'hunter2hunter']]);
  assert.deepEqual(kinds('GITHUB_TOKEN ghp_RHeKRbGRyjOXKIyoGutorZPtLPKesYRdjC4'), [
    ['base64-token', 'ghp_RHeKRbGRyjOXKIyoGutorZPtLPKesYRdjC4'],
  ]);
  assert.deepEqual(kinds('-----BEGIN RSA PRIVATE KEY-----'), [['private-key', '-----BEGIN RSA PRIVATE KEY-----']]);
  assert.deepEqual(kinds('sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'), [
    ['hex-token', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ]);
  assert.deepEqual(kinds('token ghp_16C7e42F292c6912E7710c838347Ae178B4a'), [
    ['base64-token', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ]);
});

test('look-alikes are left alone', () => {
  for (const text of [
    'Meeting on 2026-12-06 at 10:30:15 in room 4',
    'version 1.2.3 build 20261206',
    'card 4111 1111 1111 1112 fails Luhn',
    'an internationalization-and-localization-guide',
    'The quick brown fox jumps over the lazy dog',
    'http://example.com/path?q=1 no credentials',
    'deadbeef is short hex',
    'Total: 1,234.56 EUR',
  ])
    assert.deepEqual(kinds(text), [], text);
  assert.ok(luhnValid('4111111111111111'));
  assert.ok(!luhnValid('4111111111111112'));
  assert.ok(luhnValid('378282246310005'));
});

test('OCR gaps are closed before matching: "example. com", "postgres: //", "2001:db8: :1"', () => {
  const found = findSecrets([
    line('Reply-To: anna@example. com and postgres: //app: S3cr3tPw@db. internal :5432/x', 0),
    line('v6 2001:db8: :1', 1),
  ]);
  assert.deepEqual(
    found.map((p) => [p.kind, p.text]),
    [
      ['email', 'anna@example.com'],
      ['url-credentials', 'postgres://app:S3cr3tPw@db.internal:5432/x'],
      ['ipv6', '2001:db8::1'],
    ],
  );
});

test('boxes are the union of the words a match spans, with a margin; matches inside a word cover it whole', () => {
  const proposals = findSecrets([line('Contact: alice@example.com or +1 415 555 0132', 2)]);
  assert.deepEqual(
    proposals.map((p) => [p.kind, p.text, p.box]),
    [
      ['email', 'alice@example.com', { x: 87, y: 57, width: 176, height: 26 }],
      ['phone', '+1 415 555 0132', { x: 297, y: 57, width: 156, height: 26 }],
    ],
  );
  const [inWord] = findSecrets([line('ip=10.0.0.1;')], { margin: 0 });
  assert.deepEqual(inWord?.box, { x: 0, y: 0, width: 120, height: 20 });
});

test('a private key block is covered from BEGIN to END, or to the last line of key material', () => {
  const key = [
    line('-----BEGIN OPENSSH PRIVATE KEY-----', 0),
    line('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 1),
    line('QyNTUxOQAAACDmY2ZlYjY4ZmM4YjM0YzQ3YjM0NTI3ODYwAAAAJgAAAAA=', 2),
    line('-----END OPENSSH PRIVATE KEY-----', 3),
    line('user@example.org', 4),
  ];
  const found = findSecrets(key, { margin: 0 });
  assert.deepEqual(
    found.map((p) => p.kind),
    ['private-key', 'email'],
  );
  assert.deepEqual(found[0]!.box, { x: 0, y: 0, width: 700, height: 110 });
  const cut = findSecrets([key[0]!, key[1]!, key[2]!, line('Some prose after the key.', 3)], { margin: 0 });
  assert.deepEqual(
    cut.map((p) => [p.kind, p.box.height]),
    [['private-key', 80]],
  );
});

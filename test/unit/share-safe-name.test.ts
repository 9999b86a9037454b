import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_NAME_BYTES, isSafeName, safeName } from '../../common/safe-name.ts';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

test('keeps ordinary names', () => {
  for (const name of ['report.pdf', 'Screenshot-2026.png', 'a_b-c.tar.gz', 'résumé.docx', '日本語.txt', '😀.png']) {
    assert.equal(safeName(name), name);
    assert.ok(isSafeName(name));
  }
});

test('drops any path, including ../ and Windows separators', () => {
  assert.equal(safeName('../../etc/passwd'), 'passwd');
  assert.equal(safeName('..\\..\\boot.ini'), 'boot.ini');
  assert.equal(safeName('/home/me/My File.txt'), 'My-File.txt');
  assert.equal(safeName('..'), 'file');
  assert.equal(safeName('dir/'), 'file');
  assert.equal(safeName(''), 'file');
});

test('URL and shell characters become _ ; spaces, tabs and newlines become -', () => {
  assert.equal(safeName('a#b?c%d&e.txt'), 'a_b_c_d_e.txt');
  assert.equal(safeName('50% off.png'), '50_off.png');
  assert.equal(safeName('a%2F..%2Fb'), 'a_2F._2Fb');
  assert.equal(safeName('line1\nline2.txt'), 'line1-line2.txt');
  assert.equal(safeName('tab\there  and   there.md'), 'tab-here-and-there.md');
  assert.equal(safeName('quote"\'`<>|.txt'), 'quote.txt');
});

test('no leading dots or separators, no trailing dots; the extension survives', () => {
  assert.equal(safeName('.bashrc'), 'file.bashrc');
  assert.equal(safeName('...hidden.txt'), 'hidden.txt');
  assert.equal(safeName('#.txt'), 'file.txt');
  assert.equal(safeName('name.'), 'name');
  assert.equal(safeName('name-_.txt'), 'name.txt');
  assert.equal(safeName('trailing space .txt'), 'trailing-space.txt');
});

test('removes controls, bidi overrides and zero-width characters', () => {
  assert.equal(safeName('evil\u202Egnp.exe'), 'evilgnp.exe');
  assert.equal(safeName('a\u0000b\u007F\u200Bc\uFEFF.txt'), 'abc.txt');
});

test('keeps emoji sequences whole (ZWJ is not removed)', () => {
  assert.equal(safeName('family 👩‍👩‍👧.png'), 'family-👩‍👩‍👧.png');
});

test('normalizes to NFC', () => {
  const decomposed = 'e\u0301te\u0301.txt';
  assert.equal(safeName(decomposed), 'été.txt');
  assert.equal(safeName(decomposed), safeName(decomposed.normalize('NFC')));
});

test('lone surrogates are replaced (they are not UTF-8)', () => {
  const name = safeName('bad\uD800name.txt');
  assert.equal(name, 'bad_name.txt');
  assert.doesNotThrow(() => encodeURIComponent(name));
});

test('long names are cut to MAX_NAME_BYTES of UTF-8, keeping the extension and whole graphemes', () => {
  const long = safeName('x'.repeat(300) + '.png');
  assert.equal(bytes(long), MAX_NAME_BYTES);
  assert.ok(long.endsWith('.png'));
  const emoji = safeName('😀'.repeat(100) + '.txt');
  assert.ok(bytes(emoji) <= MAX_NAME_BYTES);
  assert.match(emoji, /^(😀)+\.txt$/u);
  const family = safeName('👩‍👩‍👧'.repeat(20));
  assert.ok(bytes(family) <= MAX_NAME_BYTES);
  assert.match(family, /^(👩‍👩‍👧)+$/u);
  const accents = safeName('é'.repeat(200));
  assert.equal(bytes(accents), MAX_NAME_BYTES);
});

test('an absurdly long "extension" is treated as part of the name', () => {
  const name = safeName('x.' + 'y'.repeat(300));
  assert.ok(bytes(name) <= MAX_NAME_BYTES);
  assert.ok(name.startsWith('x.yyy'));
});

test('is idempotent: safeName(safeName(x)) === safeName(x), so isSafeName accepts its output', () => {
  const alphabet = [
    'a',
    'B',
    '.',
    '-',
    '_',
    ' ',
    '\n',
    '#',
    '%',
    '/',
    '\\',
    'é',
    'e\u0301',
    '😀',
    '👩‍👩‍👧',
    '\u200B',
    '\u202E',
    '.txt',
    '\t',
    '~',
    '\uD800',
  ];
  let seed = 42;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 20_000; i++) {
    let input = random() < 0.2 ? 'q'.repeat(90 + Math.floor(random() * 40)) : '';
    for (let n = Math.floor(random() * 30); n > 0; n--) input += alphabet[Math.floor(random() * alphabet.length)];
    const once = safeName(input);
    assert.equal(safeName(once), once, JSON.stringify(input));
    assert.ok(isSafeName(once));
    assert.ok(once.length > 0 && bytes(once) <= MAX_NAME_BYTES);
    assert.ok(!/^[.\-_]/.test(once) && !/[/\\?#%]/.test(once));
  }
});

test('isSafeName rejects what safeName would change', () => {
  for (const name of ['', '.hidden', 'a b', 'a/b', 'x#', 'name.', 'e\u0301.txt'])
    assert.equal(isSafeName(name), false, name);
});

/** Capture names from the naming pattern, and saving: atomic, never overwriting, no temp file left. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  captureName,
  patternProblem,
  DEFAULT_CAPTURE_PATTERN,
  DEFAULT_RECORDING_PATTERN,
} from '../../main/capture/capture-name.ts';
import { saveCapture } from '../../main/capture/save-capture.ts';
import { isSafeName } from '../../common/safe-name.ts';

const when = new Date(2026, 10, 24, 9, 41, 7); // local time

test('the default pattern, made safe for links', () => {
  const name = captureName(DEFAULT_CAPTURE_PATTERN, { date: when, kind: 'screenshot' }, '.png');
  assert.equal(name, 'Screenshot-2026-11-24-at-09.41.07.png');
  assert.ok(isSafeName(name));
  assert.equal(
    captureName(DEFAULT_RECORDING_PATTERN, { date: when, kind: 'recording' }, '.mp4'),
    'Recording-2026-11-24-at-09.41.07.mp4',
  );
});

test("every token; the extension is the capture's, not the pattern's", () => {
  const name = captureName(
    '{kind}_{year}{month}{day}-{hour}{minute}{second}-{n}.jpg',
    { date: when, kind: 'region', n: 3 },
    '.png',
  );
  assert.equal(name, 'region_20261124-094107-3.png');
  // no extension in the pattern, and {time}'s ".07" is not mistaken for one
  assert.equal(captureName('shot {time}', { date: when, kind: 'window' }, '.png'), 'shot-09.41.07.png');
  // unsafe characters from the pattern are cleaned
  assert.equal(captureName('a/b:c?{date}', { date: when, kind: 'gif' }, '.gif'), 'b_c_2026-11-24.gif');
});

test('pattern problems are reported for the settings form', () => {
  assert.equal(patternProblem(DEFAULT_CAPTURE_PATTERN), undefined);
  assert.match(patternProblem('x {nope}')!, /unknown token \{nope\}/);
  assert.match(patternProblem('  ')!, /empty/);
  assert.throws(() => captureName('{bad}', { date: when, kind: 'screenshot' }, '.png'), /unknown token/);
});

test('saving never overwrites: "-2", "-3" without {n}, the next {n} with it; no temp file stays', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-names-'));
  const save = (data: string, pattern?: string) =>
    saveCapture(Buffer.from(data), {
      folder,
      kind: 'screenshot',
      extension: '.png',
      date: when,
      ...(pattern ? { pattern } : {}),
    });
  const a = await save('one');
  const b = await save('two');
  const c = await save('three');
  assert.deepEqual(
    [a, b, c].map((p) => path.basename(p)),
    [
      'Screenshot-2026-11-24-at-09.41.07.png',
      'Screenshot-2026-11-24-at-09.41.07-2.png',
      'Screenshot-2026-11-24-at-09.41.07-3.png',
    ],
  );
  assert.equal(await readFile(a, 'utf8'), 'one');
  assert.equal(await readFile(c, 'utf8'), 'three');

  await writeFile(path.join(folder, 'cap-1.png'), 'taken by someone else');
  const n = await save('four', 'cap-{n}.png');
  assert.equal(path.basename(n), 'cap-2.png');
  assert.equal(await readFile(path.join(folder, 'cap-1.png'), 'utf8'), 'taken by someone else');

  const names = await readdir(folder);
  assert.equal(names.filter((f) => f.startsWith('.')).length, 0, `no temp files: ${names.join(', ')}`);
});

test('many saves at once still get distinct names', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-names-'));
  const paths = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      saveCapture(Buffer.from(String(i)), { folder, kind: 'screenshot', extension: '.png', date: when }),
    ),
  );
  assert.equal(new Set(paths).size, 20);
  const contents = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
  assert.deepEqual(
    contents.map(Number).sort((x, y) => x - y),
    Array.from({ length: 20 }, (_, i) => i),
  );
});

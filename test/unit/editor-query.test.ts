/** The editor's first-paint context in its window query (common/editor-query.ts): written by main, checked by the page. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorContextOfQuery, editorQuery } from '../../common/editor-query.ts';

const context = { name: 'Screenshot 2026-12-06 at 17.50.png', scaleFactor: 1.25, color: '#e5484d', width: 4 };

test('what main writes, the page reads back exactly', () => {
  const query = new URLSearchParams({ capture: 'traydrop-capture://editor/capture', ...editorQuery(context) });
  assert.deepEqual(editorContextOfQuery(new URLSearchParams(query.toString())), context);
});

test('a missing or bad part makes the whole query unusable: the page waits for getEditorContext', () => {
  const good = editorQuery(context);
  assert.equal(editorContextOfQuery(new URLSearchParams()), null);
  for (const [key, value] of [
    ['name', ''],
    ['name', '../etc/passwd'],
    ['name', 'a\\b.png'],
    ['name', 'line\nbreak.png'],
    ['name', 'x'.repeat(256)],
    ['scale', ''],
    ['scale', '0'],
    ['scale', '-2'],
    ['scale', 'Infinity'],
    ['scale', '0x2'],
    ['scale', '9'],
    ['color', 'red'],
    ['color', '#E5484D'],
    ['color', '#e5484d00'],
    ['width', '0'],
    ['width', '33'],
    ['width', '4px'],
  ] as const) {
    assert.equal(editorContextOfQuery(new URLSearchParams({ ...good, [key]: value })), null, `${key}=${value}`);
  }
  for (const key of ['name', 'scale', 'color', 'width'] as const) {
    const { [key]: _dropped, ...rest } = good;
    assert.equal(editorContextOfQuery(new URLSearchParams(rest)), null, `without ${key}`);
  }
});

/** The quota form's fields read back to the same bytes through `user quota`'s own parser (size-arg.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSizeArg } from '../../server/cli/size-arg.ts';
import { sizeField } from '../../server/dashboard/size-field.ts';

test('a limit shown in the quota form parses back to the same bytes', () => {
  const cases: [number | null, string][] = [
    [null, 'none'],
    [0, '0'],
    [10e9, '10GB'],
    [2 * 1024 ** 3, '2GiB'],
    [1024 ** 4, '1TiB'],
    [1500, '1500'],
    [1_000_001, '1000001'],
    [512 * 1024 ** 2, '512MiB'],
  ];
  for (const [bytes, text] of cases) {
    const shown = sizeField(bytes);
    assert.equal(shown, text, `${bytes}`);
    assert.equal(parseSizeArg('storage', shown), bytes, `${shown} reads back`);
  }
});

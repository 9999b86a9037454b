/** The app icon drawn in code, and the files `npm run build` writes for the packages. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { appIconPng } from '../../main/app/app-icon.ts';
import { decodePng, pixelAt } from '../../main/capture/png.ts';
import { buildApp, LINUX_ICON_SIZES } from '../../scripts/build-app.ts';

test('a blue rounded square with the white glyph; transparent corners; smooth edges', () => {
  const icon = decodePng(appIconPng(256));
  assert.deepEqual([icon.width, icon.height], [256, 256]);
  assert.equal(pixelAt(icon, 0, 0)[3], 0, 'corner outside the rounded square');
  assert.equal(pixelAt(icon, 255, 255)[3], 0);
  const [r, g, b, a] = pixelAt(icon, 40, 128);
  assert.equal(a, 255);
  assert.ok(b > 200 && r < 100 && g > 60 && g < 150, `blue background: ${[r, g, b]}`);
  assert.deepEqual([...pixelAt(icon, 128, 80)], [255, 255, 255, 255], 'the arrow shaft is white');
  const alphas = new Set<number>();
  for (let i = 3; i < icon.data.length; i += 4) alphas.add(icon.data[i]!);
  assert.ok(alphas.size > 5, `anti-aliased edge: ${alphas.size} alpha levels`);
  assert.throws(() => appIconPng(8), /16 to 1024/);
});

test('npm run build writes the 1024 px icon and the Linux NxN.png set', { timeout: 120_000 }, async () => {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-build-icons-'));
  try {
    await buildApp({ outDir });
    const big = decodePng(await readFile(path.join(outDir, 'icons', 'icon.png')));
    assert.deepEqual([big.width, big.height], [1024, 1024]);
    for (const size of LINUX_ICON_SIZES) {
      const icon = decodePng(await readFile(path.join(outDir, 'icons', 'linux', `${size}x${size}.png`)));
      assert.deepEqual([icon.width, icon.height], [size, size]);
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});

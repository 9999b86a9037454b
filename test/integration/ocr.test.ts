/**
 * OCR on real pixels with the real engine (tesseract.js, English data from the npm package): generated text at
 * 1× and 2×, light and dark, read back at ≥ 95 % of characters; with no network at all; redaction (b): the text
 * is read before a redaction and not after, for pixelate, blur and solid box; the secrets finder on generated
 * screens with known secrets.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, encodePng } from '../../main/capture/png.ts';
import { createOcrEngine } from '../../main/ocr/ocr-engine.ts';
import { findSecrets, unionBox } from '../../main/ocr/find-secrets.ts';
import { stripPngMetadata } from '../../common/image/png-chunks.ts';
import { applyRedaction, type RedactionKind } from '../../common/image/redact.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { characterAccuracy, renderText, TEXT_IMAGE_NEEDS } from '../helpers/text-image.ts';
import { secretScreen, score } from '../helpers/secret-screens.ts';

const skip = skipUnless(...TEXT_IMAGE_NEEDS);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ocr = createOcrEngine();
after(() => ocr.close());

const TEXT = [
  'Settings saved. Your link expires in 7 days.',
  'Upload 3 of 12: screenshot-2026-12-06.png (4.2 MB)',
  'The quick brown fox jumps over the lazy dog.',
  'Pack my box with five dozen liquor jugs, 1234567890!',
  'Error: connection refused while contacting the server',
];

for (const scale of [1, 2] as const)
  for (const theme of ['light', 'dark'] as const)
    test(`recognises ${scale}× ${theme} text at ≥ 95 % of characters`, { skip }, async () => {
      const result = await ocr.recognize(renderText(TEXT, { scale, theme }));
      const accuracy = characterAccuracy(TEXT.join('\n'), result.text);
      assert.ok(accuracy >= 0.95, `${(accuracy * 100).toFixed(1)} % of characters: ${JSON.stringify(result.text)}`);
      assert.equal(result.lines.length, TEXT.length);
      const first = result.lines[0]!.words[0]!;
      assert.equal(first.text, 'Settings');
      assert.ok(
        Math.abs(first.box.x - 20 * scale) <= 2 * scale,
        `boxes are in image pixels: ${JSON.stringify(first.box)}`,
      );
    });

test(
  'works with no network at all (a network namespace with no interfaces up), writing nothing to its folder',
  { skip: skip || skipUnless(command('unshare', 'util-linux')) },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traydrop-ocr-offline-'));
    try {
      const image = path.join(dir, 'text.png');
      writeFileSync(image, renderText(['Offline recognition works'], { scale: 2 }));
      const script = [
        `import { readFileSync } from 'node:fs';`,
        `import { createOcrEngine } from ${JSON.stringify(path.join(root, 'main/ocr/ocr-engine.ts'))};`,
        `const ocr = createOcrEngine({ workDir: ${JSON.stringify(path.join(dir, 'work'))} });`,
        `const result = await ocr.recognize(readFileSync(${JSON.stringify(image)}));`,
        `await ocr.close();`,
        `process.stdout.write(result.text);`,
      ].join('\n');
      const out = execFileSync(
        'unshare',
        ['--user', '--map-root-user', '--net', process.execPath, '--input-type=module', '-e', script],
        { cwd: dir, encoding: 'utf8', timeout: 120_000 },
      );
      assert.equal(out.trim(), 'Offline recognition works');
      assert.deepEqual(readdirSync(dir), ['text.png'], 'no traineddata cache written into the working folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

const SECRET_LINE = 'Recovery phrase: ZEBRA QUARTZ WALNUT';
for (const kind of ['pixelate', 'blur', 'box'] satisfies RedactionKind[])
  test(
    `redaction (b): OCR reads the text before a ${kind} and not after; outside it nothing changed`,
    { skip },
    async () => {
      const png = renderText(['Nothing to hide on this line.', SECRET_LINE, 'Nor on this one, it is fine.'], {
        scale: 2,
      });
      const before = await ocr.recognize(png);
      assert.match(before.text, /ZEBRA QUARTZ WALNUT/);
      const line = before.lines.find((l) => l.text.includes('ZEBRA'))!;
      const words = line.words.filter((w) => /ZEBRA|QUARTZ|WALNUT/.test(w.text));
      const box = unionBox(words.map((w) => w.box));
      const rect = { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 };

      const original = decodePng(png);
      const edited = decodePng(png);
      applyRedaction(edited, { kind, rect });
      const exported = Buffer.from(stripPngMetadata(encodePng(edited)));
      const pixels = decodePng(exported);

      const after = await ocr.recognize(exported);
      for (const word of ['ZEBRA', 'QUARTZ', 'WALNUT', 'ZEB', 'QUA', 'WAL', 'NUT'])
        assert.ok(
          !after.text.includes(word),
          `"${word}" is still readable after ${kind}: ${JSON.stringify(after.text)}`,
        );
      assert.match(after.text, /Nothing to hide/, 'the rest is still read');
      for (let y = 0; y < original.height; y++)
        for (let x = 0; x < original.width; x++) {
          const i = (y * original.width + x) * 4;
          const under = x >= rect.x && y >= rect.y && x < rect.x + rect.width && y < rect.y + rect.height;
          if (!under) assert.ok(pixels.data.readUInt32BE(i) === original.data.readUInt32BE(i), `(${x}, ${y}) changed`);
        }
    },
  );

test('the secrets finder on 6 generated screens (every kind): recall and precision ≥ 90 %', { skip }, async () => {
  const total = { secrets: 0, found: 0, proposals: 0, right: 0 };
  const missed: string[] = [];
  for (let i = 0; i < 6; i++) {
    const screen = secretScreen(i);
    const proposals = findSecrets((await ocr.recognize(screen.png)).lines);
    const s = score(screen.secrets, proposals);
    for (const key of ['secrets', 'found', 'proposals', 'right'] as const) total[key] += s[key];
    missed.push(...s.missed.map((m) => `${m.kind} ${m.text}`));
  }
  assert.equal(total.secrets, 18);
  assert.ok(total.found / total.secrets >= 0.9, `recall ${total.found}/${total.secrets}; missed: ${missed.join(', ')}`);
  assert.ok(total.right / total.proposals >= 0.9, `precision ${total.right}/${total.proposals}`);
});

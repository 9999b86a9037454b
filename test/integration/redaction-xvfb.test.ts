/**
 * Redaction you can trust, end to end on a real capture: text drawn on an X screen (Xvfb, shown by ImageMagick's
 * `display`), captured with the app's own region capture, redacted (pixelate, blur, solid box), exported as the
 * editor exports, and checked on the exported pixels: (a) every pixel under the region differs from the capture
 * or is its block's mean, (b) OCR reads the text before and not after, (c) pixels outside are identical; and the
 * PNG holds IHDR, IDAT and IEND only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pixelBlockSize } from '../../common/image/pixelate.ts';
import { coveredPixels, type PixelRect } from '../../common/image/pixels.ts';
import { pngChunks, stripPngMetadata } from '../../common/image/png-chunks.ts';
import { applyRedaction, type RedactionKind } from '../../common/image/redact.ts';
import { decodePng, encodePng, type RgbaImage } from '../../main/capture/png.ts';
import { captureRegion } from '../../main/capture/screenshot.ts';
import { unionBox } from '../../main/ocr/find-secrets.ts';
import { createOcrEngine } from '../../main/ocr/ocr-engine.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { renderText, TEXT_IMAGE_NEEDS } from '../helpers/text-image.ts';
import { hasXvfb, startXvfb, type Xvfb } from '../helpers/xvfb.ts';

const exec = promisify(execFile);
const skip = hasXvfb() ? skipUnless(...TEXT_IMAGE_NEEDS, command('xdotool'), command('display')) : 'needs Xvfb';
const ocr = createOcrEngine();
const LINES = [
  'Build 2026-12-06 passed all checks.',
  'API key: ORCHID TANGERINE MARBLE',
  'Deployed to staging at noon.',
];

let x: Xvfb | undefined;
let viewer: ChildProcess | undefined;
let folder = '';
let capture: RgbaImage;
let capturePng: Buffer;

before(async () => {
  if (skip) return;
  x = await startXvfb('1280x720x24');
  process.env.DISPLAY = x.display;
  const env = { ...process.env, DISPLAY: x.display };
  folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-redact-xvfb-'));
  const file = path.join(folder, 'text.png');
  await writeFile(file, renderText(LINES, { scale: 1, width: 600 }));
  await exec('xsetroot', ['-solid', '#3a6ea5'], { env });
  viewer = spawn('display', ['-geometry', '+100+150', '-borderwidth', '0', '-title', 'traydrop-text', file], {
    env,
    stdio: 'ignore',
  });
  await exec('timeout', ['10', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', 'traydrop-text'], { env });
  // the window is mapped; wait until its text is painted (a dark pixel where the first line is)
  for (let i = 0; i < 50; i++) {
    const shot = await captureRegion({ folder }, { rect: { x: 50, y: 100, width: 700, height: 220 } });
    capturePng = await readFile(shot.path);
    capture = decodePng(capturePng);
    if (capture.data.some((v, at) => at % 4 === 0 && v < 60 && capture.data[at + 2]! < 60)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  viewer?.kill();
  await ocr.close();
  await x?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const at = (image: RgbaImage, px: number, py: number): number => image.data.readUInt32BE((py * image.width + px) * 4);

/** The mean of the capture's pixels in one block of the region, as pixelate computes it. */
function blockMean(area: PixelRect, block: number, px: number, py: number): number {
  const bx = area.x + Math.floor((px - area.x) / block) * block;
  const by = area.y + Math.floor((py - area.y) / block) * block;
  const sums = [0, 0, 0, 0];
  let n = 0;
  for (let y = by; y < Math.min(by + block, area.y + area.height); y++)
    for (let xx = bx; xx < Math.min(bx + block, area.x + area.width); xx++, n++)
      for (let c = 0; c < 4; c++) sums[c]! += capture.data[(y * capture.width + xx) * 4 + c]!;
  return Buffer.from(sums.map((s) => Math.round(s / n))).readUInt32BE(0);
}

for (const kind of ['pixelate', 'blur', 'box'] satisfies RedactionKind[])
  test(
    `a captured screen, ${kind}: (a) under the region no original pixel, (b) OCR before not after, (c) outside identical`,
    { skip },
    async () => {
      const before = await ocr.recognize(capturePng);
      assert.match(before.text, /ORCHID TANGERINE MARBLE/, 'the capture holds the text');
      const line = before.lines.find((l) => l.text.includes('ORCHID'))!;
      const box = unionBox(line.words.filter((w) => /ORCHID|TANGERINE|MARBLE/.test(w.text)).map((w) => w.box));
      const rect = { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 };

      const edited = decodePng(capturePng);
      applyRedaction(edited, { kind, rect });
      const exported = Buffer.from(stripPngMetadata(encodePng(edited)));
      assert.deepEqual(
        pngChunks(exported).map((c) => c.type),
        ['IHDR', 'IDAT', 'IEND'],
      );
      const pixels = decodePng(exported);

      const area = coveredPixels(rect, capture)!;
      const block = pixelBlockSize(rect);
      let inkUnder = 0;
      for (let py = 0; py < capture.height; py++)
        for (let px = 0; px < capture.width; px++) {
          const inside = px >= area.x && py >= area.y && px < area.x + area.width && py < area.y + area.height;
          const was = at(capture, px, py);
          const now = at(pixels, px, py);
          if (!inside) {
            assert.ok(now === was, `(c) (${px}, ${py}) outside the region changed`);
            continue;
          }
          if (capture.data[(py * capture.width + px) * 4]! < 128) inkUnder++;
          if (kind === 'pixelate')
            assert.ok(now === blockMean(area, block, px, py), `(a) (${px}, ${py}) is not its block's mean`);
          else if (kind === 'box') assert.ok(now !== was, `(a) (${px}, ${py}) kept its original value`);
          else if (capture.data[(py * capture.width + px) * 4]! < 128)
            assert.ok(now !== was, `(a) text pixel (${px}, ${py}) survived the blur`);
        }
      assert.ok(inkUnder > 200, 'the region held the text');

      const after = await ocr.recognize(exported);
      for (const word of ['ORCHID', 'TANGERINE', 'MARBLE', 'ORC', 'TANG', 'MARB'])
        assert.ok(!after.text.includes(word), `(b) "${word}" is readable after ${kind}: ${JSON.stringify(after.text)}`);
      assert.match(after.text, /Deployed to staging/, 'the rest is still read');
    },
  );

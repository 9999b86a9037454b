/**
 * OCR and redaction, issue #17's numbers that need no editor window:
 *  - OCR of a 1920x1080 screen of text, cold (worker start, WASM core and English data loaded) and warm;
 *  - the secrets finder's precision and recall over generated screens with known secrets (36 screens, 3
 *    secrets each, every kind in turn, light and dark, 1× and 2×);
 *  - the redaction core on a 3840x2160 bitmap: pixelate, blur and solid box over typical regions, and the
 *    metadata strip of an exported PNG.
 * Times are printed with the machine's load: OCR is CPU-bound and this machine is shared.
 *
 *   node bench/capture/ocr.ts        BENCH_SCREENS=N secret screens (default 36), BENCH_RUNS=N warm OCR runs (default 5)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { blur } from '../../common/image/blur.ts';
import { pixelate } from '../../common/image/pixelate.ts';
import { stripPngMetadata } from '../../common/image/png-chunks.ts';
import { solidBox } from '../../common/image/solid-box.ts';
import { encodePng } from '../../main/capture/png.ts';
import { findSecrets } from '../../main/ocr/find-secrets.ts';
import { createOcrEngine } from '../../main/ocr/ocr-engine.ts';
import { secretScreen, score } from '../../test/helpers/secret-screens.ts';
import { characterAccuracy, renderText } from '../../test/helpers/text-image.ts';

const SCREENS = Number(process.env.BENCH_SCREENS ?? 36);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const median = (ms: number[]): number => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
const rows: string[] = [];
const say = (line: string): void => {
  rows.push(line);
  process.stdout.write(`${line}\n`);
};

say(`${new Date().toISOString()}  ${os.cpus().length} cores, load at start ${load()}`);

// OCR of a 1920x1080 screen of text, cold then warm
const prose = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs 0123456789.';
const lines = Array.from({ length: 36 }, (_, i) => `${String(i + 1).padStart(2, '0')} ${prose}`);
const screen = renderText(lines, { width: 1920, size: 16, lineHeight: 29, top: 12 });
const ocr = createOcrEngine();
let t = performance.now();
const cold = await ocr.recognize(screen);
const coldMs = performance.now() - t;
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  await ocr.recognize(screen);
  warm.push(performance.now() - t);
}
say(
  `OCR 1920x1080, ${lines.length} lines of text: cold ${coldMs.toFixed(0)} ms, warm median ${median(warm).toFixed(0)} ms ` +
    `(${RUNS} runs), ${(characterAccuracy(lines.join('\n'), cold.text) * 100).toFixed(1)} % of characters (load ${load()})`,
);

// the secrets finder over generated screens
const total = { secrets: 0, found: 0, proposals: 0, right: 0 };
const byKind = new Map<string, { secrets: number; found: number }>();
const missed: string[] = [];
for (let i = 0; i < SCREENS; i++) {
  const s = secretScreen(i);
  const result = score(s.secrets, findSecrets((await ocr.recognize(s.png)).lines));
  for (const key of ['secrets', 'found', 'proposals', 'right'] as const) total[key] += result[key];
  for (const secret of s.secrets) {
    const k = byKind.get(secret.kind) ?? { secrets: 0, found: 0 };
    k.secrets++;
    if (!result.missed.includes(secret)) k.found++;
    byKind.set(secret.kind, k);
  }
  missed.push(...result.missed.map((m) => `${m.kind} on screen ${i}`));
}
await ocr.close();
say(
  `secrets finder, ${SCREENS} screens, ${total.secrets} secrets: recall ${total.found}/${total.secrets} = ` +
    `${((100 * total.found) / total.secrets).toFixed(1)} %, precision ${total.right}/${total.proposals} = ` +
    `${((100 * total.right) / total.proposals).toFixed(1)} % (load ${load()})`,
);
say(`  by kind: ${[...byKind].map(([kind, k]) => `${kind} ${k.found}/${k.secrets}`).join(', ')}`);
if (missed.length) say(`  missed: ${missed.join(', ')}`);

// the redaction core on a 3840x2160 bitmap
const width = 3840;
const height = 2160;
const bitmap = { width, height, data: new Uint8ClampedArray(width * height * 4) };
for (let i = 0; i < bitmap.data.length; i++) bitmap.data[i] = (i * 2654435761) >>> 24;
const region = { x: 400, y: 300, width: 900, height: 120 };
const times: [string, () => void][] = [
  ['pixelate 900x120', () => pixelate(bitmap, region)],
  ['blur 900x120', () => blur(bitmap, region)],
  ['solid box 900x120', () => solidBox(bitmap, region)],
  ['blur 1920x1080', () => blur(bitmap, { x: 0, y: 0, width: 1920, height: 1080 })],
];
for (const [name, run] of times) {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  say(`redaction on 3840x2160: ${name} median ${median(ms).toFixed(1)} ms (load ${load()})`);
}
const png = encodePng({ width: 1920, height: 1080, data: Buffer.from(bitmap.data.buffer, 0, 1920 * 1080 * 4) });
const strip: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  stripPngMetadata(png);
  strip.push(performance.now() - t);
}
say(`metadata strip of a ${(png.length / 1e6).toFixed(1)} MB PNG: median ${median(strip).toFixed(2)} ms`);

const out = new URL('./results/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('ocr-latest.txt', out), `${rows.join('\n')}\n`);

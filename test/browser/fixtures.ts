/** Real files for the browser tests: a PNG drawn here, a WebM made by ffmpeg, a minimal PDF. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '../../main/capture/png.ts';

/** An RGB PNG with a soft diagonal gradient and a sun, `width` x `height`. */
export function makePng(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 255); // opaque: the encoder writes RGB
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const sun = (x - width * 0.7) ** 2 + (y - height * 0.35) ** 2 < (height * 0.12) ** 2;
      const t = (x / width + y / height) / 2;
      data[i] = sun ? 255 : Math.round(40 + 180 * t);
      data[i + 1] = sun ? 214 : Math.round(90 + 80 * (1 - t));
      data[i + 2] = sun ? 90 : Math.round(200 - 90 * t);
    }
  }
  return encodePng({ width, height, data });
}

/** A 1-second 320x240 VP8 WebM from ffmpeg's test pattern; null when ffmpeg is missing. */
export function makeWebm(): Buffer | null {
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-webm-'));
  try {
    const out = join(dir, 'clip.webm');
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=1:size=320x240:rate=10',
      '-c:v',
      'libvpx',
      '-b:v',
      '300k',
      '-y',
      out,
    ]);
    return readFileSync(out);
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A one-page PDF that says "Traydrop". */
export function makePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 72 Td (Traydrop) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

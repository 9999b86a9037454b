/**
 * What OCR hands back, in the shape the rest of the app uses: lines of words with boxes in image pixels.
 * Plain types so the secrets finder and its tests need no OCR engine.
 */

export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OcrWord {
  text: string;
  /** 0..100, as Tesseract reports it. */
  confidence: number;
  box: OcrBox;
}

export interface OcrLine {
  text: string;
  words: OcrWord[];
  box: OcrBox;
}

export interface OcrResult {
  /** The whole text, lines separated by \n (paragraphs by a blank line), trailing whitespace trimmed. */
  text: string;
  lines: OcrLine[];
}

interface Bbox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The part of tesseract.js's page this module reads. */
export interface TesseractPage {
  text: string;
  blocks:
    | {
        paragraphs: {
          lines: { text: string; bbox: Bbox; words: { text: string; confidence: number; bbox: Bbox }[] }[];
        }[];
      }[]
    | null;
}

const box = (b: Bbox): OcrBox => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 });

export function fromTesseract(page: TesseractPage): OcrResult {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines) {
        const words = line.words
          .filter((w) => w.text.trim() !== '')
          .map((w) => ({ text: w.text, confidence: w.confidence, box: box(w.bbox) }));
        if (words.length) lines.push({ text: words.map((w) => w.text).join(' '), words, box: box(line.bbox) });
      }
  return { text: page.text.replace(/\s+$/, ''), lines };
}

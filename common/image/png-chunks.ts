/**
 * Keep only what a PNG needs to show its pixels: IHDR, PLTE, tRNS, IDAT, IEND, in their order.
 *
 * Why: an edited capture must not carry anything from the source beside its pixels: no tEXt/iTXt/zTXt
 * (comments, tool names, paths), no eXIf, no colour profile, and nothing appended after IEND (a known way
 * redacted screenshots leaked their original: the "aCropalypse" bug left the old image's data behind the
 * new IEND). Chunks are copied byte for byte, so their CRCs stay valid. Plain Uint8Array: it runs in the page
 * on what canvas.toBlob wrote and in main on what the page sent.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field, and the chunk's whole size (12 + data). */
  start: number;
  size: number;
}

/** The chunks of a PNG, up to and including IEND. Throws on anything that is not a well-formed PNG. */
export function pngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  for (let at = 8; ;) {
    if (at + 12 > png.length) throw new Error('truncated PNG: no IEND chunk');
    const length = view.getUint32(at);
    const type = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type) || at + 12 + length > png.length) throw new Error('malformed PNG chunk');
    chunks.push({ type, start: at, size: 12 + length });
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

/** The PNG with only the chunks that draw it, and nothing after IEND. */
export function stripPngMetadata(png: Uint8Array): Uint8Array {
  const kept = pngChunks(png).filter((c) => KEPT.has(c.type));
  if (kept[0]?.type !== 'IHDR') throw new Error('PNG does not start with IHDR');
  const out = new Uint8Array(8 + kept.reduce((n, c) => n + c.size, 0));
  out.set(png.subarray(0, 8));
  let at = 8;
  for (const c of kept) {
    out.set(png.subarray(c.start, c.start + c.size), at);
    at += c.size;
  }
  return out;
}

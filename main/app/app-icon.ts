/**
 * The application icon (installers, dock, taskbar, window list), drawn in code like the tray icon: a blue
 * rounded square with the tray-and-arrow glyph in white. Each pixel averages 4×4 samples, so edges are
 * smooth at every size; `npm run build` writes the sizes the packages need (scripts/build-app.ts).
 */
import { encodePng } from '../capture/png.ts';

type Shape = (x: number, y: number) => boolean;

/** The glyph on the tray icon's 16×16 grid: a tray (a U) and an arrow pointing into it. */
const GLYPH: Shape[] = [
  rect(1, 9, 2.5, 15),
  rect(13.5, 9, 15, 15),
  rect(1, 13.5, 15, 15),
  rect(7, 1, 9, 7.5),
  triangle([3.5, 7], [12.5, 7], [8, 11.5]),
];

function rect(x0: number, y0: number, x1: number, y1: number): Shape {
  return (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;
}

function triangle(a: [number, number], b: [number, number], c: [number, number]): Shape {
  const side = (p: [number, number], q: [number, number], x: number, y: number): number =>
    (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  return (x, y) => {
    const d1 = side(a, b, x, y);
    const d2 = side(b, c, x, y);
    const d3 = side(c, a, x, y);
    return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
  };
}

/** Inside the rounded square that fills the unit square less `inset`, corner radius `radius`. */
function inRoundedSquare(u: number, v: number, inset: number, radius: number): boolean {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = u < lo ? lo - u : u > hi ? u - hi : 0;
  const dy = v < lo ? lo - v : v > hi ? v - hi : 0;
  if (u < inset || u > 1 - inset || v < inset || v > 1 - inset) return false;
  return dx * dx + dy * dy <= radius * radius;
}

const TOP = [0x3b, 0x82, 0xf6];
const BOTTOM = [0x1d, 0x4e, 0xd8];
const SAMPLES = 4;
/** The glyph's 16-unit grid spans the middle 56 % of the icon. */
const GLYPH_FROM = 0.22;
const GLYPH_SPAN = 0.56;

export function appIconPng(size: number): Buffer {
  if (!Number.isInteger(size) || size < 16 || size > 1024) throw new RangeError(`icon size ${size}: 16 to 1024`);
  const data = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    const t = py / (size - 1);
    const bg = TOP.map((top, i) => top + (BOTTOM[i]! - top) * t);
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const u = (px + (sx + 0.5) / SAMPLES) / size;
          const v = (py + (sy + 0.5) / SAMPLES) / size;
          if (!inRoundedSquare(u, v, 0.06, 0.2)) continue;
          cover += 1;
          const gx = ((u - GLYPH_FROM) / GLYPH_SPAN) * 16;
          const gy = ((v - GLYPH_FROM) / GLYPH_SPAN) * 16;
          if (GLYPH.some((inside) => inside(gx, gy))) white += 1;
        }
      }
      if (cover === 0) continue;
      const i = (py * size + px) * 4;
      const w = white / cover;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(bg[c]! * (1 - w) + 255 * w);
      data[i + 3] = Math.round((255 * cover) / (SAMPLES * SAMPLES));
    }
  }
  return encodePng({ width: size, height: size, data });
}

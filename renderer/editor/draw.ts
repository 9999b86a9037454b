/**
 * Drawing the document's objects on a 2D context whose units are image pixels: the same code paints the
 * view (scaled to the screen) and the export (at 1:1), so what is exported is what was shown, at the
 * capture's own resolution (a 2× capture keeps 2× lines). The pen is smoothed by perfect-freehand.
 */
import { getStroke } from 'perfect-freehand';
import { stepNumber, type Doc, type Item } from './model.ts';

export const FONT = 'system-ui, "DejaVu Sans", sans-serif';

/** Black or white, whichever reads better on `color` (#rrggbb). */
export function contrastOn(color: string): string {
  const n = parseInt(color.slice(1), 16);
  const luminance = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return luminance > 150 ? '#000000' : '#ffffff';
}

export function measureText(g: CanvasRenderingContext2D, text: string, size: number): number {
  g.font = `600 ${size}px ${FONT}`;
  return Math.max(...text.split('\n').map((line) => g.measureText(line).width), size / 2);
}

function arrowHead(
  g: CanvasRenderingContext2D,
  from: { x: number; y: number },
  to: { x: number; y: number },
  width: number,
): void {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const length = Math.max(width * 4, 10);
  g.beginPath();
  g.moveTo(to.x, to.y);
  g.lineTo(to.x - length * Math.cos(angle - Math.PI / 7), to.y - length * Math.sin(angle - Math.PI / 7));
  g.lineTo(to.x - length * Math.cos(angle + Math.PI / 7), to.y - length * Math.sin(angle + Math.PI / 7));
  g.closePath();
  g.fill();
}

export function drawItem(g: CanvasRenderingContext2D, doc: Doc, item: Item): void {
  g.save();
  switch (item.kind) {
    case 'arrow':
    case 'line': {
      g.strokeStyle = g.fillStyle = item.color;
      g.lineWidth = item.width;
      g.lineCap = 'round';
      const angle = Math.atan2(item.to.y - item.from.y, item.to.x - item.from.x);
      const head = item.kind === 'arrow' ? Math.max(item.width * 4, 10) * 0.8 : 0;
      g.beginPath();
      g.moveTo(item.from.x, item.from.y);
      g.lineTo(item.to.x - head * Math.cos(angle), item.to.y - head * Math.sin(angle));
      g.stroke();
      if (item.kind === 'arrow') arrowHead(g, item.from, item.to, item.width);
      break;
    }
    case 'rect':
    case 'ellipse': {
      g.strokeStyle = item.color;
      g.lineWidth = item.width;
      const x = Math.min(item.from.x, item.to.x);
      const y = Math.min(item.from.y, item.to.y);
      const w = Math.abs(item.to.x - item.from.x);
      const h = Math.abs(item.to.y - item.from.y);
      g.beginPath();
      if (item.kind === 'rect') g.rect(x, y, w, h);
      else g.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
      g.stroke();
      break;
    }
    case 'pen': {
      const outline = getStroke(
        item.points.map((p) => [p.x, p.y]),
        { size: item.width * 1.6, thinning: 0.5, smoothing: 0.5, streamline: 0.4 },
      );
      g.fillStyle = item.color;
      g.beginPath();
      outline.forEach(([x, y], i) => (i === 0 ? g.moveTo(x!, y!) : g.lineTo(x!, y!)));
      g.closePath();
      g.fill();
      break;
    }
    case 'highlighter': {
      g.globalAlpha = 0.4;
      g.strokeStyle = item.color;
      g.lineWidth = item.width * 4;
      g.lineCap = 'square';
      g.lineJoin = 'round';
      g.beginPath();
      item.points.forEach((p, i) => (i === 0 ? g.moveTo(p.x, p.y) : g.lineTo(p.x, p.y)));
      if (item.points.length === 1) g.lineTo(item.points[0]!.x + 0.01, item.points[0]!.y);
      g.stroke();
      break;
    }
    case 'text': {
      const width = measureText(g, item.text, item.size);
      const pad = item.size * 0.3;
      const lines = item.text.split('\n');
      if (item.background) {
        g.fillStyle = item.color;
        g.fillRect(item.at.x - pad, item.at.y - pad, width + 2 * pad, lines.length * item.size * 1.25 + 2 * pad);
      }
      g.fillStyle = item.background ? contrastOn(item.color) : item.color;
      g.textBaseline = 'top';
      lines.forEach((line, i) => g.fillText(line, item.at.x, item.at.y + i * item.size * 1.25));
      break;
    }
    case 'step': {
      g.fillStyle = item.color;
      g.beginPath();
      g.arc(item.at.x, item.at.y, item.size, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = contrastOn(item.color);
      g.font = `700 ${Math.round(item.size * 1.1)}px ${FONT}`;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText(String(stepNumber(doc, item.id)), item.at.x, item.at.y + item.size * 0.05);
      break;
    }
    default:
      break; // redactions are applied to the bitmap (bitmap.ts), not drawn
  }
  g.restore();
}

export function drawItems(g: CanvasRenderingContext2D, doc: Doc): void {
  for (const item of doc.items) drawItem(g, doc, item);
}

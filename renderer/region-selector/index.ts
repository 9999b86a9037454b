/**
 * The region selector overlay, one per display: the frozen screenshot, dimmed, with the selection
 * (or the window under the pointer) lit; a crosshair, the live size, and a magnifier drawn from the
 * screenshot's real pixels. It answers finishSelection(rect in DIP relative to the display) on mouse
 * up or Enter, or finishSelection(null) on Esc. Everything works from the keyboard too.
 */
import type { Rect, SelectorContext } from '../../common/ipc-contract.ts';
import { traydrop } from '../shared/api.ts';
import { $ } from '../shared/dom.ts';
import { clamp, clipRect, labelPosition, magnifierPosition, rectBetween, windowAt, type Point } from './geometry.ts';

const api = traydrop();
const stage = $('#stage');
const shot = $<HTMLImageElement>('#shot');
const overlay = $<HTMLCanvasElement>('#overlay');
const sizeLabel = $('#size');
const magnifier = $('#magnifier');
const loupe = $<HTMLCanvasElement>('#loupe');
const loupeInfo = $('#loupe-info');
const live = $('#live');

/** Physical pixels shown across the magnifier (odd, so one sits in the middle). */
const LOUPE_PIXELS = 11;
/** Pointer travel (DIP) below which a press and release is a click, not a drag. */
const CLICK_SLOP = 3;
const ACCENT = '#4d8dff';

let context: SelectorContext | null = null;
let cursor: Point = { x: 0, y: 0 };
let pointerSeen = false;
let anchor: Point | null = null;
let dragging = false;
let downAt: Point | null = null;
let finished = false;
let frame = 0;
const sampler = document.createElement('canvas').getContext('2d', { willReadFrequently: true });

const display = (): Point => ({ x: context?.width ?? window.innerWidth, y: context?.height ?? window.innerHeight });

function pointFrom(event: MouseEvent): Point {
  const { x, y } = display();
  return { x: clamp(Math.round(event.clientX), 0, x), y: clamp(Math.round(event.clientY), 0, y) };
}

function selection(): Rect | null {
  return anchor ? rectBetween(anchor, cursor) : null;
}

function hoveredWindow(): Rect | null {
  if (anchor || !context || !pointerSeen) return null;
  const win = windowAt(context.windows, cursor);
  return win && clipRect(win, context.width, context.height);
}

function finish(rect: Rect | null): void {
  if (finished) return;
  finished = true;
  const { x, y } = display();
  void api.finishSelection(rect && clipRect(rect, x, y));
}

// ---- drawing ----

function schedule(): void {
  if (!frame) frame = requestAnimationFrame(draw);
}

function sizeText(rect: Rect): string {
  const scale = context?.scaleFactor ?? 1;
  const dip = `${rect.width} × ${rect.height}`;
  return scale === 1 ? dip : `${dip}  (${Math.round(rect.width * scale)} × ${Math.round(rect.height * scale)} px)`;
}

function draw(): void {
  frame = 0;
  const dpr = window.devicePixelRatio || 1;
  const { x: width, y: height } = display();
  if (overlay.width !== Math.round(width * dpr) || overlay.height !== Math.round(height * dpr)) {
    overlay.width = Math.round(width * dpr);
    overlay.height = Math.round(height * dpr);
  }
  const g = overlay.getContext('2d');
  if (!g) return;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  g.fillStyle = 'rgb(0 0 0 / 45%)';
  g.fillRect(0, 0, width, height);

  const sel = selection();
  const win = hoveredWindow();
  const lit = sel ?? win;
  if (lit && lit.width > 0 && lit.height > 0) {
    g.clearRect(lit.x, lit.y, lit.width, lit.height);
    g.lineWidth = sel ? 1 : 3;
    g.strokeStyle = sel ? '#ffffff' : ACCENT;
    g.strokeRect(lit.x + 0.5, lit.y + 0.5, lit.width - 1, lit.height - 1);
    if (sel) {
      g.setLineDash([4, 4]);
      g.strokeStyle = ACCENT;
      g.strokeRect(lit.x + 0.5, lit.y + 0.5, lit.width - 1, lit.height - 1);
      g.setLineDash([]);
    }
  }
  if (pointerSeen && !sel) {
    // crosshair guides through the pointer
    g.strokeStyle = 'rgb(255 255 255 / 55%)';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, cursor.y + 0.5);
    g.lineTo(width, cursor.y + 0.5);
    g.moveTo(cursor.x + 0.5, 0);
    g.lineTo(cursor.x + 0.5, height);
    g.stroke();
  }

  stage.dataset.selecting = String(sel !== null);
  if (lit && (sel || win)) {
    sizeLabel.hidden = false;
    sizeLabel.textContent = sizeText(lit);
    const pos = labelPosition(lit, { width: sizeLabel.offsetWidth, height: sizeLabel.offsetHeight }, display());
    sizeLabel.style.transform = `translate(${pos.x}px, ${pos.y}px)`;
  } else {
    sizeLabel.hidden = true;
  }
  drawMagnifier();
}

function drawMagnifier(): void {
  if (!pointerSeen || !shot.complete || shot.naturalWidth === 0 || !context) {
    magnifier.hidden = true;
    return;
  }
  magnifier.hidden = false;
  const ratioX = shot.naturalWidth / context.width;
  const ratioY = shot.naturalHeight / context.height;
  const px = clamp(Math.floor(cursor.x * ratioX), 0, shot.naturalWidth - 1);
  const py = clamp(Math.floor(cursor.y * ratioY), 0, shot.naturalHeight - 1);
  const g = loupe.getContext('2d');
  if (!g) return;
  const cell = loupe.width / LOUPE_PIXELS;
  const half = (LOUPE_PIXELS - 1) / 2;
  g.imageSmoothingEnabled = false;
  g.fillStyle = '#000';
  g.fillRect(0, 0, loupe.width, loupe.height);
  g.drawImage(shot, px - half, py - half, LOUPE_PIXELS, LOUPE_PIXELS, 0, 0, loupe.width, loupe.height);
  g.strokeStyle = 'rgb(255 255 255 / 12%)';
  g.lineWidth = 1;
  g.beginPath();
  for (let i = 1; i < LOUPE_PIXELS; i++) {
    g.moveTo(Math.round(i * cell) + 0.5, 0);
    g.lineTo(Math.round(i * cell) + 0.5, loupe.height);
    g.moveTo(0, Math.round(i * cell) + 0.5);
    g.lineTo(loupe.width, Math.round(i * cell) + 0.5);
  }
  g.stroke();
  g.lineWidth = 2;
  g.strokeStyle = '#000';
  g.strokeRect(half * cell, half * cell, cell, cell);
  g.lineWidth = 1;
  g.strokeStyle = '#fff';
  g.strokeRect(half * cell + 1.5, half * cell + 1.5, cell - 3, cell - 3);

  let color = '';
  try {
    if (sampler) {
      sampler.canvas.width = 1;
      sampler.canvas.height = 1;
      sampler.drawImage(shot, px, py, 1, 1, 0, 0, 1, 1);
      const [r = 0, gr = 0, b = 0] = sampler.getImageData(0, 0, 1, 1).data;
      color = `  #${[r, gr, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    }
  } catch {
    // a file: screenshot taints the canvas in some setups: no color readout then
  }
  loupeInfo.textContent = `${cursor.x}, ${cursor.y}${color}`;
  const pos = magnifierPosition(cursor, { width: magnifier.offsetWidth, height: magnifier.offsetHeight }, display());
  magnifier.style.transform = `translate(${pos.x}px, ${pos.y}px)`;
}

// ---- input ----

function announceSelection(): void {
  const sel = selection();
  live.textContent = sel ? `Selection ${sel.width} by ${sel.height} at ${sel.x}, ${sel.y}` : `${cursor.x}, ${cursor.y}`;
}

window.addEventListener('mousemove', (event) => {
  if (finished) return;
  cursor = pointFrom(event);
  pointerSeen = true;
  if (dragging && downAt && Math.hypot(cursor.x - downAt.x, cursor.y - downAt.y) >= CLICK_SLOP) downAt = null;
  schedule();
});

stage.addEventListener('mousedown', (event) => {
  if (finished || event.button !== 0) return;
  event.preventDefault();
  stage.focus();
  cursor = pointFrom(event);
  pointerSeen = true;
  anchor = { ...cursor };
  downAt = { ...cursor };
  dragging = true;
  schedule();
});

window.addEventListener('mouseup', (event) => {
  if (finished || !dragging || event.button !== 0) return;
  dragging = false;
  const click = downAt !== null;
  downAt = null;
  if (click) {
    // a click: the window under it, if any; otherwise start over
    anchor = null;
    const win = context && windowAt(context.windows, cursor);
    if (win) finish(win);
    else schedule();
    return;
  }
  const sel = selection();
  if (sel && sel.width > 0 && sel.height > 0) finish(sel);
  else {
    anchor = null;
    schedule();
  }
});

stage.addEventListener('keydown', (event) => {
  if (finished) return;
  const step = event.shiftKey ? 10 : 1;
  const moves: Record<string, Point> = {
    ArrowLeft: { x: -step, y: 0 },
    ArrowRight: { x: step, y: 0 },
    ArrowUp: { x: 0, y: -step },
    ArrowDown: { x: 0, y: step },
  };
  const move = moves[event.key];
  if (event.key === 'Escape') {
    event.preventDefault();
    finish(null);
  } else if (move) {
    event.preventDefault();
    if (!pointerSeen) {
      pointerSeen = true;
    } else {
      const { x, y } = display();
      cursor = { x: clamp(cursor.x + move.x, 0, x), y: clamp(cursor.y + move.y, 0, y) };
    }
    downAt = null; // a nudge while the button is held makes it a drag
    announceSelection();
    schedule();
  } else if (event.key === ' ') {
    event.preventDefault();
    if (dragging) return;
    anchor = anchor ? null : { ...cursor };
    announceSelection();
    schedule();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    const sel = selection();
    const win = hoveredWindow();
    if (sel && sel.width > 0 && sel.height > 0) finish(sel);
    else if (win) finish(win);
  }
});

window.addEventListener('resize', schedule);
window.addEventListener('blur', () => {
  dragging = false;
  downAt = null;
});

async function load(): Promise<void> {
  context = await api.getSelectorContext();
  cursor = { x: Math.round(context.width / 2), y: Math.round(context.height / 2) };
  shot.src = context.screenshotUrl;
  await shot.decode().catch(() => undefined);
  stage.focus();
  schedule();
  document.body.dataset.ready = 'true';
}

void load();

/**
 * The capture editor page: draws on one capture with the tools of tools.ts, keeps every action undoable
 * (model.ts), and shares, copies or saves the edited PNG through `window.traydrop` (export-png.ts makes it).
 *
 * Why plain canvas and not Konva or Fabric: the editor draws a dozen kinds of flat objects on one bitmap, and
 * redaction must change the bitmap itself (common/image/, tested under Node), which a scene graph does not
 * help with; a 2D context in image pixels draws the view and the export with the same code, and the page
 * stays one small bundle (Konva alone is ~150 KB minified) that paints a 4K capture in one drawImage. The pen
 * uses perfect-freehand (a few KB) for its smoothing.
 *
 * Everything works from the keyboard: a tool's letter, arrows move a cursor over the image (Shift ×10),
 * Space starts and Space (or Enter) ends a shape; in Select, arrows move the selected object.
 */
import type { EditAction, EditorContext, SecretFound } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $, h } from '../shared/dom.ts';
import { showSharedLink } from './shared-link-notice.ts';
import { RedactedBitmap } from './bitmap.ts';
import { measureText } from './draw.ts';
import { exportPng } from './export-png.ts';
import { bounds, boxBetween, History, translate, type Box, type Item, type Point } from './model.ts';
import { DRAGGED, PALETTE, TOOLS, WIDTHS, type Tool } from './tools.ts';
import { View } from './view.ts';

const api = traydrop();
const stage = $('#stage');
const canvas = $<HTMLCanvasElement>('#view');
const textInput = $<HTMLInputElement>('#text-input');
const live = $('#live');
const zoomLabel = $('#zoom');
const textBackground = $<HTMLInputElement>('#text-background');
const confirmDiscard = $<HTMLDialogElement>('#confirm-discard');
const measurer = document.createElement('canvas').getContext('2d')!;
const measure = (text: string, size: number): number => measureText(measurer, text, size);

let context: EditorContext;
let bitmap: RedactedBitmap;
let view: View;
let size = { width: 0, height: 0 };
const history = new History();
let tool: Tool = 'arrow';
let color = '#e5484d';
let width = 4;
let selected: number | null = null;
let nextId = 1;
let busy = false;
/** A drag or a keyboard shape in progress: where it started, the pen's points. */
let anchor: Point | null = null;
let points: Point[] = [];
let moving: { id: number; last: Point; pushed: boolean } | null = null;
let pointer: Point | null = null;
let cursor: Point = { x: 0, y: 0 };
let cursorShown = false;
let editingText: { id: number | null; at: Point } | null = null;
let frame = 0;
/** "Redact sensitive text": the proposals still to be shown, the first being asked about. */
let review: SecretFound[] = [];

const scale = (): number => context.scaleFactor;
const say = (text: string): void => void (live.textContent = text);
const doc = () => history.present;

function schedule(): void {
  if (!frame) frame = requestAnimationFrame(paint);
}

function clip(box: Box): Box | null {
  const x = Math.max(0, Math.round(box.x));
  const y = Math.max(0, Math.round(box.y));
  const right = Math.min(size.width, Math.round(box.x + box.width));
  const bottom = Math.min(size.height, Math.round(box.y + box.height));
  return right - x >= 2 && bottom - y >= 2 ? { x, y, width: right - x, height: bottom - y } : null;
}

/** The object the tool makes from `from` to `to` (null: too small, or the tool makes none by dragging). */
function itemFor(from: Point, to: Point, strokes: Point[]): Item | null {
  const id = nextId;
  const w = width * scale();
  switch (tool) {
    case 'arrow':
    case 'line':
    case 'rect':
    case 'ellipse':
      return Math.hypot(to.x - from.x, to.y - from.y) < 2 ? null : { id, kind: tool, from, to, color, width: w };
    case 'pen':
    case 'highlighter':
      return { id, kind: tool, points: strokes.length > 1 ? strokes : [from, to], color, width: w };
    case 'pixelate':
    case 'blur':
    case 'box': {
      const rect = clip(boxBetween(from, to));
      return rect && { id, kind: tool, rect };
    }
    default:
      return null;
  }
}

function commit(item: Item | null, what: string): void {
  if (!item) return;
  nextId++;
  history.push({ ...doc(), items: [...doc().items, item] });
  say(`${what} added`);
  schedule();
}

function finishShape(from: Point, to: Point): void {
  if (tool === 'crop') {
    const crop = clip(boxBetween(from, to));
    if (crop) {
      history.push({ ...doc(), crop });
      say(`Cropped to ${crop.width} × ${crop.height}`);
    }
  } else commit(itemFor(from, to, points), TOOLS.find((t) => t.tool === tool)!.label);
  anchor = null;
  points = [];
  schedule();
}

function placeStep(at: Point): void {
  commit({ id: nextId, kind: 'step', at, color, size: (10 + width) * scale() }, 'Step');
}

function openText(at: Point, id: number | null = null): void {
  const existing = id === null ? undefined : doc().items.find((i) => i.id === id);
  editingText = { id, at };
  textInput.value = existing?.kind === 'text' ? existing.text : '';
  const css = view.toCss(at);
  textInput.style.transform = `translate(${css.x}px, ${css.y}px)`;
  textInput.style.fontSize = `${Math.max(10, textSize() * view.zoom)}px`;
  textInput.hidden = false;
  textInput.focus();
}

const textSize = (): number => (14 + width * 2) * scale();

function closeText(keep: boolean): void {
  const editing = editingText;
  editingText = null;
  textInput.hidden = true;
  stage.focus();
  const text = textInput.value.trim();
  if (!editing || !keep || !text) return;
  if (editing.id !== null) {
    history.push({
      ...doc(),
      items: doc().items.map((i) => (i.id === editing.id && i.kind === 'text' ? { ...i, text } : i)),
    });
    say('Text changed');
    schedule();
  } else
    commit(
      { id: nextId, kind: 'text', at: editing.at, text, color, size: textSize(), background: textBackground.checked },
      'Text',
    );
}

function hit(p: Point): Item | undefined {
  const slack = 4 / view.zoom;
  return [...doc().items].reverse().find((item) => {
    const b = bounds(item, measure);
    return p.x >= b.x - slack && p.y >= b.y - slack && p.x <= b.x + b.width + slack && p.y <= b.y + b.height + slack;
  });
}

function moveSelected(dx: number, dy: number, push = true): void {
  if (selected === null) return;
  const items = doc().items.map((i) => (i.id === selected ? translate(i, dx, dy) : i));
  if (push) history.push({ ...doc(), items });
  else history.replace({ ...doc(), items });
  schedule();
}

function deleteSelected(): void {
  if (selected === null) return;
  history.push({ ...doc(), items: doc().items.filter((i) => i.id !== selected) });
  selected = null;
  say('Deleted');
  schedule();
}

// ---- painting ----

function paint(): void {
  frame = 0;
  let draft: Item | null = null;
  let box: Box | null = null;
  const end = pointer ?? (cursorShown ? cursor : null);
  if (anchor && end) {
    if (tool === 'crop' || tool === 'pixelate' || tool === 'blur' || tool === 'box') box = boxBetween(anchor, end);
    else draft = itemFor(anchor, end, points);
  }
  const chosen = selected === null ? undefined : doc().items.find((i) => i.id === selected);
  view.paint(bitmap, doc(), {
    draft,
    frame: review[0]?.box ?? box,
    selected: chosen ? bounds(chosen, measure) : null,
    cursor: cursorShown ? cursor : null,
  });
  zoomLabel.textContent = `${Math.round((view.zoom / view.actualZoom) * 100)} %`;
  $<HTMLButtonElement>('#undo').disabled = !history.canUndo;
  $<HTMLButtonElement>('#redo').disabled = !history.canRedo;
  $<HTMLButtonElement>('#delete').disabled = selected === null;
}

// ---- tools, colours, widths ----

function setTool(next: Tool): void {
  tool = next;
  anchor = null;
  points = [];
  if (next !== 'select') selected = null;
  for (const button of document.querySelectorAll<HTMLButtonElement>('#tools button'))
    button.setAttribute('aria-pressed', String(button.dataset.tool === next));
  stage.dataset.tool = next;
  say(`${TOOLS.find((t) => t.tool === next)!.label} tool`);
  schedule();
}

function setStyle(next: { color?: string; width?: number }, save = true): void {
  color = next.color ?? color;
  width = next.width ?? width;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#colors button'))
    b.setAttribute('aria-checked', String(b.dataset.color === color));
  for (const b of document.querySelectorAll<HTMLButtonElement>('#widths button'))
    b.setAttribute('aria-checked', String(Number(b.dataset.width) === width));
  if (save) void api.saveSettings({ editor: { color, width } }).catch(() => undefined);
}

function buildToolbar(): void {
  $('#tools').append(
    ...TOOLS.map((t) =>
      h(
        'button',
        {
          type: 'button',
          'data-tool': t.tool,
          title: `${t.label} (${t.key.toUpperCase()})`,
          'aria-label': t.label,
          'aria-keyshortcuts': t.key.toUpperCase(),
          'aria-pressed': 'false',
          onclick: () => setTool(t.tool),
        },
        t.icon,
      ),
    ),
  );
  $('#colors').append(
    ...PALETTE.map((p, i) => {
      const b = h('button', {
        type: 'button',
        role: 'radio',
        class: 'swatch',
        'data-color': p.color,
        title: p.name,
        'aria-label': p.name,
        'aria-checked': 'false',
        tabindex: i === 0 ? 0 : -1,
        onclick: () => setStyle({ color: p.color }),
      });
      b.style.background = p.color;
      return b;
    }),
  );
  $('#widths').append(
    ...WIDTHS.map((w) =>
      h(
        'button',
        {
          type: 'button',
          role: 'radio',
          'data-width': w.width,
          title: `${w.name} stroke`,
          'aria-checked': 'false',
          onclick: () => setStyle({ width: w.width }),
        },
        w.name,
      ),
    ),
  );
}

// ---- share, copy, save, discard ----

async function finish(action: EditAction): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    performance.mark('editor-export-start');
    const png = action === 'discard' ? null : await exportPng(bitmap, doc(), size.width, size.height);
    // bench/capture/editor.ts reads these: the export, then the hand-off to main
    performance.measure('editor-export', 'editor-export-start');
    performance.mark('editor-handoff-start');
    const sharing = action === 'share' || action === 'share-new';
    say(sharing ? 'Uploading…' : action === 'copy' ? 'Copying…' : action === 'save' ? 'Saving…' : '');
    const result = await api.finishEdit(action, png);
    performance.measure('editor-handoff', 'editor-handoff-start');
    say(
      sharing
        ? `${result.replaced ? 'Link updated' : 'Link copied'}: ${result.url}`
        : action === 'copy'
          ? 'Image copied'
          : action === 'save'
            ? `Saved as ${result.path}`
            : 'Discarded',
    );
    document.body.dataset.finished = action;
  } catch (error) {
    say(`Could not ${action}: ${messageOf(error)}`);
  } finally {
    busy = false;
  }
}

function discard(): void {
  if (history.changed) confirmDiscard.showModal();
  else void finish('discard');
}

// ---- text: copy it, find secrets in it ----

const KIND_NAMES: Record<string, string> = {
  email: 'E-mail address',
  phone: 'Phone number',
  ipv4: 'IP address',
  ipv6: 'IPv6 address',
  'url-credentials': 'Password in a link',
  card: 'Card number',
  'aws-access-key': 'AWS access key',
  'aws-secret-key': 'AWS secret key',
  jwt: 'Token (JWT)',
  'private-key': 'Private key',
  'hex-token': 'Hex token',
  'base64-token': 'Token',
  'assigned-secret': 'Secret value',
};

async function copyText(): Promise<void> {
  if (busy) return;
  busy = true;
  say('Reading the text…');
  try {
    const text = await api.copyText(await exportPng(bitmap, doc(), size.width, size.height));
    say(text ? `Text copied (${text.length} characters)` : 'No text found');
    document.body.dataset.finished = 'copy-text';
  } catch (error) {
    say(`Could not read the text: ${messageOf(error)}`);
  } finally {
    busy = false;
  }
}

function askNext(): void {
  const next = review[0];
  if (next) {
    // bring it into view
    const css = view.toCss({ x: next.box.x + next.box.width / 2, y: next.box.y + next.box.height / 2 });
    if (css.x < 0 || css.y < 0 || css.x > canvas.clientWidth || css.y > canvas.clientHeight)
      view.pan(css.x - canvas.clientWidth / 2, css.y - canvas.clientHeight / 2);
    say(`${KIND_NAMES[next.kind] ?? next.kind} “${next.text}”: Y redacts it, N skips it (${review.length} left)`);
  } else say('Done: every proposal was shown');
  document.body.dataset.review = String(review.length);
  schedule();
}

async function findSecrets(): Promise<void> {
  if (busy) return;
  busy = true;
  say('Looking for sensitive text…');
  try {
    review = await api.findSecrets();
    if (review.length === 0) say('Nothing that looks sensitive was found');
    stage.focus();
    askNext();
  } catch (error) {
    say(`Could not read the text: ${messageOf(error)}`);
  } finally {
    busy = false;
  }
}

/** Y accepts the proposal shown (a solid box over it), N skips it, Esc stops asking. */
function onReviewKey(event: KeyboardEvent): boolean {
  const current = review[0];
  if (!current) return false;
  const key = event.key.toLowerCase();
  if (key === 'y' || key === 'enter') {
    const rect = clip(current.box);
    if (rect) commit({ id: nextId, kind: 'box', rect }, KIND_NAMES[current.kind] ?? 'Secret');
  } else if (key === 'n' || key === 'delete') {
    /* skipped */
  } else if (key === 'escape') review = [];
  else return true; // other keys wait for an answer
  if (key !== 'escape') review = review.slice(1);
  askNext();
  return true;
}

// ---- input ----

function eventPoint(event: MouseEvent): Point {
  const r = canvas.getBoundingClientRect();
  return view.toImage(event.clientX - r.left, event.clientY - r.top);
}

canvas.addEventListener('pointerdown', (event) => {
  if (event.button !== 0 || editingText) return;
  stage.focus();
  canvas.setPointerCapture(event.pointerId);
  cursorShown = false;
  const p = eventPoint(event);
  if (tool === 'select') {
    const item = hit(p);
    selected = item?.id ?? null;
    if (item) moving = { id: item.id, last: p, pushed: false };
  } else if (tool === 'text') {
    const item = hit(p);
    openText(item?.kind === 'text' ? item.at : p, item?.kind === 'text' ? item.id : null);
    event.preventDefault();
  } else if (tool === 'step') placeStep(p);
  else {
    anchor = p;
    points = [p];
    pointer = p;
  }
  schedule();
});

canvas.addEventListener('pointermove', (event) => {
  const p = eventPoint(event);
  if (moving) {
    // one undo step for the whole move: the document before it is pushed once, then replaced as it moves
    moveSelected(p.x - moving.last.x, p.y - moving.last.y, !moving.pushed);
    moving.pushed = true;
    moving.last = p;
  } else if (anchor) {
    pointer = p;
    if (tool === 'pen' || tool === 'highlighter') points.push(p);
    schedule();
  }
});

canvas.addEventListener('pointerup', (event) => {
  if (moving) moving = null;
  else if (anchor) finishShape(anchor, eventPoint(event));
  pointer = null;
  schedule();
});

canvas.addEventListener('dblclick', (event) => {
  const item = hit(eventPoint(event));
  if (item?.kind === 'text') openText(item.at, item.id);
});

canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const r = canvas.getBoundingClientRect();
    if (event.ctrlKey || event.metaKey)
      view.zoomAt(Math.exp(-event.deltaY / 300), event.clientX - r.left, event.clientY - r.top);
    else view.pan(event.deltaX, event.deltaY);
    schedule();
  },
  { passive: false },
);

textInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') closeText(true);
  else if (event.key === 'Escape') closeText(false);
  else return;
  event.preventDefault();
  event.stopPropagation();
});
textInput.addEventListener('blur', () => editingText && closeText(true));

function onCanvasKey(event: KeyboardEvent): boolean {
  const step = (event.shiftKey ? 10 : 1) * scale();
  const arrows: Record<string, [number, number]> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  const delta = arrows[event.key];
  if (delta) {
    if (tool === 'select' && selected !== null) moveSelected(delta[0], delta[1]);
    else {
      if (!cursorShown) {
        cursorShown = true;
        cursor = view.toImage(canvas.clientWidth / 2, canvas.clientHeight / 2);
      }
      cursor = {
        x: Math.min(size.width, Math.max(0, cursor.x + delta[0])),
        y: Math.min(size.height, Math.max(0, cursor.y + delta[1])),
      };
      if (anchor && (tool === 'pen' || tool === 'highlighter')) points.push(cursor);
      schedule();
    }
    return true;
  }
  if (event.key === ' ') {
    if (!cursorShown) {
      cursorShown = true;
      cursor = view.toImage(canvas.clientWidth / 2, canvas.clientHeight / 2);
    } else if (tool === 'select') selected = hit(cursor)?.id ?? null;
    else if (tool === 'text') openText(cursor);
    else if (tool === 'step') placeStep(cursor);
    else if (DRAGGED.has(tool) && !anchor) {
      anchor = cursor;
      points = [cursor];
      say('Started: move with the arrows, Space to finish');
    } else if (anchor) finishShape(anchor, cursor);
    schedule();
    return true;
  }
  if (event.key === 'Enter' && anchor) {
    finishShape(anchor, cursor);
    return true;
  }
  return false;
}

document.addEventListener('keydown', (event) => {
  if (editingText || confirmDiscard.open || !context) return;
  if (review.length > 0 && !event.ctrlKey && !event.metaKey && onReviewKey(event)) {
    event.preventDefault();
    return;
  }
  const primary = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  const onStage = event.target === stage || event.target === document.body;
  if (primary) {
    const actions: Record<string, () => void> = {
      z: () => (event.shiftKey ? redo() : undo()),
      y: redo,
      c: () => void finish('copy'),
      s: () => void finish('save'),
      '0': () => view.fit(),
      '1': () => view.actual(),
      '=': () => view.zoomAt(1.25, canvas.clientWidth / 2, canvas.clientHeight / 2),
      '+': () => view.zoomAt(1.25, canvas.clientWidth / 2, canvas.clientHeight / 2),
      '-': () => view.zoomAt(0.8, canvas.clientWidth / 2, canvas.clientHeight / 2),
    };
    const run = actions[key];
    if (!run) return;
    event.preventDefault();
    run();
    schedule();
    return;
  }
  if (event.altKey) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    if (anchor) {
      anchor = null;
      points = [];
      say('Cancelled');
      schedule();
    } else discard();
    return;
  }
  if (onStage && onCanvasKey(event)) {
    event.preventDefault();
    return;
  }
  if (event.key === 'Enter' && onStage) {
    event.preventDefault();
    void finish('share');
    return;
  }
  if ((event.key === 'Delete' || event.key === 'Backspace') && selected !== null) {
    event.preventDefault();
    deleteSelected();
    return;
  }
  const t = TOOLS.find((x) => x.key === key);
  if (t && !event.shiftKey) {
    event.preventDefault();
    setTool(t.tool);
  }
});

function undo(): void {
  if (history.undo()) say('Undone');
  selected = null;
  schedule();
}

function redo(): void {
  if (history.redo()) say('Redone');
  selected = null;
  schedule();
}

$('#undo').addEventListener('click', undo);
$('#redo').addEventListener('click', redo);
$('#delete').addEventListener('click', deleteSelected);
$('#fit').addEventListener('click', () => (view.fit(), schedule()));
$('#actual').addEventListener('click', () => (view.actual(), schedule()));
$('#share').addEventListener('click', () => void finish('share'));
$('#copy').addEventListener('click', () => void finish('copy'));
$('#save').addEventListener('click', () => void finish('save'));
$('#discard').addEventListener('click', discard);
$('#copy-text').addEventListener('click', () => void copyText());
$('#find-secrets').addEventListener('click', () => void findSecrets());
$('#keep-editing').addEventListener('click', () => confirmDiscard.close());
$('#really-discard').addEventListener('click', () => {
  confirmDiscard.close();
  void finish('discard');
});
window.addEventListener('resize', () => (view.fit(), schedule()));

async function start(): Promise<void> {
  buildToolbar();
  context = await api.getEditorContext();
  performance.mark('editor-context');
  document.title = `${context.name} — Traydrop Editor`;
  const image = new Image();
  image.src = context.imageUrl;
  await image.decode();
  performance.mark('editor-decoded');
  size = { width: image.naturalWidth, height: image.naturalHeight };
  bitmap = new RedactedBitmap(image, size.width, size.height);
  view = new View(canvas, size, context.scaleFactor);
  view.fit();
  setStyle({ color: context.color, width: context.width }, false);
  setTool('arrow');
  paint();
  requestAnimationFrame(() => {
    performance.mark('editor-first-paint');
    document.body.dataset.ready = 'true';
    stage.focus();
    showSharedLink(api, $('#share'), () => void finish('share-new')).catch((error: unknown) =>
      say(`Could not tell whether this capture was shared: ${messageOf(error)}`),
    );
  });
}

start().catch((error: unknown) => say(`The capture could not be opened: ${messageOf(error)}`));

/**
 * The keyboard alone does the whole job: a tool's letter chooses it, the arrows move a cursor over the image
 * (Shift ×10, in image pixels times the capture's scale), Space starts and Space or Enter ends a shape; in
 * Select the arrows move the selected object. Ctrl/Cmd: undo, redo, copy, save, zoom. Enter shares, Esc
 * cancels a shape or discards, Delete deletes. While secrets are reviewed, their keys come first.
 */
import { discard, finish } from './finish.ts';
import { onReviewKey } from './secrets-review.ts';
import type { Session } from './session.ts';
import { openText } from './text-tool.ts';
import { setTool } from './toolbar.ts';
import { DRAGGED, TOOLS } from './tools.ts';

/** Arrows, Space and Enter on the canvas; true: the key was used. */
function onCanvasKey(s: Session, event: KeyboardEvent): boolean {
  const step = (event.shiftKey ? 10 : 1) * s.scale;
  const arrows: Record<string, [number, number]> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  const delta = arrows[event.key];
  if (delta) {
    if (s.tool === 'select' && s.selected !== null) s.moveSelected(delta[0], delta[1]);
    else {
      s.showCursor();
      s.cursor = {
        x: Math.min(s.size.width, Math.max(0, s.cursor.x + delta[0])),
        y: Math.min(s.size.height, Math.max(0, s.cursor.y + delta[1])),
      };
      if (s.anchor && (s.tool === 'pen' || s.tool === 'highlighter')) s.points.push(s.cursor);
      s.schedule();
    }
    return true;
  }
  if (event.key === ' ') {
    if (!s.cursorShown) s.showCursor();
    else if (s.tool === 'select') s.selected = s.hit(s.cursor)?.id ?? null;
    else if (s.tool === 'text') openText(s, s.cursor);
    else if (s.tool === 'step') s.placeStep(s.cursor);
    else if (DRAGGED.has(s.tool) && !s.anchor) {
      s.anchor = s.cursor;
      s.points = [s.cursor];
      s.say('Started: move with the arrows, Space to finish');
    } else if (s.anchor) s.finishShape(s.anchor, s.cursor);
    s.schedule();
    return true;
  }
  if (event.key === 'Enter' && s.anchor) {
    s.finishShape(s.anchor, s.cursor);
    return true;
  }
  return false;
}

function onPrimaryKey(s: Session, event: KeyboardEvent): void {
  const { view, el } = s;
  const middle = (factor: number) => () => view.zoomAt(factor, el.canvas.clientWidth / 2, el.canvas.clientHeight / 2);
  const actions: Record<string, () => void> = {
    z: () => (event.shiftKey ? s.redo() : s.undo()),
    y: () => s.redo(),
    c: () => void finish(s, 'copy'),
    s: () => void finish(s, 'save'),
    '0': () => view.fit(),
    '1': () => view.actual(),
    '=': middle(1.25),
    '+': middle(1.25),
    '-': middle(0.8),
  };
  const run = actions[event.key.toLowerCase()];
  if (!run) return;
  event.preventDefault();
  run();
  s.schedule();
}

function onKey(s: Session, event: KeyboardEvent): void {
  const { stage } = s.el;
  if (event.ctrlKey || event.metaKey) return onPrimaryKey(s, event);
  if (event.altKey) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    if (s.anchor) {
      s.anchor = null;
      s.points = [];
      s.say('Cancelled');
      s.schedule();
    } else discard(s);
    return;
  }
  const onStage = event.target === stage || event.target === document.body;
  if (onStage && onCanvasKey(s, event)) {
    event.preventDefault();
    return;
  }
  if (event.key === 'Enter' && onStage) {
    event.preventDefault();
    void finish(s, 'share');
    return;
  }
  if ((event.key === 'Delete' || event.key === 'Backspace') && s.selected !== null) {
    event.preventDefault();
    s.deleteSelected();
    return;
  }
  const t = TOOLS.find((x) => x.key === event.key.toLowerCase());
  if (t && !event.shiftKey) {
    event.preventDefault();
    setTool(s, t.tool);
  }
}

export function listenToKeyboard(s: Session): void {
  document.addEventListener('keydown', (event) => {
    if (s.editingText || s.el.confirmDiscard.open || !s.ready) return;
    if (s.review.length > 0 && !event.ctrlKey && !event.metaKey && onReviewKey(s, event)) {
      event.preventDefault();
      return;
    }
    onKey(s, event);
  });
}

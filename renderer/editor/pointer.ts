/**
 * The mouse (or pen, or touch) on the canvas: press and drag draws with the tool, Select picks and moves an
 * object (one undo step per move), Text opens the text editor (double-click edits a text), the wheel pans and
 * Ctrl/Cmd+wheel zooms about the pointer.
 */
import type { Point } from './model.ts';
import type { Session } from './session.ts';
import { openText } from './text-tool.ts';

export function listenToPointer(s: Session): void {
  const { canvas, stage } = s.el;
  const eventPoint = (event: MouseEvent): Point => {
    const r = canvas.getBoundingClientRect();
    return s.view.toImage(event.clientX - r.left, event.clientY - r.top);
  };

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || s.editingText || !s.ready) return;
    stage.focus();
    canvas.setPointerCapture(event.pointerId);
    s.cursorShown = false;
    const p = eventPoint(event);
    if (s.tool === 'select') {
      const item = s.hit(p);
      s.selected = item?.id ?? null;
      if (item) s.moving = { id: item.id, last: p, pushed: false };
    } else if (s.tool === 'text') {
      const item = s.hit(p);
      openText(s, item?.kind === 'text' ? item.at : p, item?.kind === 'text' ? item.id : null);
      event.preventDefault();
    } else if (s.tool === 'step') s.placeStep(p);
    else {
      s.anchor = p;
      s.points = [p];
      s.pointer = p;
    }
    s.schedule();
  });

  canvas.addEventListener('pointermove', (event) => {
    if (!s.ready) return;
    const p = eventPoint(event);
    if (s.moving) {
      // one undo step for the whole move: the document before it is pushed once, then replaced as it moves
      s.moveSelected(p.x - s.moving.last.x, p.y - s.moving.last.y, !s.moving.pushed);
      s.moving.pushed = true;
      s.moving.last = p;
    } else if (s.anchor) {
      s.pointer = p;
      if (s.tool === 'pen' || s.tool === 'highlighter') s.points.push(p);
      s.schedule();
    }
  });

  canvas.addEventListener('pointerup', (event) => {
    if (s.moving) s.moving = null;
    else if (s.anchor) s.finishShape(s.anchor, eventPoint(event));
    s.pointer = null;
    s.schedule();
  });

  canvas.addEventListener('dblclick', (event) => {
    if (!s.ready) return;
    const item = s.hit(eventPoint(event));
    if (item?.kind === 'text') openText(s, item.at, item.id);
  });

  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      if (!s.ready) return;
      const r = canvas.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey)
        s.view.zoomAt(Math.exp(-event.deltaY / 300), event.clientX - r.left, event.clientY - r.top);
      else s.view.pan(event.deltaX, event.deltaY);
      s.schedule();
    },
    { passive: false },
  );
}

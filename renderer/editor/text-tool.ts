/**
 * The text tool's in-place editor: an input laid over the canvas at the text's place and size; Enter (or
 * leaving it) keeps the text as one undoable step, Esc drops it. Editing an existing text changes it in place.
 */
import type { Point } from './model.ts';
import type { Session } from './session.ts';

const textSize = (s: Session): number => (14 + s.width * 2) * s.scale;

export function openText(s: Session, at: Point, id: number | null = null): void {
  const { textInput } = s.el;
  const existing = id === null ? undefined : s.doc.items.find((i) => i.id === id);
  s.editingText = { id, at };
  textInput.value = existing?.kind === 'text' ? existing.text : '';
  const css = s.view.toCss(at);
  textInput.style.transform = `translate(${css.x}px, ${css.y}px)`;
  textInput.style.fontSize = `${Math.max(10, textSize(s) * s.view.zoom)}px`;
  textInput.hidden = false;
  textInput.focus();
}

function closeText(s: Session, keep: boolean): void {
  const { textInput, stage, textBackground } = s.el;
  const editing = s.editingText;
  s.editingText = null;
  textInput.hidden = true;
  stage.focus();
  const text = textInput.value.trim();
  if (!editing || !keep || !text) return;
  if (editing.id !== null) {
    s.history.push({
      ...s.doc,
      items: s.doc.items.map((i) => (i.id === editing.id && i.kind === 'text' ? { ...i, text } : i)),
    });
    s.say('Text changed');
    s.schedule();
  } else
    s.commit(
      {
        id: s.nextId,
        kind: 'text',
        at: editing.at,
        text,
        color: s.color,
        size: textSize(s),
        background: textBackground.checked,
      },
      'Text',
    );
}

export function listenToTextInput(s: Session): void {
  const { textInput } = s.el;
  textInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') closeText(s, true);
    else if (event.key === 'Escape') closeText(s, false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  });
  textInput.addEventListener('blur', () => s.editingText && closeText(s, true));
}

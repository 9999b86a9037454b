/**
 * The toolbar's tools, colours and stroke widths: built from tools.ts (each tool's key in its tooltip), and
 * kept pressed/checked as the session's tool and style change. A new colour or width is remembered in the
 * settings for the next session.
 */
import { traydrop } from '../shared/api.ts';
import { $, h } from '../shared/dom.ts';
import type { Session } from './session.ts';
import { PALETTE, TOOLS, WIDTHS, type Tool } from './tools.ts';

export function setTool(s: Session, next: Tool): void {
  s.tool = next;
  s.anchor = null;
  s.points = [];
  if (next !== 'select') s.selected = null;
  for (const button of document.querySelectorAll<HTMLButtonElement>('#tools button'))
    button.setAttribute('aria-pressed', String(button.dataset.tool === next));
  s.el.stage.dataset.tool = next;
  s.say(`${TOOLS.find((t) => t.tool === next)!.label} tool`);
  s.schedule();
}

export function setStyle(s: Session, next: { color?: string; width?: number }, save = true): void {
  s.color = next.color ?? s.color;
  s.width = next.width ?? s.width;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#colors button'))
    b.setAttribute('aria-checked', String(b.dataset.color === s.color));
  for (const b of document.querySelectorAll<HTMLButtonElement>('#widths button'))
    b.setAttribute('aria-checked', String(Number(b.dataset.width) === s.width));
  if (save)
    void traydrop()
      .saveSettings({ editor: { color: s.color, width: s.width } })
      .catch(() => undefined);
}

export function buildToolbar(s: Session): void {
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
          onclick: () => setTool(s, t.tool),
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
        onclick: () => setStyle(s, { color: p.color }),
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
          onclick: () => setStyle(s, { width: w.width }),
        },
        w.name,
      ),
    ),
  );
}

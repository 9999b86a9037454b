/**
 * A tiny DOM helper instead of a framework: `h('button', { class: 'primary', onclick }, 'Save')`.
 * Text is always set as text (never innerHTML), so nothing from a file name or a server can inject
 * markup; inline `style` attributes are refused by the pages' CSP anyway (use classes, or
 * element.style from script, which CSP allows).
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = String(value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function $<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`missing element ${selector}`);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** Announces a short message to screen readers (and shows it) in the page's status region. */
export function announce(region: HTMLElement, text: string, tone: 'ok' | 'error' | 'info' = 'info'): void {
  region.textContent = text;
  region.dataset.tone = tone;
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

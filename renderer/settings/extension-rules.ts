/**
 * The settings window's per-extension expiry rules: a row per extension (its expiry, a Remove button) and the
 * "add" field, which refuses what is not an extension before it reaches main (1–16 letters or digits, a leading
 * dot dropped) and replaces the rule of an extension already listed. The rules are kept sorted by extension.
 */
import type { Expiry } from '../../common/expiry.ts';
import { $, h } from '../shared/dom.ts';
import { fillExpirySelect } from './expiry-select.ts';
import { input, select } from './form-fields.ts';

export interface ExtensionRules {
  show(byExtension: Record<string, Expiry>): void;
  read(): [string, Expiry][];
  /** Adds (or replaces) the rule typed in the "add" field. */
  add(): void;
}

/** `changed` is called when the user adds, edits or removes a rule. */
export function extensionRules(changed: () => void): ExtensionRules {
  let rules: [string, Expiry][] = [];
  const body = $('#ext-rules');

  function render(): void {
    body.replaceChildren(
      ...rules.map(([ext, expiry], index) => {
        const id = `ext-rule-${ext}`;
        const choice = h('select', { id, class: 'expiry', 'data-ext': ext });
        fillExpirySelect(choice, false);
        choice.value = expiry;
        choice.addEventListener('change', () => {
          rules[index] = [ext, choice.value as Expiry];
          changed();
        });
        const remove = () => {
          rules.splice(index, 1);
          render();
          changed();
          input('ext-new').focus();
        };
        return h(
          'tr',
          { 'data-ext': ext },
          h('td', {}, h('label', { for: id }, h('code', {}, `.${ext}`))),
          h('td', {}, choice),
          h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'small', 'aria-label': `Remove the rule for .${ext}`, onclick: remove },
              'Remove',
            ),
          ),
        );
      }),
    );
  }

  function add(): void {
    const error = $('#ext-error');
    const field = input('ext-new');
    const raw = field.value.trim().replace(/^\.+/, '').toLowerCase();
    if (!/^[a-z0-9]{1,16}$/.test(raw)) {
      error.textContent = 'An extension is 1 to 16 letters or digits, like mp4 or png.';
      field.setAttribute('aria-invalid', 'true');
      field.focus();
      return;
    }
    error.textContent = '';
    field.removeAttribute('aria-invalid');
    const expiry = select('ext-new-expiry').value as Expiry;
    const existing = rules.findIndex(([ext]) => ext === raw);
    if (existing >= 0) rules[existing] = [raw, expiry];
    else rules.push([raw, expiry]);
    rules.sort(([a], [b]) => a.localeCompare(b));
    render();
    field.value = '';
    field.focus();
    changed();
  }

  return {
    show(byExtension) {
      rules = Object.entries(byExtension).sort(([a], [b]) => a.localeCompare(b));
      render();
    },
    read: () => rules,
    add,
  };
}

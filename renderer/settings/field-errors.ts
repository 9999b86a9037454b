/**
 * Where the settings window shows what was not saved: each refused field's message goes next to the field whose
 * `data-error-for` is the longest prefix of its key (e.g. `hotkeys.captureRegion`), the field is marked
 * aria-invalid, and one summary is announced to screen readers.
 */
import { $, announce } from '../shared/dom.ts';

export function clearErrors(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-error-for]')) el.textContent = '';
  for (const el of document.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  announce($('#summary'), '');
}

/** Puts each error next to the field whose `data-error-for` is the longest prefix of its key. */
export function showErrors(errors: Record<string, string>): void {
  const slots = [...document.querySelectorAll<HTMLElement>('[data-error-for]')];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    const slot = slots
      .filter((el) => key === el.dataset.errorFor || key.startsWith(`${el.dataset.errorFor}.`))
      .sort((a, b) => b.dataset.errorFor!.length - a.dataset.errorFor!.length)[0];
    if (!slot) {
      unplaced.push(`${key}: ${message}`);
      continue;
    }
    if (!slot.textContent?.includes(message))
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    const field = slot.closest('div, section')?.querySelector('input, select');
    const hotkey = slot.dataset.errorFor?.startsWith('hotkeys.')
      ? document.getElementById(slot.id.replace(/-error$/, ''))
      : null;
    (hotkey ?? field)?.setAttribute('aria-invalid', 'true');
  }
  const count = Object.keys(errors).length;
  if (count > 0) {
    announce(
      $('#summary'),
      `${count === 1 ? 'One setting was' : `${count} settings were`} not saved.${unplaced.length ? ` ${unplaced.join(' ')}` : ''}`,
      'error',
    );
  }
}

/**
 * The hotkey rows of the settings window, one per action: a field that records the keys as pressed
 * (accelerator.ts), the explicit Cmd/Ctrl choice (portable-modifier.ts), whether the hotkey is registered, and
 * why not. Which keys were pressed depends on the platform (metaKey is Cmd on a Mac, Super elsewhere), and the
 * platform comes from main (getPlatform): until `setPlatform`, key presses are not recorded rather than guessed.
 */
import type { DesktopPlatform, HotkeyAction, HotkeyStatus } from '../../common/ipc-contract.ts';
import { h } from '../shared/dom.ts';
import { acceleratorFromEvent } from './accelerator.ts';
import { portableChoice, withPortable } from './portable-modifier.ts';

export const HOTKEYS: [HotkeyAction, string][] = [
  ['captureScreen', 'Capture screen'],
  ['captureRegion', 'Capture region'],
  ['captureWindow', 'Capture window'],
  ['recordScreen', 'Record screen'],
  ['recordRegion', 'Record region'],
  ['toggleDropWindow', 'Show drop window'],
  ['uploadClipboard', 'Upload clipboard'],
  ['captureRegionEdit', 'Capture region and edit'],
  ['captureText', 'Capture text'],
];

interface Row {
  field: HTMLInputElement;
  portable: HTMLInputElement;
  state: HTMLElement;
  error: HTMLElement;
}

export interface HotkeyFields {
  setPlatform(platform: DesktopPlatform): void;
  show(hotkeys: Record<HotkeyAction, string>): void;
  read(): Record<HotkeyAction, string>;
  showStatus(statuses: HotkeyStatus[]): void;
}

/** Builds the rows into `grid`; `changed` is called when the user changes a hotkey. */
export function hotkeyFields(grid: HTMLElement, changed: () => void): HotkeyFields {
  let platform: DesktopPlatform | null = null;
  const rows = new Map<HotkeyAction, Row>();

  const sync = ({ field, portable }: Row): void => {
    const choice = platform ? portableChoice(field.value, platform) : 'unavailable';
    portable.checked = choice === 'on';
    portable.disabled = choice === 'unavailable';
  };

  for (const [action, label] of HOTKEYS) {
    const id = `hotkey-${action}`;
    const row: Row = {
      field: h('input', {
        id,
        type: 'text',
        class: 'hotkey',
        readonly: true,
        'data-action': action,
        placeholder: 'None',
        'aria-describedby': `hotkey-help ${id}-error`,
      }),
      portable: h('input', { id: `${id}-portable`, type: 'checkbox', disabled: true }),
      state: h('span', { class: 'hotkey-state', id: `${id}-state` }),
      error: h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', 'data-error-for': `hotkeys.${action}` }),
    };
    row.field.addEventListener('keydown', (event) => {
      if (!platform) return;
      const accelerator = acceleratorFromEvent(event, platform);
      if (accelerator === undefined) return;
      event.preventDefault();
      row.field.value = accelerator;
      sync(row);
      changed();
    });
    row.portable.addEventListener('change', () => {
      if (!platform) return;
      row.field.value = withPortable(row.field.value, platform, row.portable.checked);
      changed();
    });
    rows.set(action, row);
    grid.append(
      h('label', { for: id }, label),
      row.field,
      h(
        'label',
        { class: 'check portable', for: row.portable.id },
        row.portable,
        h('span', { class: 'visually-hidden' }, `${label}: `),
        'Cmd/Ctrl',
        h('span', { class: 'visually-hidden' }, ' (Cmd on macOS, Ctrl on Windows and Linux)'),
      ),
      row.state,
      row.error,
    );
  }

  return {
    setPlatform(value) {
      platform = value;
      for (const row of rows.values()) sync(row);
    },
    show(hotkeys) {
      for (const [action, row] of rows) {
        row.field.value = hotkeys[action] ?? '';
        sync(row);
      }
    },
    read() {
      return Object.fromEntries([...rows].map(([action, row]) => [action, row.field.value])) as Record<
        HotkeyAction,
        string
      >;
    },
    showStatus(statuses) {
      for (const status of statuses) {
        const row = rows.get(status.action);
        if (!row) continue;
        row.state.replaceChildren();
        if (status.accelerator !== '') {
          const registered = status.registered;
          row.state.append(
            h('span', { class: 'badge', 'data-tone': registered ? 'ok' : 'error' }, registered ? 'active' : 'failed'),
          );
        }
        row.error.textContent = status.error ?? '';
        row.field.setAttribute('aria-invalid', String(status.error !== null));
      }
    },
  };
}

/**
 * Turns a key press into an Electron accelerator (`CommandOrControl+Shift+4`), for the hotkey
 * fields: the user presses the keys instead of typing their names.
 * Returns undefined when the event should keep its normal meaning (Tab, a lone modifier), '' for
 * "no hotkey" (Backspace or Delete without modifiers).
 */
const NAMED: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Escape',
  Enter: 'Enter',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
  PrintScreen: 'PrintScreen',
  '+': 'Plus',
};

export function acceleratorFromEvent(event: KeyboardEvent): string | undefined {
  const { key } = event;
  if (key === 'Tab' || ['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock'].includes(key)) return undefined;
  const modifiers = [
    event.ctrlKey || event.metaKey ? 'CommandOrControl' : '',
    event.altKey ? 'Alt' : '',
    event.shiftKey ? 'Shift' : '',
  ].filter(Boolean);
  if ((key === 'Backspace' || key === 'Delete') && modifiers.length === 0) return '';
  if (key === 'Escape' && modifiers.length === 0) return undefined;
  let name: string | undefined = NAMED[key];
  if (!name && /^F([1-9]|1\d|2[0-4])$/.test(key)) name = key;
  // the physical key for letters and digits, so Shift+4 is "4", not "$"
  if (!name && /^Key[A-Z]$/.test(event.code)) name = event.code.slice(3);
  if (!name && /^Digit\d$/.test(event.code)) name = event.code.slice(5);
  if (!name && key.length === 1) name = key.toUpperCase();
  if (!name) return undefined;
  return [...modifiers, name].join('+');
}

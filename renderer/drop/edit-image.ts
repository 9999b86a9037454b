/**
 * The drop window's way into the editor (issue #17): an image dropped with Alt held (Option on a Mac), or chosen
 * with the "Edit…" button, opens in the editor instead of being shared; the file stays where it is. Alt because
 * the drop event carries it on every platform (DragEvent.altKey) and file managers give it no meaning a drop on
 * us would lose (Shift means "move" in Explorer and Finder). Main decides whether the file is an image it can
 * open (by its bytes); one image at a time, and whatever goes wrong is said in the window.
 */
import { messageOf, traydrop } from '../shared/api.ts';
import { announce } from '../shared/dom.ts';

/** What the chooser offers (main still checks the bytes). */
export const EDITABLE_TYPES = 'image/png,image/jpeg,image/webp,image/gif,image/bmp';

/** A drag with the edit modifier held: the drop opens the editor. */
export const wantsEdit = (event: DragEvent | MouseEvent): boolean => event.altKey;

/** The modifier's name on this platform, for the help line. */
export async function editKeyName(): Promise<string> {
  const platform = await traydrop()
    .getPlatform()
    .catch(() => 'linux');
  return platform === 'darwin' ? 'Option' : 'Alt';
}

export async function editImage(files: File[], status: HTMLElement): Promise<void> {
  if (files.length === 0) return;
  if (files.length > 1) {
    announce(status, 'Drop one image at a time to edit it', 'error');
    return;
  }
  const [file] = files as [File];
  announce(status, `Opening ${file.name} in the editor…`);
  try {
    await traydrop().editDroppedFile(file);
    announce(status, `${file.name} is open in the editor`, 'ok');
  } catch (error) {
    announce(status, messageOf(error), 'error');
  }
}

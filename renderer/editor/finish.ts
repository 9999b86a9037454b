/**
 * Share, copy, save or discard: the edited image is exported (export-image.ts: a PNG from the export worker) and
 * handed to main, which uploads, copies or writes it; the page says what became of it. Esc with something drawn asks first. "Copy text" sends
 * the edited image (what is redacted is not read) to main's OCR.
 */
import type { EditAction } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { exportImage, exportPng } from './export-image.ts';
import type { Session } from './session.ts';

export async function finish(s: Session, action: EditAction): Promise<void> {
  if (s.busy) return;
  s.busy = true;
  try {
    performance.mark('editor-export-start');
    const image =
      action === 'discard' ? null : await exportPng(s.pngWorker, s.bitmap, s.doc, s.size.width, s.size.height);
    // bench/capture/editor.ts reads these: the export, then the hand-off to main
    performance.measure('editor-export', 'editor-export-start');
    performance.mark('editor-handoff-start');
    const sharing = action === 'share' || action === 'share-new';
    s.say(sharing ? 'Uploading…' : action === 'copy' ? 'Copying…' : action === 'save' ? 'Saving…' : '');
    const result = await traydrop().finishEdit(action, image);
    performance.measure('editor-handoff', 'editor-handoff-start');
    s.say(
      sharing
        ? `${result.replaced ? 'Link updated' : 'Link copied'}: ${result.url}`
        : action === 'copy'
          ? 'Image copied'
          : action === 'save'
            ? `Saved as ${result.path}`
            : 'Discarded',
    );
    document.body.dataset.finished = action;
  } catch (error) {
    s.say(`Could not ${action}: ${messageOf(error)}`);
  } finally {
    s.busy = false;
  }
}

export function discard(s: Session): void {
  if (s.history.changed) s.el.confirmDiscard.showModal();
  else void finish(s, 'discard');
}

export async function copyText(s: Session): Promise<void> {
  if (s.busy) return;
  s.busy = true;
  s.say('Reading the text…');
  try {
    const text = await traydrop().copyText(exportImage(s.bitmap, s.doc, s.size.width, s.size.height));
    s.say(text ? `Text copied (${text.length} characters)` : 'No text found');
    document.body.dataset.finished = 'copy-text';
  } catch (error) {
    s.say(`Could not read the text: ${messageOf(error)}`);
  } finally {
    s.busy = false;
  }
}

/**
 * The capture editor page: draws on one capture with the tools of tools.ts, keeps every action undoable
 * (model.ts), and shares, copies or saves the edited image through `window.traydrop`. This file only wires the
 * parts together and opens the capture; each way of input has its module (pointer.ts, keyboard.ts,
 * text-tool.ts, toolbar.ts), the state they share is session.ts, and finish.ts and secrets-review.ts talk to main.
 *
 * Why plain canvas and not Konva or Fabric: the editor draws a dozen kinds of flat objects on one bitmap, and
 * redaction must change the bitmap itself (common/image/, tested under Node), which a scene graph does not
 * help with; a 2D context in image pixels draws the view and the export with the same code, and the page
 * stays one small bundle (Konva alone is ~150 KB minified) that paints a 4K capture in one drawImage. The pen
 * uses perfect-freehand (a few KB) for its smoothing.
 */
import { checkedEditorContext, EDITOR_STANDBY_KEY, editorContextOfQuery } from '../../common/editor-query.ts';
import type { EditorContext } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $ } from '../shared/dom.ts';
import { RedactedBitmap } from './bitmap.ts';
import { startCapture } from './capture.ts';
import { editorElements } from './elements.ts';
import { copyText, discard, finish } from './finish.ts';
import { listenToKeyboard } from './keyboard.ts';
import { listenToPointer } from './pointer.ts';
import { findSecrets } from './secrets-review.ts';
import { Session } from './session.ts';
import { showSharedLink } from './shared-link-notice.ts';
import { listenToTextInput } from './text-tool.ts';
import { buildToolbar, setStyle, setTool } from './toolbar.ts';
import { View } from './view.ts';

function wireButtons(s: Session): void {
  const { confirmDiscard } = s.el;
  const refit = () => {
    if (!s.ready) return;
    s.view.fit();
    s.schedule();
  };
  s.el.undo.addEventListener('click', () => s.undo());
  s.el.redo.addEventListener('click', () => s.redo());
  s.el.deleteButton.addEventListener('click', () => s.deleteSelected());
  $('#fit').addEventListener('click', refit);
  $('#actual').addEventListener('click', () => {
    if (!s.ready) return;
    s.view.actual();
    s.schedule();
  });
  $('#share').addEventListener('click', () => void finish(s, 'share'));
  $('#copy').addEventListener('click', () => void finish(s, 'copy'));
  $('#save').addEventListener('click', () => void finish(s, 'save'));
  $('#discard').addEventListener('click', () => discard(s));
  $('#copy-text').addEventListener('click', () => void copyText(s));
  $('#find-secrets').addEventListener('click', () => void findSecrets(s));
  $('#keep-editing').addEventListener('click', () => confirmDiscard.close());
  $('#really-discard').addEventListener('click', () => {
    confirmDiscard.close();
    void finish(s, 'discard');
  });
  window.addEventListener('resize', refit);
}

/** The context into the session and the title (the style is set once, at the first paint). */
function useContext(s: Session, context: EditorContext): void {
  s.context = context;
  document.title = `${context.name} — Traydrop Editor`;
}

/** Everything but the capture: the toolbar and every way of input. */
function prepare(s: Session): void {
  buildToolbar(s);
  wireButtons(s);
  listenToPointer(s);
  listenToKeyboard(s);
  listenToTextInput(s);
}

/** Draws the decoded capture in the context's style, and the page is ready. */
async function paint(s: Session, context: EditorContext, decoded: Promise<ImageBitmap>, asked: Promise<unknown>) {
  useContext(s, context);
  performance.mark('editor-context');
  // a capture that cannot be decoded: main's reason (the context's check of the file) comes first
  const image = await decoded.catch(async (error: unknown) => {
    await asked;
    throw error;
  });
  performance.mark('editor-decoded');
  s.size = { width: image.width, height: image.height };
  s.bitmap = new RedactedBitmap(image, s.size.width, s.size.height);
  s.view = new View(s.el.canvas, s.size, context.scaleFactor);
  s.view.fit();
  setStyle(s, { color: context.color, width: context.width }, false);
  setTool(s, 'arrow');
  s.paint();
  requestAnimationFrame(() => {
    performance.mark('editor-first-paint');
    document.body.dataset.ready = 'true';
    s.startExportWorker(); // warm by the first Share
    s.el.stage.focus();
    showSharedLink(traydrop(), $<HTMLButtonElement>('#share'), () => void finish(s, 'share-new')).catch(
      (error: unknown) => s.say(`Could not tell whether this capture was shared: ${messageOf(error)}`),
    );
  });
}

/**
 * A standby window (loaded ahead and hidden by main, editor-window.ts): everything is built now, and the capture is
 * fetched and painted when main sends its context, as it shows the window; a context that is not good is ignored
 * (main sends one per window). The bundle's start, the stylesheets and the toolbar are then already done.
 */
function standBy(s: Session): void {
  prepare(s);
  const stop = traydrop().onEditorOpen((sent) => {
    const context = checkedEditorContext(sent);
    if (!context) return;
    stop();
    performance.mark('editor-open');
    // main's own context: nothing to ask, but whether the file is an image (the capture's answer says why not)
    paint(s, context, startCapture(), Promise.resolve()).catch((error: unknown) =>
      s.say(`The capture could not be opened: ${messageOf(error)}`),
    );
  });
  document.body.dataset.standby = 'true';
}

async function start(s: Session): Promise<void> {
  // first: the capture is fetched and decoded (started by capture-early.ts), and the context asked, while the
  // toolbar is built; the window's query carries what the first paint needs of the context (editor-query.ts)
  const decoded = startCapture();
  const asked = traydrop().getEditorContext();
  asked.catch(() => undefined); // awaited below; its error is said there
  const early = editorContextOfQuery(new URLSearchParams(location.search));
  prepare(s);
  const context = early ?? (await asked);
  await paint(s, context, decoded, asked);
  // painted from the query: main's answer is still what counts (the same values, unless the query was stale)
  if (early) useContext(s, { ...(await asked), scaleFactor: context.scaleFactor });
}

const session = new Session(editorElements());
if (new URLSearchParams(location.search).has(EDITOR_STANDBY_KEY)) standBy(session);
else start(session).catch((error: unknown) => session.say(`The capture could not be opened: ${messageOf(error)}`));

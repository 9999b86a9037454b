/**
 * The editor's capture over a scheme of the app's own (issue #17's first paint): the page fetches
 * EDITOR_CAPTURE_URL as soon as its script runs, and decodes the response's Blob with createImageBitmap off its
 * thread, while it asks for the rest of its context over IPC. Before, the capture came inside that IPC answer as a
 * base64 data: URL, and the page decoded it only once the answer was there, through an <img>, about twice as slow.
 * Only the editor's own URL is answered, with what EditorFlow.capture gives (the file being edited, never cached);
 * remote content is refused by the session (secure-window.ts) and every other page's CSP has no connect-src.
 */
import { EDITOR_CAPTURE_SCHEME, EDITOR_CAPTURE_URL } from '../../../common/ipc-contract.ts';
import type { ElectronLike } from '../electron-like.ts';

/** Before the app is ready (Electron's rule): the scheme may be fetched, and is as secure as https. */
export function registerCaptureScheme(protocol: ElectronLike['protocol']): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: EDITOR_CAPTURE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Once ready: answers EDITOR_CAPTURE_URL with `capture()`, anything else 404. Returns the undo. */
export function serveCapture(protocol: ElectronLike['protocol'], capture: () => Promise<Response>): () => void {
  const own = new URL(EDITOR_CAPTURE_URL);
  protocol.handle(EDITOR_CAPTURE_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.host !== own.host || url.pathname !== own.pathname)
      return new Response('not found', { status: 404 });
    return capture();
  });
  return () => protocol.unhandle(EDITOR_CAPTURE_SCHEME);
}

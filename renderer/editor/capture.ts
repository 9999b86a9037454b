/**
 * The capture, fetched from where main's window query says (main/app/windows/capture-protocol.ts) and decoded all
 * the way to pixels off the page's thread: createImageBitmap of the Blob took about half the time of an <img>
 * decode() followed by createImageBitmap of the <img> (bench/capture/editor.ts), and an ImageBitmap is drawn as
 * it is, never decoded again by the first drawImage.
 *
 * The fetch is started by the page's first script (capture-early.ts, before the stylesheets and the deferred
 * bundle) and handed to the bundle through `window.editorCapture`; the bundle starts it itself if that script did
 * not run, so the page stays correct without it.
 */
declare global {
  interface Window {
    /** The capture's decode, started by capture-early.ts. */
    editorCapture?: Promise<ImageBitmap>;
  }
}

async function decode(url: string | null): Promise<ImageBitmap> {
  if (!url) throw new Error('the editor was given no capture');
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error((await response.text()) || `${response.status} ${response.statusText}`);
  const image = await createImageBitmap(await response.blob());
  performance.mark('editor-capture-decoded'); // bench/capture/editor.ts reads the marks
  return image;
}

/** Starts the fetch and decode of the capture named by the page's query, once; the promise is kept on window. */
export function startCapture(): Promise<ImageBitmap> {
  if (!window.editorCapture) {
    const decoding = decode(new URLSearchParams(location.search).get('capture'));
    decoding.catch(() => undefined); // awaited by the bundle; its error is said there
    window.editorCapture = decoding;
  }
  return window.editorCapture;
}

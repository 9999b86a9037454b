/**
 * The editor's PNG encoder, off the page's thread (issue #17): the page hands over the flattened image as an
 * ImageBitmap (transferred, not copied) and gets back the PNG's bytes (transferred), so only ~0.6 MB crosses
 * Electron's IPC instead of 33 MB of RGBA. Started with the editor and kept warm; one message in, one out.
 * canvas.toBlob on the page's own thread waits for idle time (over 1 s on a busy page); a worker has no
 * rendering to wait for.
 */
interface Request {
  id: number;
  bitmap: ImageBitmap;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { id, bitmap } = event.data;
  void (async () => {
    try {
      // handed to the canvas as it is, not drawn: a 2D context's drawImage copied the 33 MB of a 4K image first
      // (~20 ms of the export's ~100 on an idle 2-core machine; the PNG is byte-identical)
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext('bitmaprenderer')!.transferFromImageBitmap(bitmap);
      const png = await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
      scope.postMessage({ id, png }, [png]);
    } catch (error) {
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []);
    }
  })();
};

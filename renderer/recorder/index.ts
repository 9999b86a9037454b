/**
 * The recorder page, in a hidden window (GNOME/KDE Wayland: main/capture/stream-recording.ts says why). It
 * asks for what to record, shares a screen through getDisplayMedia (the desktop's dialog picks which),
 * records it with MediaRecorder and sends the WebM to main in one-second chunks, in order. It stops when
 * main asks, or when the user stops sharing from the desktop's own indicator; either way the last chunk
 * goes first, then `recorderFinished`.
 */
import type { TraydropApi } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';

const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/** "cancelled" when the user declined or closed the share dialog, else a sentence. */
export function shareError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (name === 'NotFoundError') return 'there is no screen to share (is xdg-desktop-portal running?)';
  if (name === 'NotReadableError') return `the desktop would not share the screen (${messageOf(error)})`;
  return messageOf(error);
}

function setStatus(text: string): void {
  document.getElementById('status')!.textContent = text;
}

async function record(api: TraydropApi): Promise<void> {
  const request = await api.getRecorderRequest();
  if (!request) return;
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: request.fps }, audio: false });
  } catch (error) {
    setStatus('No screen is shared.');
    await api.recorderFinished(shareError(error));
    return;
  }
  const [track] = stream.getVideoTracks();
  const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: request.videoBitsPerSecond });
  let sending: Promise<void> = Promise.resolve();
  let failure: string | null = null;
  const stop = (): void => {
    if (recorder.state !== 'inactive') recorder.stop();
  };
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size === 0) return;
    sending = sending.then(async () => {
      if (failure) return;
      try {
        await api.recorderChunk(new Uint8Array(await event.data.arrayBuffer()));
      } catch (error) {
        failure = messageOf(error);
        stop();
      }
    });
  });
  recorder.addEventListener('stop', () => {
    for (const t of stream.getTracks()) t.stop();
    setStatus('Recording finished.');
    void sending.then(() => api.recorderFinished(failure));
  });
  track?.addEventListener('ended', stop); // "Stop sharing" in the desktop's indicator
  api.onRecorderStop(stop);
  recorder.start(1000);
  setStatus('Recording the shared screen.');
  await api.recorderStarted();
}

function main(): void {
  const api = traydrop();
  record(api).catch((error: unknown) => void api.recorderFinished(messageOf(error)).catch(() => undefined));
  document.body.dataset.ready = 'true';
}

main();

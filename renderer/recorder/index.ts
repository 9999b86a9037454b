/**
 * The recorder page, in a hidden window (GNOME/KDE Wayland: main/capture/stream-recording.ts says why). It
 * asks for what to record, shares a screen through getDisplayMedia (the desktop's dialog picks which),
 * records it with MediaRecorder and sends the WebM to main in one-second chunks, in order. It stops when
 * main asks, or when the user stops sharing from the desktop's own indicator; either way the last chunk
 * goes first, then `recorderFinished`.
 *
 * With `request.microphone` it also opens the default microphone (getUserMedia, once the screen is shared)
 * and records its sound with the screen (Opus in the WebM; main makes it AAC in the mp4). A microphone that
 * cannot be opened fails the recording with a sentence that says what to do: never a silent recording.
 */
import type { TraydropApi } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';

const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
/** With the microphone: Opus sound (plain video/webm is Opus in Chromium too). */
const TYPES_WITH_SOUND = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];

/**
 * The microphone for a voice-over:
 * - no echo cancellation: this page plays nothing, and Chromium cancels only the sound it plays itself, so
 *   there is no echo to remove, only a voice that it would clip when it guesses wrong;
 * - noise suppression: it is tuned for speech and takes out the steady fan and mains hum of a laptop's
 *   microphone, which a recording keeps for every viewer to hear;
 * - no automatic gain: Chromium's gain control turns the system's microphone volume up and down (and leaves
 *   it changed), and it pumps the background up in every pause; the level the user set in the desktop's
 *   sound settings is kept.
 */
export const MICROPHONE: MediaTrackConstraints = {
  echoCancellation: false,
  noiseSuppression: true,
  autoGainControl: false,
};

/** "cancelled" when the user declined or closed the share dialog, else a sentence. */
export function shareError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (name === 'NotFoundError') return 'there is no screen to share (is xdg-desktop-portal running?)';
  if (name === 'NotReadableError') return `the desktop would not share the screen (${messageOf(error)})`;
  return messageOf(error);
}

/** How to record without it (the words of main/capture/microphone.ts, which the other recorders use). */
const MICROPHONE_OFF = 'turn off "Record the microphone" in Settings (traydrop record: --no-microphone)';

/** Why the microphone could not be opened, and what to do: never "cancelled" (the user chose a screen). */
export function microphoneError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  const [reason, remedy] =
    name === 'NotAllowedError' || name === 'SecurityError'
      ? ['Traydrop may not use it', "allow Traydrop to use it in the desktop's privacy settings"]
      : name === 'NotFoundError' || name === 'OverconstrainedError'
        ? ['no microphone was found', 'connect one']
        : [messageOf(error) || 'it would not start', "check it in the desktop's sound settings"];
  return `the microphone could not be opened (${reason}): ${remedy}, or ${MICROPHONE_OFF}`;
}

function setStatus(text: string): void {
  document.getElementById('status')!.textContent = text;
}

async function record(api: TraydropApi): Promise<void> {
  const request = await api.getRecorderRequest();
  if (!request) return;
  let screen: MediaStream;
  try {
    screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: request.fps }, audio: false });
  } catch (error) {
    setStatus('No screen is shared.');
    await api.recorderFinished(shareError(error));
    return;
  }
  const [track] = screen.getVideoTracks();
  let stream = screen;
  if (request.microphone) {
    let microphone: MediaStream;
    try {
      microphone = await navigator.mediaDevices.getUserMedia({ audio: MICROPHONE, video: false });
      if (microphone.getAudioTracks().length === 0) throw new DOMException('no audio track', 'NotFoundError');
    } catch (error) {
      for (const t of screen.getTracks()) t.stop(); // the desktop's "sharing" indicator goes away
      setStatus('The microphone could not be opened.');
      await api.recorderFinished(microphoneError(error));
      return;
    }
    stream = new MediaStream([...screen.getVideoTracks(), ...microphone.getAudioTracks()]);
  }
  const types = request.microphone ? TYPES_WITH_SOUND : TYPES;
  const mimeType = types.find((type) => MediaRecorder.isTypeSupported(type));
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
    for (const t of stream.getTracks()) t.stop(); // the screen's, and the microphone's
    setStatus('Recording finished.');
    void sending.then(() => api.recorderFinished(failure));
  });
  track?.addEventListener('ended', stop); // "Stop sharing" in the desktop's indicator
  api.onRecorderStop(stop);
  recorder.start(1000);
  setStatus(request.microphone ? 'Recording the shared screen and the microphone.' : 'Recording the shared screen.');
  await api.recorderStarted();
}

function main(): void {
  const api = traydrop();
  record(api).catch((error: unknown) => void api.recorderFinished(messageOf(error)).catch(() => undefined));
  document.body.dataset.ready = 'true';
}

main();

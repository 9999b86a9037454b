/**
 * The recording HUD: a small always-on-top bar with the elapsed time, a microphone when the recording has
 * its sound, and a Stop button.
 */
import { messageOf, traydrop } from '../shared/api.ts';
import { $, announce } from '../shared/dom.ts';

const api = traydrop();
const hud = $('.hud');
const elapsed = $<HTMLTimeElement>('#elapsed');
const label = $('#label');
const mic = $('#mic');
const stop = $<HTMLButtonElement>('#stop');
const status = $('#status');

let startedAt: number | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

/** `m:ss`, or `h:mm:ss` past an hour. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function tick(): void {
  if (startedAt === null) return;
  const ms = Date.now() - startedAt;
  elapsed.textContent = formatElapsed(ms);
  elapsed.dateTime = `PT${Math.floor(ms / 1000)}S`;
}

function idle(text: string): void {
  clearInterval(timer);
  hud.dataset.state = 'idle';
  label.textContent = text;
  stop.disabled = true;
}

async function stopRecording(): Promise<void> {
  if (stop.disabled) return;
  stop.disabled = true;
  label.textContent = 'Stopping…';
  try {
    await api.stopRecording();
    idle('Saved');
    announce(status, 'Recording stopped', 'ok');
  } catch (error) {
    stop.disabled = false;
    label.textContent = 'Recording';
    announce(status, `Could not stop: ${messageOf(error)}`, 'error');
  }
}

stop.addEventListener('click', () => void stopRecording());
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    void stopRecording();
  }
});

async function load(): Promise<void> {
  const state = await api.getRecordingState();
  if (!state.recording || state.startedAt === null) {
    idle('Not recording');
  } else {
    startedAt = new Date(state.startedAt).getTime();
    hud.dataset.state = 'recording';
    mic.hidden = !state.microphone;
    tick();
    timer = setInterval(tick, 250);
    stop.focus();
  }
  document.body.dataset.ready = 'true';
}

void load();

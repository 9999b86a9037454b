/**
 * The microphone of a recording: finding the default one where ffmpeg needs a name (DirectShow on Windows), and
 * saying what to do when it cannot be opened. Linux (PulseAudio's `default` source, also PipeWire's) and macOS
 * (avfoundation's `default`) take "default" as it is.
 */
import { execFile } from 'node:child_process';

/** How to turn the sound off, for messages. */
export const MICROPHONE_OFF = 'turn off "Record the microphone" in Settings (traydrop record: --no-microphone)';

/**
 * The audio devices in `ffmpeg -list_devices true -f dshow -i dummy`'s output, in its order. ffmpeg ≥ 5 marks each
 * line `"Name" (audio)`; older builds list them under "DirectShow audio devices", each followed by an
 * `Alternative name` line, which is skipped.
 */
export function parseDshowAudioDevices(output: string): string[] {
  const devices: string[] = [];
  let section: 'video' | 'audio' | undefined;
  for (const line of output.split(/\r?\n/)) {
    if (/DirectShow video devices/i.test(line)) section = 'video';
    else if (/DirectShow audio devices/i.test(line)) section = 'audio';
    const named = /\]\s+"([^"]+)"(?:\s+\((audio|video|none)\))?\s*$/.exec(line);
    if (!named || /Alternative name/i.test(line)) continue;
    const kind = named[2] ?? section;
    if (kind === 'audio') devices.push(named[1]!);
  }
  return devices;
}

/** Windows: the first DirectShow audio device (Windows lists the default recording device first). */
export function defaultDshowMicrophone(ffmpeg: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    // ffmpeg lists the devices on stderr, then fails on the dummy input: the exit status means nothing here
    execFile(
      ffmpeg,
      ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'],
      { env, timeout: 15_000, windowsHide: true },
      (_error, _stdout, stderr) => {
        const [first] = parseDshowAudioDevices(String(stderr));
        if (first) resolve(first);
        else
          reject(
            new Error(`no microphone was found (DirectShow lists no audio device): connect one, or ${MICROPHONE_OFF}`),
          );
      },
    );
  });
}

/**
 * When a recorder with a microphone failed to start: what its output says about the sound, as a sentence that says
 * what to do; undefined when the failure is not the microphone's. ffmpeg names a failed input by what was given
 * to `-i` ("default: No such process" when no PulseAudio server answers); wf-recorder and avfoundation speak of
 * pulse or audio.
 */
export function microphoneProblem(output: string, microphone: string): string | undefined {
  const unknown = /Unknown input format:?\s*'?(pulse|dshow|avfoundation)/i.exec(output);
  if (unknown) {
    return `this ffmpeg cannot record sound (it has no ${unknown[1]} input): install ffmpeg from your system's packages, or ${MICROPHONE_OFF}`;
  }
  const lines = output.split(/\r?\n/).map((line) => line.trim());
  const failed = lines.find(
    (line) =>
      line.startsWith(`${microphone}: `) ||
      line.startsWith(`audio=${microphone}: `) ||
      /pa_context|failed to connect to pulse|audio device|Could not find audio/i.test(line),
  );
  if (!failed) return undefined;
  return `the microphone could not be opened (${failed}): check the system's sound input, or ${MICROPHONE_OFF}`;
}

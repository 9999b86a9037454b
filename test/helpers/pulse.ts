/**
 * A private PulseAudio server for tests: its own runtime folder and socket, a null sink for speakers and, as the
 * default source, a "microphone" that hears a 440 Hz tone. Clients reach it through PULSE_SERVER in `env`.
 *
 * The microphone is a pipe source fed in real time from this process, 50 ms ahead, like a sound card's: a
 * recorder opens it in well under 100 ms. (PulseAudio's own sine source and a null sink's monitor hand out
 * 2 s blocks, so a recorder waits 2 s for its first sound, which no real microphone does.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, met } from './requirements.ts';

export interface Pulse {
  /** PULSE_SERVER for the clients. */
  env: { PULSE_SERVER: string };
  stop(): Promise<void>;
}

export const hasPulseaudio = (): boolean => met(command('pulseaudio'));

export async function startPulse(): Promise<Pulse> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-pulse-'));
  const socket = path.join(dir, 'native');
  const fifo = path.join(dir, 'microphone.fifo');
  const child: ChildProcess = spawn(
    'pulseaudio',
    [
      '-n', // no default.pa: only the modules below
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--system=false',
      '-L',
      `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '-L',
      'module-null-sink sink_name=speakers',
      '-L',
      `module-pipe-source source_name=microphone file=${fifo} format=s16le rate=${RATE} channels=1`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir } },
  );
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (log = (log + text).slice(-4000)));
  const started = Date.now();
  while (!existsSync(socket) || !existsSync(fifo)) {
    if (child.exitCode !== null) throw new Error(`pulseaudio exited with ${child.exitCode}: ${log}`);
    if (Date.now() - started > 10_000) throw new Error(`pulseaudio did not start in 10 s: ${log}`);
    await sleep(50);
  }
  const tone = await feedTone(fifo);
  return {
    env: { PULSE_SERVER: `unix:${socket}` },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await tone.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const RATE = 48_000;

/** Writes a 440 Hz tone into the pipe source's FIFO as time passes, 50 ms ahead, every 10 ms. */
async function feedTone(fifo: string): Promise<{ stop(): Promise<void> }> {
  // PulseAudio holds the reading end open, but reads only while something records: non-blocking, so a full
  // pipe drops the tone (EAGAIN) instead of holding a thread-pool write forever
  const handle: FileHandle = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  const started = Date.now();
  let written = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000 + 0.05) * RATE) - written;
    if (due <= 0) return;
    const samples = Buffer.alloc(due * 2);
    for (let i = 0; i < due; i++) {
      samples.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * (written + i)) / RATE) * 12_000), i * 2);
    }
    written += due;
    writing = writing.then(() => handle.write(samples)).catch(() => undefined);
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      await writing;
      await handle.close();
    },
  };
}

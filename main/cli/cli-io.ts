/** Where the CLI writes: injectable so commands can be run in-process by tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars only then. */
  interactive: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** Exit codes are part of the command-line contract (README). */
export const EXIT = {
  ok: 0,
  /** At least one file failed; each failure was printed. */
  failed: 1,
  /** The command line itself was wrong. */
  usage: 2,
  /** Not logged in, or the server rejected the device token. */
  auth: 3,
  /** The server could not be reached. */
  unreachable: 4,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

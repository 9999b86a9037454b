/** Where the server CLI writes; injectable so tests run it in-process. */
export interface ServerIo {
  out(text: string): void;
  err(text: string): void;
}

export const processServerIo: ServerIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** A wrong command line: exit code 2 and the usage. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

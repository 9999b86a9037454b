/**
 * The watched folder's memory of what it has reported, so nothing is uploaded twice, across restarts too.
 * A JSON-lines file (`watch-ledger.jsonl` in the state dir), one line per reported file version:
 * {"path","size","mtimeMs","digest","reportedAt"}. Append-only and fsynced per line; a torn last line after a
 * crash is skipped on load. A version is (path, size, digest): mtime is stored but not compared, so `touch`
 * does not re-report, while new content at the same path does.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FileFacts } from './file-digest.ts';

export const LEDGER_FILE = 'watch-ledger.jsonl';

export interface Ledger {
  has(facts: FileFacts): boolean;
  /** Whether some reported version had this path and size: cheap, before reading a file (the digest decides). */
  mayHave(file: string, size: number): boolean;
  add(facts: FileFacts): Promise<void>;
  readonly size: number;
  close(): Promise<void>;
}

const keyOf = (f: Pick<FileFacts, 'path' | 'size' | 'digest'>): string => `${f.size}\0${f.digest}\0${f.path}`;

export async function openLedger(stateDir: string): Promise<Ledger> {
  await mkdir(stateDir, { recursive: true });
  const file = path.join(stateDir, LEDGER_FILE);
  const seen = new Set<string>();
  const pathSizes = new Set<string>();
  const remember = (facts: Pick<FileFacts, 'path' | 'size' | 'digest'>): void => {
    seen.add(keyOf(facts));
    pathSizes.add(`${facts.size}\0${facts.path}`);
  };
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as FileFacts;
      if (typeof entry.path === 'string' && typeof entry.digest === 'string') remember(entry);
    } catch {
      // a line torn by a crash: that file was not recorded, so it may be reported once more
    }
  }
  let handle: FileHandle | undefined = await open(file, 'a', 0o600);
  // A torn last line would swallow the next entry: start on a fresh line.
  if (text.length > 0 && !text.endsWith('\n')) await handle.write('\n');
  let writing: Promise<void> = Promise.resolve();
  return {
    has: (facts) => seen.has(keyOf(facts)),
    mayHave: (file, size) => pathSizes.has(`${size}\0${file}`),
    get size() {
      return seen.size;
    },
    add(facts) {
      remember(facts);
      const line = JSON.stringify({ ...facts, reportedAt: new Date().toISOString() }) + '\n';
      writing = writing
        .catch(() => undefined)
        .then(async () => {
          if (!handle) throw new Error('the watch ledger is closed');
          await handle.write(line);
          await handle.datasync();
        });
      return writing;
    },
    async close() {
      await writing.catch(() => undefined);
      await handle?.close();
      handle = undefined;
    },
  };
}

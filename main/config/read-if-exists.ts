import { readFile } from 'node:fs/promises';

/** A text file's contents, or undefined when it does not exist (any other error is thrown). */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * `traydrop <command> --help`: the lines of the full usage (main.ts HELP) that describe one command, so the
 * usage is written once and a command's help cannot drift from it.
 */

/** --help or -h anywhere before `--` (after it, a file may be called --help). */
export function asksForHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * The entries of `help` for `command` (every `  traydrop <command> …` line and the indented lines under it),
 * or undefined when the usage lists no such command.
 */
export function commandHelp(help: string, command: string): string | undefined {
  const picked: string[] = [];
  let inside = false;
  for (const line of help.split('\n')) {
    const entry = /^ {2}traydrop (\S+)/.exec(line);
    if (entry) inside = entry[1] === command;
    else if (!/^ {4,}\S/.test(line)) inside = false; // a blank line or prose ends the entry
    if (inside) picked.push(line);
  }
  if (picked.length === 0) return undefined;
  return `Usage:\n${picked.join('\n')}\n\nExit codes and the environment: traydrop --help\n`;
}

/**
 * Every command a CLI's top-level usage lists must answer `--help` (exit 0, its usage on stdout): the commands
 * are read from that usage, so a new command is checked without touching a test.
 */
import assert from 'node:assert/strict';

export type CliName = 'traydrop' | 'traydrop-server';

export interface HelpRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `  traydrop queue run [--wait]   …` → ['queue', 'run']; `  notifications show|remove [--topic t]` (the server's
 * usage lists commands without the program name) → ['notifications', 'show'] and ['notifications', 'remove'].
 */
export function listedCommands(usage: string, cli: CliName): string[][] {
  const entry = cli === 'traydrop' ? /^ {2}traydrop ([a-z].*)$/ : /^ {2}([a-z].*)$/;
  const commands: string[][] = [];
  for (const line of usage.split('\n')) {
    const match = entry.exec(line);
    if (!match) continue;
    const words: string[] = [];
    // the synopsis ends at the gap before the description; the command at its first <arg>, [option] or --flag
    for (const word of match[1]!.split(/ {2,}/)[0]!.split(' ')) {
      if (!/^[a-z|]+$/.test(word)) break;
      words.push(word);
    }
    const last = words.pop();
    if (last === undefined) continue;
    for (const alternative of last.split('|')) commands.push([...words, alternative]);
  }
  return commands;
}

/** Runs `<command…> --help` for every listed command (and -h for the first) and checks the answer names it. */
export async function assertEveryCommandHelps(
  cli: CliName,
  run: (args: string[]) => Promise<HelpRun>,
): Promise<string[][]> {
  const top = await run(['--help']);
  assert.equal(top.code, 0, top.stderr);
  const commands = listedCommands(top.stdout, cli);
  assert.ok(commands.length >= 5, `commands read from the usage:\n${top.stdout}`);
  for (const [index, words] of commands.entries()) {
    for (const flag of index === 0 ? ['--help', '-h'] : ['--help']) {
      const result = await run([...words, flag]);
      const shown = `${cli} ${words.join(' ')} ${flag}`;
      assert.equal(result.code, 0, `${shown}: ${result.stderr}`);
      const lines = result.stdout.split('\n').filter((line) => line.trimStart().startsWith(`${cli} ${words[0]}`));
      assert.ok(
        lines.some((line) => words.every((word) => line.includes(word))),
        `${shown} prints a usage line naming the command:\n${result.stdout}`,
      );
    }
  }
  return commands;
}

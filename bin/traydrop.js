#!/usr/bin/env node
// The `traydrop` command. Needs Node >= 22.18 (it runs the TypeScript sources directly, or their bundle:
// see pick-cli.js).
import { pickCli } from './pick-cli.js';

// node:sqlite (the upload queue's journal) prints an ExperimentalWarning on every start; keep that
// one line out of users' terminals and scripts' stderr, and let every other warning through.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) =>
  String(warning).includes('SQLite is an experimental feature') ? undefined : emitWarning(warning, ...rest);

const cli = pickCli();
const { runCli } = await import(cli.url.href);

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // first Ctrl-C cancels cleanly (in-flight parts stop, the multipart upload is aborted); the second quits
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\ntraydrop: cancelling… (Ctrl-C again to quit at once)\n');
  controller.abort();
});
process.exitCode = await runCli(process.argv.slice(2), { signal: controller.signal, build: cli.kind });

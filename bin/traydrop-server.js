#!/usr/bin/env node
// The server's command line: see server/cli.ts. Node 22.18+ runs the TypeScript directly.

// node:sqlite is stable enough for us but still prints an ExperimentalWarning on every start; keep
// that one line out of admins' terminals and logs, and let every other warning through.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) =>
  String(warning).includes('SQLite is an experimental feature') ? undefined : emitWarning(warning, ...rest);

const { runServerCli } = await import('../server/cli.ts');
process.exitCode = await runServerCli(process.argv.slice(2), process.env);

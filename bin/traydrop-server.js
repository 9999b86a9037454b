#!/usr/bin/env node
// The server's command line: see server/cli.ts. Needs Node >= 22.18: it runs the bundle `npm run build` wrote
// (dist/server/cli.js, what the npm package ships) or, in a checkout after an edit, the TypeScript sources
// (see pick-cli.js).
import { pickServerCli } from './pick-cli.js';

// node:sqlite is stable enough for us but still prints an ExperimentalWarning on every start; keep
// that one line out of admins' terminals and logs, and let every other warning through.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) =>
  String(warning).includes('SQLite is an experimental feature') ? undefined : emitWarning(warning, ...rest);

const { runServerCli } = await import(pickServerCli().url.href);
process.exitCode = await runServerCli(process.argv.slice(2), process.env);

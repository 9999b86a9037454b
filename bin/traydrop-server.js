#!/usr/bin/env node
// The server's command line: see server/cli.ts. Node 22.18+ runs the TypeScript directly.
import { runServerCli } from '../server/cli.ts';

process.exitCode = await runServerCli(process.argv.slice(2), process.env);

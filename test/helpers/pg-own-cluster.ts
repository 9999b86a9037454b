/**
 * A PostgreSQL cluster of one test's own (scripts/pg-start.sh with a folder and a port of its own), for a test that
 * stops and starts its database: the shared test cluster of test/helpers/pg.ts must stay up for everybody else. The
 * database is stopped by scripts/pg-stop.sh (by the pid it recorded) and started again on the same data and port
 * with PG_RESTART=1.
 *
 *   const pg = await startOwnPg();      // pg.url: DATABASE_URL of its traydrop_test database
 *   await pg.stop(); await pg.restart();
 *   await pg.wipe();                    // stops it and deletes its folder
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../integration/queue-fixtures.ts';

const run = promisify(execFile);
const script = (name: string): string => fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));

export interface OwnPg {
  url: string;
  dir: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
  wipe(): Promise<void>;
}

export async function startOwnPg(): Promise<OwnPg> {
  // straight under /tmp: the postgres user must be able to reach it (a mkdtemp folder is root's only)
  const dir = `/tmp/traydrop-pg-own-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = { ...process.env, PG_DIR: dir, PG_PORT: String(port) };
  const { stdout } = await run('bash', [script('pg-start.sh')], { env });
  const url = /^DATABASE_URL=(\S+)$/m.exec(stdout)?.[1];
  if (!url) throw new Error(`pg-start.sh printed no DATABASE_URL:\n${stdout}`);
  return {
    url,
    dir,
    port,
    stop: async () => void (await run('bash', [script('pg-stop.sh')], { env })),
    restart: async () => void (await run('bash', [script('pg-start.sh')], { env: { ...env, PG_RESTART: '1' } })),
    async wipe() {
      await run('bash', [script('pg-stop.sh')], { env: { ...env, PG_WIPE: '1' } });
      rmSync(`${dir}.lock`, { force: true });
    },
  };
}

/**
 * A fresh PostgreSQL database holding one link, opened twice: directly (what the test reads the truth with) and through
 * a TCP fault proxy the test takes down, up, or makes lose chosen packets (what the code under test uses). The outage
 * tests (database-*-outage, database-stats-in-doubt) start from this.
 *
 *   const pg = await pgThroughFaultProxy({ shareId: 'abc', bytes: 100 });   // pg.direct, pg.viaProxy, pg.proxy
 *   after(() => pg.close());
 */
import { connectDatabase, type Database, openDatabase } from '../../server/db/open-database.ts';
import { insertUpload } from '../../server/db/uploads.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { freshPgDatabase } from './pg.ts';

export interface PgThroughFaultProxy {
  direct: Database;
  viaProxy: Database;
  proxy: FaultProxy;
  close(): Promise<void>;
}

export async function pgThroughFaultProxy(link: { shareId: string; bytes: number }): Promise<PgThroughFaultProxy> {
  const pg = await freshPgDatabase();
  const direct = await openDatabase({ url: pg.url, path: '' });
  await insertUpload(direct, {
    shareId: link.shareId,
    key: `users/u/${link.shareId}/a.bin`,
    userId: 'u',
    name: 'a.bin',
    bytes: link.bytes,
    contentType: 'application/octet-stream',
    expire: '7d',
    uploadedAt: '2026-12-01T00:00:00.000Z',
    expiresAt: null,
    uploadId: null,
  });
  const url = new URL(pg.url);
  const proxy = await startFaultProxy({ host: url.hostname, port: Number(url.port) });
  url.port = String(proxy.port);
  const viaProxy = connectDatabase({ url: url.toString(), path: '' });
  return {
    direct,
    viaProxy,
    proxy,
    async close() {
      await viaProxy.destroy();
      await proxy.close();
      await direct.destroy();
      await pg.drop();
    },
  };
}

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { uploadFile } from '../../main/upload/upload-file.ts';
import { statusOf } from '../../main/upload/upload-error.ts';
import { MiB, cleanUp, engineSetup, randomFile, rgwEnv, sha256OfObject, tempDir } from './engine-fixtures.ts';

const temp = tempDir();
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  temp.remove();
});

function setStsMinDuration(seconds: number): void {
  const env = rgwEnv();
  execFileSync('ceph', ['--admin-daemon', env.asok, 'config', 'set', 'rgw_sts_min_session_duration', String(seconds)]);
}

for (const kind of ['single', 'multipart'] as const) {
  test(`credentials RGW refuses (403) are replaced once and the ${kind} upload succeeds`, async () => {
    const { broker, plan } = engineSetup();
    cleanups.push(() => cleanUp(broker));
    let fetches = 0;
    const credentials = new CredentialProvider({
      fetch: async (): Promise<CredentialsResponse> => {
        const real = await broker.credentials();
        // The first set looks valid for an hour but RGW rejects it (as it does expired STS keys).
        return ++fetches === 1 ? { ...real, secretAccessKey: 'garbage'.repeat(6) } : real;
      },
    });
    const path = join(temp.dir, `${kind}.bin`);
    const sha = await randomFile(path, kind === 'single' ? 1000 : 11 * MiB);
    const share = plan(path);
    await uploadFile({
      path,
      key: share.key,
      contentType: share.contentType,
      expire: share.expire,
      credentials,
      broker,
      partSize: 5 * MiB,
      concurrency: 3,
    });
    assert.equal(fetches, 2, 'all parts shared one refresh');
    assert.equal(await sha256OfObject(broker, share.key), sha);
  });
}

// 25 MiB in 5 MiB parts at 1.25 MiB/s: a part starts every 4 s for 20 s; credentials last 10 s.
const variants = [
  { label: 'refreshed ahead of expiry', skewMs: 0, margin: undefined },
  // The client's clock 8 s behind RGW's: it keeps using credentials RGW already refuses (403 → refresh). 8 s is
  // twice a part's time, so a part starts in that window even on a machine that adds to each part's 4 s.
  { label: 'refused by RGW (403), then replaced', skewMs: 8000, margin: 0 },
];

for (const { label, skewMs, margin } of variants) {
  test(`credentials that expire several times mid-upload are ${label}; the object is intact`, async (t) => {
    setStsMinDuration(10);
    try {
      const { broker, credentials, plan, fetches } = engineSetup(
        { durationSeconds: 10 },
        { maxRefreshMarginMs: margin, now: () => Date.now() - skewMs },
      );
      cleanups.push(() => cleanUp(broker));
      const path = join(temp.dir, `slow-${skewMs}.bin`);
      const sha = await randomFile(path, 25 * MiB);
      const share = plan(path);
      let denied = 0;
      const started = performance.now();
      await uploadFile({
        path,
        key: share.key,
        contentType: share.contentType,
        expire: share.expire,
        credentials,
        broker,
        partSize: 5 * MiB,
        concurrency: 1,
        maxBytesPerSecond: 1.25 * MiB,
        onRetry: ({ error }) => void (statusOf(error) === 403 && denied++),
      });
      const seconds = (performance.now() - started) / 1000;
      t.diagnostic(
        `25 MiB at 1.25 MiB/s, 10 s credentials: ${seconds.toFixed(1)} s, ${fetches()} fetches, ${denied} × 403`,
      );
      assert.ok(fetches() >= (skewMs ? 2 : 3), `credentials were fetched ${fetches()} times`);
      if (skewMs) assert.ok(denied >= 1, 'expired credentials were refused and replaced');
      else assert.equal(denied, 0, 'refreshed before RGW refused them');
      assert.equal(await sha256OfObject(broker, share.key), sha);
    } finally {
      setStsMinDuration(900);
    }
  });
}

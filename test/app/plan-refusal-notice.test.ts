/**
 * A file the account's plan refuses: the app's notification says what the CLI says, in the core's words
 * (main/queue/plan-refusal.ts turns the server's 413 into the job's error), naming the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JobView } from '../../common/ipc-contract.ts';
import { BrokerError } from '../../main/credentials/broker-error.ts';
import { planRefusalOf } from '../../main/queue/plan-refusal.ts';
import { startFixture } from './app-fixture.ts';

test('over the storage limit: a notification with the same words as the CLI', async () => {
  const fx = await startFixture();
  try {
    const file = path.join(fx.captures, '..', 'big.iso');
    await writeFile(file, 'x');
    const [view] = (await fx.invoke('shareFiles', [[file]], { url: fx.pageUrl('drop') })) as JobView[];
    const answer = { error: 'quota_exceeded', limit: 10e9, used: 9.8e9, needed: 4.2e9 };
    const refusal = planRefusalOf(new BrokerError(413, 'quota_exceeded', 'from the server', { body: answer }));
    assert.ok(refusal);
    // as the runner settles the job after the refused reservation
    const job = fx.app.queue.journal.update(view!.id, { state: 'failed', error: refusal.message })!;
    fx.runnerEvents().emit('job', job);
    const notice = fx.fake.notifications.find((n) => n.title === 'Traydrop: big.iso was not uploaded');
    assert.ok(notice, 'one notification for the file');
    assert.equal(
      notice.body,
      "over your storage limit (9.8 GB of 10 GB used; this file needs 4.2 GB). Delete links to make room, or ask the server's admin.",
    );
  } finally {
    await fx.close();
  }
});

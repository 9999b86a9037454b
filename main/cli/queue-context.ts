/** What the queue commands share: the paired session, and the queue opened through openQueue() for its server. */
import type { ClientConfigStore } from '../config/client-config.ts';
import type { JobDeps } from '../queue/job-deps.ts';
import type { Journal } from '../queue/journal.ts';
import { openQueue } from '../queue/open-queue.ts';
import type { LinkOwner } from '../queue/pairing.ts';
import type { QueuedBytes } from '../queue/queued-bytes.ts';
import type { QueueRunner, QueueRunnerOptions } from '../queue/runner.ts';
import { engineFromEnv } from './engine-env.ts';
import { openSession, type Session } from './session.ts';

export interface QueueContext {
  session: Session;
  journal: Journal;
  /** Small files' bytes read by `enqueue`, for this context's runners (pass it in the enqueue context). */
  queuedBytes: QueuedBytes;
  /** For cancel/retry outside a runner. */
  deps: JobDeps;
  runner(options: Pick<QueueRunnerOptions, 'only' | 'once'> & { maxBytesPerSecond?: number }): QueueRunner;
  /** The user id and share domain saved by `login` (asks the server only when an old config lacks them). */
  pairing(): Promise<LinkOwner>;
  close(): void;
}

export async function openQueueContext(store: ClientConfigStore, env: NodeJS.ProcessEnv): Promise<QueueContext> {
  const engine = engineFromEnv(env); // a bad variable is a usage error before anything is opened
  const session = await openSession(store);
  const queue = openQueue(store.dir, { engine });
  return {
    session,
    journal: queue.journal,
    queuedBytes: queue.queuedBytes,
    deps: queue.jobDeps(session),
    runner: ({ maxBytesPerSecond, ...options }) => queue.runner(session, { ...options, engine: { maxBytesPerSecond } }),
    async pairing() {
      const { userId, shareBaseUrl } = session.config;
      if (userId && shareBaseUrl) return { userId, shareBaseUrl };
      const fresh = await session.credentials.get();
      return { userId: fresh.userId, shareBaseUrl: fresh.shareBaseUrl };
    },
    close: () => queue.close(),
  };
}

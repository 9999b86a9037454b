/** What the queue commands share: the paired session, the journal and the engine settings. */
import type { ClientConfigStore } from '../config/client-config.ts';
import type { Pairing } from '../queue/enqueue.ts';
import { Emitter, type QueueEvents } from '../queue/events.ts';
import type { JobDeps } from '../queue/job-deps.ts';
import { Journal } from '../queue/journal.ts';
import { newOwnerId } from '../queue/lease.ts';
import { QueuedBytes } from '../queue/queued-bytes.ts';
import { QueueRunner, type QueueRunnerOptions } from '../queue/runner.ts';
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
  pairing(): Promise<Pairing>;
  close(): void;
}

export async function openQueueContext(store: ClientConfigStore, env: NodeJS.ProcessEnv): Promise<QueueContext> {
  const engine = engineFromEnv(env);
  const session = await openSession(store);
  const journal = Journal.open(store.dir);
  const { broker, credentials } = session;
  const queuedBytes = new QueuedBytes();
  const deps: JobDeps = {
    journal,
    broker,
    credentials,
    ownerId: newOwnerId(),
    events: new Emitter<QueueEvents>(),
    engine,
    now: Date.now,
    random: Math.random,
  };
  return {
    session,
    journal,
    queuedBytes,
    deps,
    runner: ({ maxBytesPerSecond, ...options }) =>
      new QueueRunner({
        journal,
        broker,
        credentials,
        engine: { ...engine, maxBytesPerSecond },
        queuedBytes,
        ...options,
      }),
    async pairing() {
      const { userId, shareBaseUrl } = session.config;
      if (userId && shareBaseUrl) return { userId, shareBaseUrl };
      const fresh = await credentials.get();
      return { userId: fresh.userId, shareBaseUrl: fresh.shareBaseUrl };
    },
    close: () => journal.close(),
  };
}

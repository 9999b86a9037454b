/**
 * The one door into the queue, for the app (QueueService) and the CLI (queue-context.ts) alike: the journal
 * (queue.db in the config folder), the small files' bytes this process keeps for its runners, runners for a
 * server, and the per-job dependencies that cancel and retry need outside a runner. Built here once, so the two
 * cannot drift apart (the CLI used to build its own copy of the runner's job dependencies).
 */
import type { ExpiryRules } from '../../common/expiry-rules.ts';
import { BrokerClient } from '../credentials/broker-client.ts';
import { CredentialProvider } from '../credentials/credential-provider.ts';
import { enqueue, type EnqueueRequest } from './enqueue.ts';
import { enqueueReplace, type ReplaceRequest } from './enqueue-replace.ts';
import { Emitter, type QueueEvents } from './events.ts';
import type { Job } from './job.ts';
import type { EngineOptions, JobDeps } from './job-deps.ts';
import { Journal } from './journal.ts';
import { newOwnerId } from './lease.ts';
import type { LinkOwner, Pairing } from './pairing.ts';
import type { QueueBroker } from './queue-broker.ts';
import { QueuedBytes } from './queued-bytes.ts';
import { QueueRunner } from './runner.ts';
import { jobDeps, type QueueRunnerOptions } from './runner-options.ts';

/** The server a queue uploads to: the broker and the credentials it hands out. */
export interface QueueServer {
  broker: QueueBroker;
  credentials: CredentialProvider;
}

/** How one runner differs from the queue's defaults (its jobs, once or forever, events, a bandwidth limit…). */
export type RunnerChoice = Omit<QueueRunnerOptions, 'journal' | 'broker' | 'credentials' | 'queuedBytes'>;

export interface OpenQueueOptions {
  /** Engine settings for every runner (the CLI's TRAYDROP_PART_SIZE / TRAYDROP_CONCURRENCY). */
  engine?: EngineOptions;
}

export interface OpenedQueue {
  readonly journal: Journal;
  /** Small files' bytes read when queued, for this process's runners (queued-bytes.ts). */
  readonly queuedBytes: QueuedBytes;
  /** Puts a file in the queue: its link is known at once, for `pairing`'s user and share domain. */
  enqueue(request: EnqueueRequest, context: { pairing: LinkOwner; rules: ExpiryRules }): Promise<Job>;
  /** Puts a replacement of an existing link's bytes in the queue (enqueue-replace.ts): the link stays the same. */
  enqueueReplace(request: ReplaceRequest, context: { pairing: LinkOwner }): Promise<Job>;
  /** A runner uploading to `server`; the choice's engine settings go over the queue's. */
  runner(server: QueueServer, choice?: RunnerChoice): QueueRunner;
  /** What cancelling or retrying a job needs outside a runner, as a holder of its own. */
  jobDeps(server: QueueServer): JobDeps;
  close(): void;
}

/** Opens (creating if need be) the queue in the config folder `dir`. */
export function openQueue(dir: string, options: OpenQueueOptions = {}): OpenedQueue {
  const journal = Journal.open(dir);
  const queuedBytes = new QueuedBytes();
  const engine = options.engine ?? {};
  const runnerOptions = (server: QueueServer, choice: RunnerChoice = {}): QueueRunnerOptions => ({
    ...choice,
    journal,
    broker: server.broker,
    credentials: server.credentials,
    queuedBytes,
    engine: { ...engine, ...choice.engine },
  });
  return {
    journal,
    queuedBytes,
    enqueue: (request, { pairing, rules }) => enqueue({ journal, queuedBytes, pairing, rules }, request),
    enqueueReplace: (request, { pairing }) => enqueueReplace({ journal, queuedBytes, pairing }, request),
    runner: (server, choice) => new QueueRunner(runnerOptions(server, choice)),
    jobDeps: (server) => jobDeps(runnerOptions(server), newOwnerId(), new Emitter<QueueEvents>()),
    close: () => journal.close(),
  };
}

/** The server a pairing names, reached with its device token. */
export function serverOf(pairing: Pick<Pairing, 'serverUrl' | 'token'>): QueueServer {
  const broker = new BrokerClient({ serverUrl: pairing.serverUrl, token: pairing.token });
  return { broker, credentials: new CredentialProvider({ fetch: () => broker.credentials() }) };
}

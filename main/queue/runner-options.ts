/** How a QueueRunner is set up, and the per-job dependencies it hands to each job. */
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import type { Emitter, QueueEvents } from './events.ts';
import type { EngineOptions, JobDeps } from './job-deps.ts';
import type { Journal } from './journal.ts';
import type { QueueBroker } from './queue-broker.ts';
import type { QueuedBytes } from './queued-bytes.ts';

export interface QueueRunnerOptions {
  journal: Journal;
  broker: QueueBroker;
  credentials: CredentialProvider;
  /** Jobs uploading at once. Default 2. */
  concurrency?: number;
  engine?: EngineOptions;
  /** Only these jobs (default: all). */
  only?: Iterable<string>;
  /** Try each job once and leave those waiting for the network (default: retry them forever). */
  once?: boolean;
  events?: Emitter<QueueEvents>;
  now?: () => number;
  random?: () => number;
  /** How often the journal is looked at. Default 500 ms. */
  pollMs?: number;
  leaseMs?: number;
  /**
   * Is the way to the server and the storage open? Asked while jobs wait for the network. Default: the
   * server's /v1/health and a TCP connect to the storage endpoint (network-probe.ts).
   */
  reconnectProbe?: () => Promise<boolean>;
  /** How often it is asked. Default 2 s. */
  reconnectProbeMs?: number;
  /** The bytes `enqueue` read from small files in this process (the same object as its context's). */
  queuedBytes?: QueuedBytes;
}

export function jobDeps(options: QueueRunnerOptions, ownerId: string, events: Emitter<QueueEvents>): JobDeps {
  return {
    journal: options.journal,
    broker: options.broker,
    credentials: options.credentials,
    ownerId,
    events,
    engine: options.engine ?? {},
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    queuedBytes: options.queuedBytes,
  };
}

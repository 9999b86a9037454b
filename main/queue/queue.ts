/**
 * The durable upload queue's public surface, for the CLI and the desktop app:
 *
 *   const journal = Journal.open(configDir());
 *   const job = await enqueue({ journal, pairing, rules }, { path, kind: 'screenshot', removeSourceAfterUpload: true });
 *   copy(job.url);                                   // the early link, before any byte is sent
 *   const runner = new QueueRunner({ journal, broker, credentials });
 *   runner.events.on('job', render); runner.events.on('progress', bar); runner.events.on('signedOut', prompt);
 *   void runner.run();                               // resolves when idle; run() again after enqueueing more
 *   runner.nudge();                                  // the network is back: retry waiting jobs now
 *   await runner.cancel(job.id); await runner.retry(job.id); runner.resume(); await runner.stop();
 */
export { enqueue, type EnqueueContext, type EnqueueRequest, type Pairing } from './enqueue.ts';
export { Emitter, type QueueEvents } from './events.ts';
export { FINISHED_STATES, UNFINISHED_STATES, type Job, type JobState } from './job.ts';
export { cancelJob, retryJob, type CancelResult } from './job-actions.ts';
export type { EngineOptions } from './job-deps.ts';
export { Journal, JOURNAL_FILE } from './journal.ts';
export type { QueueBroker } from './queue-broker.ts';
export { QueueRunner, type QueueRunnerOptions } from './runner.ts';

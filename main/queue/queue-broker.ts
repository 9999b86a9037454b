/** The server calls the queue needs: the engine's, plus early-link reservations. */
import type { UploadReleaseRequest, UploadReserveRequest, UploadReserveResponse } from '../../common/broker-api.ts';
import { BrokerError } from '../credentials/broker-error.ts';
import type { UploadBroker } from '../upload/upload-file.ts';
import type { Job } from './job.ts';

export interface QueueBroker extends UploadBroker {
  reserveUpload?(request: UploadReserveRequest): Promise<UploadReserveResponse>;
  releaseUpload?(request: UploadReleaseRequest): Promise<void>;
}

/**
 * Announces the job's link so it answers "uploading…" until the upload is recorded. A server
 * without early links (404) or one that refuses this reservation does not stop the upload; being
 * offline or signed out does (the error is thrown, the upload would fail the same way).
 */
export async function reserveLink(broker: QueueBroker, job: Job): Promise<void> {
  if (!broker.reserveUpload) return;
  const { key, expire, contentType } = job;
  try {
    await broker.reserveUpload({ key, expire, contentType, bytes: job.fingerprint.size });
  } catch (error) {
    if (error instanceof BrokerError && (error.status === 0 || error.status === 401 || error.status >= 500))
      throw error;
  }
}

/** Withdraws the early link of a job that will not be uploaded. Best effort. */
export async function releaseLink(broker: QueueBroker, job: Job): Promise<void> {
  await broker.releaseUpload?.({ key: job.key }).catch(() => undefined);
}

/** The server calls the queue needs: the engine's, plus early-link reservations. */
import type { UploadReleaseRequest, UploadReserveRequest, UploadReserveResponse } from '../../common/broker-api.ts';
import type { ReplaceBroker } from '../share/replace-upload.ts';
import type { UploadBroker } from '../upload/upload-file.ts';
import type { Job } from './job.ts';
import { planRefusalOf, type PlanRefused } from './plan-refusal.ts';

export interface QueueBroker extends UploadBroker, Partial<ReplaceBroker> {
  reserveUpload?(request: UploadReserveRequest): Promise<UploadReserveResponse>;
  releaseUpload?(request: UploadReleaseRequest): Promise<void>;
  /** Server up and storage reachable (BrokerClient.healthy); asked while jobs wait for the network. */
  healthy?(): Promise<boolean>;
}

/**
 * Announces the job's link so it answers "uploading…" until the upload is in S3. True once the server
 * holds the reservation; false when it could not be made (no early links on this server, offline): the
 * upload goes on, and its link works from the record on. The user's plan refusing the file (413) is the one
 * answer that stops the upload: it comes back as a PlanRefused, never thrown.
 */
export async function reserveLink(broker: QueueBroker, job: Job): Promise<boolean | PlanRefused> {
  if (!broker.reserveUpload || job.replaces) return false; // a replacement's link is live already
  const { key, expire, contentType } = job;
  try {
    await broker.reserveUpload({ key, expire, contentType, bytes: job.fingerprint.size });
    return true;
  } catch (error) {
    return planRefusalOf(error) ?? false;
  }
}

/** Withdraws the early link of a job that will not be uploaded. Best effort. */
export async function releaseLink(broker: QueueBroker, job: Job): Promise<void> {
  if (job.replaces) return; // the link stays, serving what it served
  await broker.releaseUpload?.({ key: job.key }).catch(() => undefined);
}

/**
 * One upload job as the queue journals it: everything needed to finish (or undo) the upload after
 * a crash, a restart or a long time offline.
 */
import type { CompletedPart, UploadRecord } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import type { UploadKind } from '../../common/expiry-rules.ts';
import type { JobState } from '../../common/ipc-contract.ts';
import type { Fingerprint } from './fingerprint.ts';

export const UNFINISHED_STATES: readonly JobState[] = ['queued', 'uploading', 'waiting_network', 'signed_out'];
export const FINISHED_STATES: readonly JobState[] = ['failed', 'done', 'cancelled'];

export interface JobOwner {
  pid: number;
  /** Tells runners apart (two may share a pid, the app's and a test's). */
  id: string;
  /** Epoch ms after which others may take the job even if the pid seems alive. */
  leaseUntil: number;
}

export interface Job {
  /** 8 characters, easy to type: `traydrop queue cancel k3m9x2qa`. */
  id: string;
  /** Absolute path of the file to upload. */
  source: string;
  kind: UploadKind;
  fingerprint: Fingerprint;
  key: string;
  shareId: string;
  url: string;
  contentType: string;
  expire: Expiry;
  /** Part size the multipart upload was planned with (resume must plan the same parts). */
  partSize: number | null;
  uploadId: string | null;
  parts: CompletedPart[];
  state: JobState;
  /** Human words: why it failed or why it is waiting. */
  error: string | null;
  attempts: number;
  /** Epoch ms; a waiting job is not tried again before this. */
  nextAttemptAt: number;
  progressBytes: number;
  owner: JobOwner | null;
  cancelRequested: boolean;
  createdAt: number;
  updatedAt: number;
  record: UploadRecord | null;
  /** Capture files the app wrote itself: deleted once the server has the upload. Never the user's own files. */
  removeSourceAfterUpload: boolean;
  /** A file Traydrop wrote (a capture, clipboard text): retention `{days}` may delete it. Never the user's own. */
  appWritten: boolean;
  /**
   * True: this job replaces what the existing link `shareId` (`key`, `url`) serves with the file, under the same
   * link (main/share/replace-upload.ts); no early link is reserved or released. Absent or false: a new link.
   */
  replaces?: boolean;
}

/** What may change on a job after it is created. */
export type JobPatch = Partial<
  Pick<
    Job,
    | 'fingerprint'
    | 'partSize'
    | 'uploadId'
    | 'state'
    | 'error'
    | 'attempts'
    | 'nextAttemptAt'
    | 'progressBytes'
    | 'owner'
    | 'cancelRequested'
    | 'record'
  >
>;

export type NewJob = Omit<
  Job,
  | 'parts'
  | 'state'
  | 'error'
  | 'attempts'
  | 'nextAttemptAt'
  | 'progressBytes'
  | 'owner'
  | 'cancelRequested'
  | 'createdAt'
  | 'updatedAt'
  | 'record'
  | 'partSize'
  | 'uploadId'
>;

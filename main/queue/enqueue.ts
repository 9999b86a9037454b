/**
 * Putting a file in the queue: check it, plan its share (so the link is known at once, the early
 * URL) and journal the job, before any byte is sent or the server is even asked. Works offline:
 * the user id and share domain come from the pairing `traydrop login` saved. The server's list of
 * allowed expiry values is checked when the job runs (credentials bring it).
 */
import { EXPIRY_VALUES, type Expiry } from '../../common/expiry.ts';
import type { ExpiryRules, UploadKind } from '../../common/expiry-rules.ts';
import { planShare } from '../share/plan-share.ts';
import type { Job } from './job.ts';
import { newJobId } from './job-id.ts';
import type { Journal } from './journal.ts';
import type { LinkOwner } from './pairing.ts';
import type { QueuedBytes } from './queued-bytes.ts';
import { admitSource } from './source-guard.ts';

export interface EnqueueRequest {
  path: string;
  kind: UploadKind;
  /** The user's explicit choice; beats the rules. */
  expire?: Expiry;
  /** Only for capture files the app wrote into its captures folder. */
  removeSourceAfterUpload?: boolean;
  /** Traydrop wrote this file (a capture, clipboard text): retention may delete it later. Default false. */
  appWritten?: boolean;
}

export interface EnqueueContext {
  journal: Journal;
  pairing: LinkOwner;
  rules: ExpiryRules;
  /** When known (credentials fetched earlier); otherwise checked when the job runs. */
  allowedExpiry?: readonly Expiry[];
  /** Where a small file's bytes, read here to fingerprint it, wait for this process's runner. */
  queuedBytes?: QueuedBytes;
}

/** Throws SourceError (bad input, nothing queued) or ExpiryNotAllowedError; returns the queued job. */
export async function enqueue(context: EnqueueContext, request: EnqueueRequest): Promise<Job> {
  const source = await admitSource(request.path);
  const { read } = source;
  const { fingerprint } = read;
  const plan = planShare({
    path: source.path,
    userId: context.pairing.userId,
    shareBaseUrl: context.pairing.shareBaseUrl,
    kind: request.kind,
    explicitExpiry: request.expire,
    rules: context.rules,
    allowedExpiry: context.allowedExpiry ?? EXPIRY_VALUES,
  });
  for (let tries = 1; ; tries++) {
    try {
      const job = context.journal.insert({
        id: newJobId(),
        source: source.path,
        kind: request.kind,
        fingerprint,
        key: plan.key,
        shareId: plan.shareId,
        url: plan.url,
        contentType: plan.contentType,
        expire: plan.expire,
        removeSourceAfterUpload: request.removeSourceAfterUpload ?? false,
        appWritten: request.appWritten ?? false,
      });
      context.queuedBytes?.keep(job.id, read);
      return job;
    } catch (error) {
      const duplicateId = /UNIQUE constraint failed: jobs\.id/.test(String(error));
      if (!duplicateId || tries >= 5) throw error;
    }
  }
}

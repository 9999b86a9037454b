/**
 * Putting a replacement in the queue: the file is checked and fingerprinted as any (source-guard.ts), and the job
 * carries the existing link (its key, share id and URL) instead of a fresh plan, so the link known at once is the
 * one people already have. Like every job it is journaled before a byte is sent, survives a restart, and keeps its
 * file until the server has confirmed the replacement (the runner deletes nothing of a replacement's source).
 */
import type { Expiry } from '../../common/expiry.ts';
import type { UploadKind } from '../../common/expiry-rules.ts';
import { parseObjectKey } from '../../common/share-key.ts';
import { contentTypeFor } from '../../common/content-type.ts';
import type { Job } from './job.ts';
import { newJobId } from './job-id.ts';
import type { Journal } from './journal.ts';
import type { LinkOwner } from './pairing.ts';
import type { QueuedBytes } from './queued-bytes.ts';
import { admitSource } from './source-guard.ts';

/** The link whose bytes are replaced, as a finished job's record (or the history) knows it. */
export interface ReplacedLink {
  key: string;
  url: string;
  expire: Expiry;
}

export interface ReplaceRequest {
  path: string;
  kind: UploadKind;
  link: ReplacedLink;
  /** Traydrop wrote this file (an edited capture): retention may delete it later. Default false. */
  appWritten?: boolean;
}

export class NotYourLinkError extends Error {
  override name = 'NotYourLinkError';
}

/** Throws SourceError (bad input, nothing queued) or NotYourLinkError; returns the queued job. */
export async function enqueueReplace(
  context: { journal: Journal; pairing: LinkOwner; queuedBytes?: QueuedBytes },
  request: ReplaceRequest,
): Promise<Job> {
  const parsed = parseObjectKey(request.link.key);
  if (!parsed || parsed.userId !== context.pairing.userId)
    throw new NotYourLinkError(`${request.link.url} is not a link of this account; share the file as a new link`);
  const source = await admitSource(request.path);
  const job = context.journal.insert({
    id: newJobId(),
    source: source.path,
    kind: request.kind,
    fingerprint: source.read.fingerprint,
    key: request.link.key,
    shareId: parsed.shareId,
    url: request.link.url,
    contentType: contentTypeFor(source.path),
    expire: request.link.expire,
    removeSourceAfterUpload: false,
    appWritten: request.appWritten ?? false,
    replaces: true,
  });
  context.queuedBytes?.keep(job.id, source.read);
  return job;
}

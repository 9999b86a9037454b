import type { UploadRecord } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import type { ExpiryRules, UploadKind } from '../../common/expiry-rules.ts';
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import type { BrokerClient } from '../credentials/broker-client.ts';
import { uploadFile, type UploadProgress } from '../upload/upload-file.ts';
import { checkSource } from './check-source.ts';
import { planShare, type SharePlan } from './plan-share.ts';

export interface ShareRequest {
  path: string;
  kind: UploadKind;
  expire?: Expiry;
  signal?: AbortSignal;
  /** Called once the link is known, before any byte is sent (early copy). */
  onPlanned?: (plan: SharePlan) => void;
  onProgress?: (progress: UploadProgress) => void;
  /** Bandwidth limit in bytes per second. */
  maxBytesPerSecond?: number;
}

export interface ShareContext {
  credentials: CredentialProvider;
  broker: BrokerClient;
  rules: ExpiryRules;
}

/**
 * One file, start to finish: check the source, decide key, link and expiry, upload, and
 * return what the server recorded. The CLI and the app both come through here.
 */
export async function shareFile(context: ShareContext, request: ShareRequest): Promise<UploadRecord> {
  const source = await checkSource(request.path);
  const session = await context.credentials.get();
  const plan = planShare({
    path: source.path,
    userId: session.userId,
    shareBaseUrl: session.shareBaseUrl,
    kind: request.kind,
    explicitExpiry: request.expire,
    rules: context.rules,
    allowedExpiry: session.allowedExpiry,
  });
  request.onPlanned?.(plan);
  return uploadFile({
    path: source.path,
    key: plan.key,
    contentType: plan.contentType,
    expire: plan.expire,
    credentials: context.credentials,
    broker: context.broker,
    signal: request.signal,
    onProgress: request.onProgress,
    maxBytesPerSecond: request.maxBytesPerSecond,
  });
}

/**
 * A replacement (common/replace-api.ts) driven by the ordinary upload engine: the engine asks a credential provider
 * and a broker, so a replacement is that pair bent to the replace routes, and everything the engine does for a
 * first upload (single PutObject or parts from disk, retries, resume of a journaled multipart upload, the source
 * guard) it does for a replacement too. The credentials are the replacement's, scoped to the link's one key with
 * the one expire tag the object has (`allowedExpiry[0]`: the tag to send); fetching them (again, when they run
 * out) tells the server what is coming; the single PutObject's report and the multipart completion are the
 * replacement's completion, which the server answers with the link's record once its bytes are the new ones.
 */
import type { UploadRecord } from '../../common/broker-api.ts';
import type {
  ReplaceCompleteRequest,
  ReplacedRecord,
  ReplaceMultipartResponse,
  ReplaceStartRequest,
  ReplaceStartResponse,
} from '../../common/replace-api.ts';
import { CredentialProvider } from '../credentials/credential-provider.ts';
import type { UploadBroker } from '../upload/upload-file.ts';

/** The server calls a replacement needs (BrokerClient has them). */
export interface ReplaceBroker {
  replaceStart(shareId: string, request: ReplaceStartRequest): Promise<ReplaceStartResponse>;
  replaceMultipart(shareId: string): Promise<ReplaceMultipartResponse>;
  replaceComplete(shareId: string, request: ReplaceCompleteRequest): Promise<ReplacedRecord>;
}

export interface ReplaceTarget {
  shareId: string;
  key: string;
  /** The new bytes' size and type, as the server is told at the start (it checks the size at the end). */
  bytes: number;
  contentType: string;
}

export interface ReplaceSession {
  credentials: CredentialProvider;
  broker: UploadBroker;
}

/** The engine's credentials and broker for replacing `target`; `base` aborts multipart uploads as usual. */
export function replaceSession(base: UploadBroker & ReplaceBroker, target: ReplaceTarget): ReplaceSession {
  const { shareId, bytes, contentType } = target;
  const credentials = new CredentialProvider({
    fetch: async () => (await base.replaceStart(shareId, { bytes, contentType })).credentials,
  });
  const complete = (request: ReplaceCompleteRequest): Promise<UploadRecord> => base.replaceComplete(shareId, request);
  const broker: UploadBroker = {
    createMultipart: () => base.replaceMultipart(shareId),
    completeMultipart: ({ uploadId, parts }) => complete({ uploadId, parts }),
    abortMultipart: base.abortMultipart && ((request) => base.abortMultipart!(request)),
    reportUpload: () => complete({}),
  };
  return { credentials, broker };
}

/** Whether a broker can replace (an older fake or a server client without the routes cannot). */
export function canReplace(broker: object): broker is ReplaceBroker {
  const b = broker as Partial<ReplaceBroker>;
  return typeof b.replaceStart === 'function' && typeof b.replaceComplete === 'function';
}

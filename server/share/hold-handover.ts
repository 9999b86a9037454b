/**
 * Who settles a download's transfer hold (server/db/transfer.ts). Normally the gateway that took it, once the response
 * has closed and its bytes are booked (owner-gate.ts). With the bytes offloaded to nginx (offload-bytes.ts) the
 * gateway's response closes before the first byte leaves: it hands the hold over, names it in the answer, and
 * `traydrop-server cache-log --format nginx-offload` drops it in the transaction that books the bytes nginx logged.
 * Until then it keeps counting against the plan limit (and one never settled expires with the others).
 */
import type { FastifyRequest } from 'fastify';

interface Held {
  id: string;
  handedOver: boolean;
}

const holds = new WeakMap<FastifyRequest, Held>();

/** The hold this request took before its bytes. */
export function rememberHold(request: FastifyRequest, id: string): void {
  holds.set(request, { id, handedOver: false });
}

/** The hold's id, now the log's to settle; undefined when the request took none (an owner without a limit). */
export function handOverHold(request: FastifyRequest): string | undefined {
  const held = holds.get(request);
  if (!held) return undefined;
  held.handedOver = true;
  return held.id;
}

export function holdHandedOver(request: FastifyRequest): boolean {
  return holds.get(request)?.handedOver === true;
}

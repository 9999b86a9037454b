/**
 * One line of nginx's access log in the format of docs/deploy/nginx-offload.conf (`log_format traydrop_offload`), and
 * what it books. Only lines nginx served from the storage after a gateway's X-Accel-Redirect (offloaded = 1) book
 * anything: their bytes (bot bytes when the gateway labelled the request a bot), and they settle the transfer hold the
 * gateway handed over (server/share/hold-handover.ts). The download itself was booked by the gateway, before any byte
 * (max downloads must be decided there), so a line never books one. Every other line reached a gateway that counted it.
 */
import { SHARE_ID_PATTERN } from '../../common/share-key.ts';

export interface OffloadLogLine {
  /** nginx's $request_id: 32 hex digits, unique per request. */
  requestId: string;
  shareId: string | undefined;
  status: number;
  bytes: number;
  offloaded: boolean;
  hold: string | undefined;
  bot: boolean;
  at: Date;
  range: string | undefined;
  userAgent: string | undefined;
}

const dash = (value: string): string | undefined => (value === '-' || value === '' ? undefined : value);

// request_id share status bytes offloaded hold bot msec "range" "user agent" (nginx escapes " in a value as \x22)
const LINE = /^([0-9a-f]{32}) (\S+) (\d{3}) (\d+) ([01]) (\S+) (\S+) (\d{1,12}\.\d{3}) "([^"]*)" "([^"]*)"\s*$/;

/** The parsed line, or undefined for anything else (a blank line, another format). */
export function parseOffloadLogLine(line: string): OffloadLogLine | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const [, requestId, share, status, bytes, offloaded, hold, bot, msec, range, userAgent] = m as unknown as string[];
  return {
    requestId: requestId!,
    shareId: dash(share!),
    status: Number(status),
    bytes: Number(bytes),
    offloaded: offloaded === '1',
    hold: dash(hold!),
    bot: bot === '1',
    at: new Date(Math.round(Number(msec) * 1000)),
    range: dash(range!),
    userAgent: dash(userAgent!),
  };
}

export interface OffloadBooking {
  shareId: string;
  at: Date;
  download: false;
  delta: { downloads: 0; bytes: number; botHits: 0; botBytes: number };
  /** The transfer hold this line settles. */
  hold: string | undefined;
}

/** What the line books, or undefined when it books nothing (not offloaded: a gateway counted it). */
export function offloadBookingOf(line: OffloadLogLine): OffloadBooking | undefined {
  if (!line.offloaded || !line.shareId || !SHARE_ID_PATTERN.test(line.shareId)) return undefined;
  // an error from the storage sent no bytes of the file; the hold is settled all the same
  const bytes = line.status === 200 || line.status === 206 ? line.bytes : 0;
  return {
    shareId: line.shareId,
    at: line.at,
    download: false,
    delta: { downloads: 0, bytes: line.bot ? 0 : bytes, botHits: 0, botBytes: line.bot ? bytes : 0 },
    hold: line.hold,
  };
}

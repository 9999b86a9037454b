/**
 * What a response served from the cache adds to a link's statistics: the gateway's own rule for a link without a limit
 * (server/share/download-booking.ts, the only links a cache stores). A person's GET from byte 0 is a download, other
 * ranges count their bytes only; a bot's GET is a bot hit and its bytes bot bytes (server/share/bots.ts). HEAD, 304,
 * errors and anything but a hit book nothing: a miss or a pass reached a gateway, which counted it.
 */
import { SHARE_ID_PATTERN } from '../../common/share-key.ts';
import { isBot } from '../share/bots.ts';
import { singleByteRange, startsAtZero } from '../share/range.ts';
import type { CacheLogLine } from './ncsa-line.ts';

export interface HitBooking {
  shareId: string;
  at: Date;
  /** One more download on the link's own counter. */
  download: boolean;
  delta: { downloads: number; bytes: number; botHits: number; botBytes: number };
}

/** The booking of one log line, or undefined when it books nothing. */
export function bookingOf(line: CacheLogLine): HitBooking | undefined {
  if (line.handling !== 'hit' || line.method !== 'GET') return undefined;
  if (line.status !== 200 && line.status !== 206) return undefined;
  const shareId = /^\/([^/?]+)(\/|$)/.exec(line.path)?.[1];
  if (!shareId || !SHARE_ID_PATTERN.test(shareId)) return undefined;
  if (isBot(line.userAgent))
    return {
      shareId,
      at: line.at,
      download: false,
      delta: { downloads: 0, bytes: 0, botHits: 1, botBytes: line.bytes },
    };
  // a Range the gateway would not honour (several ranges, bad syntax) is served whole there: from byte 0
  const download = line.status === 200 || startsAtZero(singleByteRange(line.range));
  return {
    shareId,
    at: line.at,
    download,
    delta: { downloads: download ? 1 : 0, bytes: line.bytes, botHits: 0, botBytes: 0 },
  };
}

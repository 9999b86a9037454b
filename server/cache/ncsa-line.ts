/**
 * One line of varnishncsa in the format of docs/deploy/varnishncsa.format (tab-separated; the User-Agent last, since it
 * is the one field a client writes freely). Pure parsing: what a hit books is hit-booking.ts's.
 */
export interface CacheLogLine {
  vxid: string;
  /** When the request came, microseconds since 1970 (as text: more digits than a double keeps exactly). */
  usec: string;
  at: Date;
  handling: string;
  method: string;
  status: number;
  bytes: number;
  path: string;
  query: string;
  host: string;
  /** undefined when the request had none (varnishncsa writes `-`). */
  range: string | undefined;
  userAgent: string | undefined;
}

const dash = (value: string): string | undefined => (value === '-' || value === '' ? undefined : value);

/** The parsed line, or undefined for anything else (a blank line, another format). */
export function parseCacheLogLine(line: string): CacheLogLine | undefined {
  const fields = line.replace(/\r?\n$/, '').split('\t');
  if (fields.length < 11) return undefined;
  const [vxid, usec, handling, method, status, bytes, path, query, host, range] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d+$/.test(vxid) || !/^\d{1,18}$/.test(usec) || !/^\d{3}$/.test(status)) return undefined;
  if (bytes !== '-' && !/^\d+$/.test(bytes)) return undefined;
  return {
    vxid,
    usec,
    at: new Date(Number(BigInt(usec) / 1000n)),
    handling,
    method,
    status: Number(status),
    bytes: bytes === '-' ? 0 : Number(bytes),
    path,
    query: query === '-' ? '' : query,
    host,
    range: dash(range),
    userAgent: dash(fields.slice(10).join('\t')),
  };
}

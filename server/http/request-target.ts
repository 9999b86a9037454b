/**
 * Which authority (host[:port]) a request targets, read one way for the whole server, and what makes
 * a request's target or Host malformed (RFC 9112 §3.2 and §3.2.2, RFC 9110 §4.2.4):
 *  - an absolute-form target (`GET http://host/path`, as proxies send) names the authority, and it
 *    wins over Host;
 *  - otherwise the one Host header does;
 *  - more than one Host line, an empty or malformed Host, no Host on HTTP/1.1, userinfo, or a target
 *    that is not a path, an http(s) URL or `*` for OPTIONS: malformed, refused before any route runs.
 *
 * X-Forwarded-Host is never read, whatever TRUST_PROXY_HOPS says: Caddy passes the client's Host on
 * unchanged (and turns an absolute-form target into a path with Host set to its authority), so Host
 * is already right behind it, and a header a client writes decides no access. Nothing else in
 * server/ reads Host (test/unit/request-host-reads.test.ts keeps it so).
 */
import type { IncomingMessage } from 'node:http';

/** uri-host [":" port]: an IP literal or a reg-name (RFC 3986), a port up to 65535, no userinfo. */
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::(\d{0,5}))?$/;
const ABSOLUTE_FORM = /^https?:\/\//i;

function isAuthority(value: string): boolean {
  const m = AUTHORITY.exec(value);
  return !!m && (!m[1] || Number(m[1]) <= 65535);
}

/** The authority of an absolute-form target (`http://a.example:8080/x` → `a.example:8080`); undefined for any other form. */
function absoluteFormAuthority(target: string): string | undefined {
  if (!ABSOLUTE_FORM.test(target)) return undefined;
  const rest = target.slice(target.indexOf('//') + 2);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

function hostLines(raw: IncomingMessage): string[] {
  const values: string[] = [];
  for (let i = 0; i < raw.rawHeaders.length; i += 2)
    if (raw.rawHeaders[i]!.toLowerCase() === 'host') values.push(raw.rawHeaders[i + 1]!.trim());
  return values;
}

const needsHost = (raw: IncomingMessage): boolean =>
  raw.httpVersionMajor > 1 || (raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1);

/**
 * The authority the request targets: the absolute-form target's, else Host's; '' when it has neither
 * (HTTP/1.0). Only meaningful for a request requestTargetProblem() found nothing wrong with.
 */
export function requestAuthority(raw: IncomingMessage): string {
  return absoluteFormAuthority(raw.url ?? '') ?? raw.headers.host ?? '';
}

/** What is wrong with the request's target or Host, as a fixed text that echoes none of it; null if nothing. */
export function requestTargetProblem(raw: IncomingMessage): string | null {
  const hosts = hostLines(raw);
  if (hosts.length > 1) return 'more than one Host header';
  if (hosts.length === 0 && needsHost(raw)) return 'an HTTP/1.1 request needs a Host header';
  if (hosts.length === 1 && !isAuthority(hosts[0]!)) return 'malformed Host header';
  const target = raw.url ?? '';
  if (target.startsWith('/')) return null;
  if (target === '*') return raw.method === 'OPTIONS' ? null : 'only OPTIONS may have * as its target';
  const authority = absoluteFormAuthority(target);
  if (authority === undefined) return 'the request target must be a path or an http(s) URL';
  if (!isAuthority(authority)) return 'malformed host in the request target';
  if (target.includes('#')) return 'a request target has no fragment';
  return null;
}

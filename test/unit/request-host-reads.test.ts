/**
 * Only server/http/request-target.ts reads the Host a request names: everywhere else asks it
 * (through hostScope or requestHostName), so an absolute-form target, a second Host line or a
 * forwarded host cannot decide whose links a request reaches in one place and not in another.
 * Fastify's request.host and request.hostname count: they trust X-Forwarded-Host behind a proxy.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OWNER = 'server/http/request-target.ts';
const HOST_READS = [
  /\bheaders\s*\.\s*host\b/,
  /\bheaders\s*\[\s*['"`]host['"`]\s*\]/i,
  /\brequest\s*\.\s*(host|hostname)\b/,
  /x-forwarded-host/i,
  /:authority/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

it('no server module but request-target.ts reads Host, X-Forwarded-Host or request.host(name)', () => {
  const offenders = sourceFiles('server')
    .filter((file) => file !== OWNER)
    .flatMap((file) =>
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (HOST_READS.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
  assert.deepEqual(offenders, []);
});

it('the check bites', () => {
  for (const line of [
    'const h = request.headers.host;',
    "hostName(req.headers['host'])",
    'const { hostname } = request; request.hostname',
    "request.headers['x-forwarded-host']",
  ])
    assert.ok(
      HOST_READS.some((re) => re.test(line)),
      line,
    );
});

/**
 * The Content-Type an upload is stored with: from the extension (the `mime` package), with
 * `; charset=utf-8` for text so browsers show accents and emoji right; application/octet-stream
 * when the extension is unknown. In common/: the client and the server's upload endpoint store files alike.
 */
import mime from 'mime';

export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

const TEXTUAL = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
  'application/x-sh',
  'application/yaml',
  'application/toml',
  'application/sql',
  'image/svg+xml',
]);

export function isTextual(type: string): boolean {
  return type.startsWith('text/') || TEXTUAL.has(type) || type.endsWith('+json') || type.endsWith('+xml');
}

export function contentTypeFor(name: string): string {
  const type = mime.getType(name);
  if (!type) return FALLBACK_CONTENT_TYPE;
  return isTextual(type) ? `${type}; charset=utf-8` : type;
}

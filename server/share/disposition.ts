/**
 * What the browser may render inline. Anything that can run script or be parsed as a document in
 * our origin (HTML, SVG, XML, JavaScript) is only ever an attachment, judged by the stored content
 * type AND by the file name, so lying about one of them does not help.
 */
import mime from 'mime';

const ACTIVE_EXTENSIONS = new Set([
  'html',
  'htm',
  'xhtml',
  'shtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'js',
  'mjs',
  'cjs',
]);

function isActiveType(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type === 'text/html' ||
    type.endsWith('/xml') ||
    type.endsWith('+xml') ||
    type.includes('javascript') ||
    type.includes('ecmascript') ||
    type === 'multipart/x-mixed-replace'
  );
}

export function isActiveContent(contentType: string, name: string): boolean {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  return isActiveType(contentType) || ACTIVE_EXTENSIONS.has(ext) || isActiveType(mime.getType(name) ?? '');
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `inline` or `attachment`, with an ASCII filename and the exact UTF-8 one. */
export function contentDisposition(name: string, contentType: string, forceDownload: boolean): string {
  const kind = forceDownload || isActiveContent(contentType, name) ? 'attachment' : 'inline';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

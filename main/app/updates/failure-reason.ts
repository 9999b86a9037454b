/**
 * An electron-updater error as one short sentence for a notification and the log. Its own messages carry stack
 * traces, response headers and the whole feed file; what the person needs is which step failed and why.
 */
const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 200);

export function updateFailureReason(error: unknown): string {
  if (!(error instanceof Error)) return firstLine(String(error));
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  const file = /(latest[\w.-]*\.yml)/.exec(error.message)?.[1] ?? 'the update file';
  switch (code) {
    case 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND':
      return `the feed has no ${file} (HTTP 404)`;
    case 'ERR_UPDATER_INVALID_UPDATE_INFO':
      return `the feed’s ${file} is not valid YAML`;
    case 'ERR_UPDATER_INVALID_VERSION':
      return `the feed names no valid version (${/"([^"]*)"$/.exec(error.message)?.[1] ?? '?'})`;
    case 'ERR_UPDATER_NO_FILES_PROVIDED':
      return 'the feed lists no file to download';
    case 'ERR_UPDATER_NO_CHECKSUM':
      return 'the feed gives no sha512 for the update';
    case 'ERR_CHECKSUM_MISMATCH':
      return 'the download does not match the sha512 the feed gives; it was deleted, not installed';
    case 'ERR_UPDATER_INVALID_SIGNATURE':
      return 'the new installer is not signed by this app’s publisher; it was not installed';
    case 'ERR_UPDATER_ZIP_FILE_NOT_FOUND':
      return 'the feed has no .zip of the app (macOS updates need the zip target)';
  }
  if (typeof statusCode === 'number') return `the feed answered HTTP ${statusCode}`;
  const status = /^Cannot download "([^"]+)", status (\d+)/.exec(error.message);
  if (status) return `the update could not be downloaded (HTTP ${status[2]} for ${status[1]})`;
  // Node's codes (ECONNREFUSED, ENOTFOUND) or Chromium's (net::ERR_NAME_NOT_RESOLVED)
  const network =
    typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : /net::ERR_[A-Z_]+/.exec(error.message)?.[0];
  if (network) return `cannot reach the feed (${network})`;
  return firstLine(error.message);
}

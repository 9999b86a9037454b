/**
 * Where the desktop app may look for updates (setting `updates.feedUrl`): an https:// address, or plain http://
 * only on this computer (a test feed, a local mirror). A feed decides what code the app runs next, and on Linux
 * the only check of a downloaded AppImage is the sha512 written in the feed itself, so the feed must not be
 * readable or writable by the network in between.
 */

/** localhost, 127.0.0.0/8 and ::1, as URL.hostname writes them. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why `url` cannot be an update feed, in words for the settings form; undefined when it can. */
export function updateFeedProblem(url: string): string | undefined {
  if (url.length > 2048) return 'the address is too long';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'enter the feed’s address, like https://downloads.example.org/traydrop/';
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
    return 'the feed must be an https:// address (plain http:// only for this computer: localhost, 127.0.0.1)';
  if (parsed.username || parsed.password) return 'leave the user name and password out of the address';
  return undefined;
}

/**
 * Whether a request's User-Agent is a bot, for the statistics only: bots' hits and bytes are kept apart
 * from people's. Never an access decision: a bot gets the same answers as anyone, and its download of a
 * limited link is booked like anyone's (server/share/download-booking.ts).
 *
 * The list is isbot's (maintained). isbot calls every non-browser a bot; a person fetching a link with
 * a download tool or an HTTP library is a download all the same, so those are named here as people.
 */
import { isbot } from 'isbot';

const DOWNLOAD_TOOL =
  /^(?:curl|wget|aria2|axel|httpie|powershell|python-(?:requests|urllib|httpx)|python\/[\d.]+ aiohttp|go-http-client|okhttp|node|undici|node-fetch|axios)\b/i;

export function isBot(userAgent: string | undefined): boolean {
  return !!userAgent && isbot(userAgent) && !DOWNLOAD_TOOL.test(userAgent);
}

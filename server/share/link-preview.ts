/**
 * Which clients get the share page (with its OpenGraph tags) at a link's own URL instead of the bytes:
 * the chat and social unfurlers that read those tags. Presentation only: the page of a limited link
 * holds no URL of its bytes, and the bytes are counted whoever asks, so claiming to be one of these
 * gains nothing. Deliberately narrower than bots.ts (isbot also names curl, players and headless
 * browsers, which must get the file they asked for).
 */
export const UNFURLERS =
  /slackbot|slack-imgproxy|twitterbot|facebookexternalhit|facebot|discordbot|telegrambot|whatsapp|linkedinbot|mattermost|iframely|embedly|vkshare|redditbot|pinterestbot|applebot|googlebot|bingbot|mastodon|bluesky|preview|unfurl/i;

export function isLinkPreview(userAgent: string | undefined): boolean {
  return !!userAgent && UNFURLERS.test(userAgent);
}

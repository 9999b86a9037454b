/**
 * Link-preview bots and crawlers: they fetch links to unfurl or index them. They are recorded apart
 * and never count as downloads or against max-downloads.
 */
const NAMED_BOTS = [
  'Slackbot',
  'Slack-ImgProxy',
  'Twitterbot',
  'facebookexternalhit',
  'facebookcatalog',
  'Facebot',
  'Discordbot',
  'TelegramBot',
  'WhatsApp',
  'LinkedInBot',
  'Googlebot',
  'bingbot',
  'Applebot',
  'redditbot',
  'Pinterestbot',
  'SkypeUriPreview',
  'MicrosoftPreview',
  'Mattermost',
  'Iframely',
  'Embedly',
  'vkShare',
  'Snapchat',
  'YandexBot',
  'DuckDuckBot',
  'Baiduspider',
];

const BOT_PATTERN = new RegExp(
  `${NAMED_BOTS.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}|bot\\b|crawl|spider|slurp|preview|unfurl`,
  'i',
);

export function isBot(userAgent: string | undefined): boolean {
  return !!userAgent && BOT_PATTERN.test(userAgent);
}

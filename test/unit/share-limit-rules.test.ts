/**
 * The pure rules behind limited links: the resume pass of a booked download, the statistics label
 * (isbot), which clients get the share page, and a limited link's page holding no URL of its bytes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { StoredUpload } from '../../server/db/uploads.ts';
import { isBot } from '../../server/share/bots.ts';
import {
  checkResumeToken,
  RESUME_TTL_MS,
  resumeCookie,
  resumeCookieName,
  resumeToken,
} from '../../server/share/download-booking.ts';
import { isLinkPreview } from '../../server/share/link-preview.ts';
import { sharePage } from '../../server/share/page/share-page.ts';
import { accessToken } from '../../server/share/password.ts';

const upload = (over: Partial<StoredUpload> = {}): StoredUpload => ({
  shareId: 'AbCdEfGh1234',
  key: 'users/u/AbCdEfGh1234/a.png',
  userId: 'u',
  name: 'a.png',
  bytes: 1000,
  contentType: 'image/png',
  expire: '7d',
  uploadedAt: '2026-11-24T10:00:00.000Z',
  expiresAt: null,
  uploadId: null,
  downloads: 0,
  maxDownloads: null,
  passwordHash: null,
  ...over,
});

describe('resume pass of a booked download', () => {
  const secret = randomBytes(32);
  const now = new Date('2026-11-24T10:00:00.000Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('opens the same link until it expires, and nothing else', () => {
    const token = resumeToken(secret, 'AbCdEfGh1234', now);
    assert.ok(checkResumeToken(secret, 'AbCdEfGh1234', token, now));
    assert.ok(checkResumeToken(secret, 'AbCdEfGh1234', token, later(RESUME_TTL_MS - 1)));
    assert.ok(!checkResumeToken(secret, 'AbCdEfGh1234', token, later(RESUME_TTL_MS)));
    assert.ok(!checkResumeToken(secret, 'ZZZZZZZZZZZZ', token, now), 'another link');
    assert.ok(!checkResumeToken(randomBytes(32), 'AbCdEfGh1234', token, now), 'another server');
    assert.ok(
      !checkResumeToken(
        secret,
        'AbCdEfGh1234',
        token.replace(/^\d+/, (n) => String(+n + 1)),
        now,
      ),
    );
    for (const junk of [undefined, '', '.', 'abc', `${now.getTime() + 1000}.`]) {
      assert.ok(!checkResumeToken(secret, 'AbCdEfGh1234', junk, now), String(junk));
    }
  });

  it("a password cookie's token is no resume pass", () => {
    const password = accessToken(secret, 'AbCdEfGh1234', 'scrypt$1$2$3$salt$hash', now);
    assert.ok(!checkResumeToken(secret, 'AbCdEfGh1234', password, now));
  });

  it('the cookie is scoped to the link, HttpOnly, and Secure on https', () => {
    assert.equal(resumeCookieName('AbCdEfGh1234'), 'tdr_AbCdEfGh1234');
    assert.equal(
      resumeCookie('AbCdEfGh1234', 't', false),
      'tdr_AbCdEfGh1234=t; Path=/AbCdEfGh1234; Max-Age=3600; HttpOnly; SameSite=Lax',
    );
    assert.match(resumeCookie('AbCdEfGh1234', 't', true), /; Secure$/);
  });
});

describe('bots: a statistics label from isbot', () => {
  it('knows the unfurlers and the crawlers the old hand-made list missed', () => {
    for (const ua of [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'facebookexternalhit/1.1',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0',
      'Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)',
      'Mastodon/4.2.0 (http.rb/5.1.1; +https://mastodon.social/)',
    ]) {
      assert.ok(isBot(ua), ua);
    }
  });

  it('a person downloading with a browser or a download tool is no bot', () => {
    for (const ua of [
      'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
      'curl/8.5.0',
      'Wget/1.21.4',
      'aria2/1.37.0',
      'node',
      undefined,
    ]) {
      assert.ok(!isBot(ua), String(ua));
    }
  });
});

describe('isLinkPreview: who gets the share page instead of the bytes', () => {
  it('chat and social unfurlers do; download tools, players and headless browsers do not', () => {
    for (const ua of [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Twitterbot/1.0',
      'facebookexternalhit/1.1',
      'Mozilla/5.0 (compatible; Discordbot/2.0)',
      'TelegramBot (like TwitterBot)',
      'WhatsApp/2.23.20.0',
    ]) {
      assert.ok(isLinkPreview(ua), ua);
    }
    for (const ua of ['curl/8.5.0', 'Wget/1.21.4', 'VLC/3.0.18 LibVLC/3.0.18', 'node', 'Firefox/130.0', undefined]) {
      assert.ok(!isLinkPreview(ua), String(ua));
    }
  });
});

describe('sharePage of a limited link', () => {
  const input = (kind: 'image' | 'video' | 'audio' | 'text', over: Partial<StoredUpload>) => ({
    upload: upload(over),
    pageUrl: 'https://share.example.test/AbCdEfGh1234/a.png',
    pagePath: '/AbCdEfGh1234/a.png',
    kind,
    text: kind === 'text' ? { text: 'secret words', truncated: false } : null,
    nonce: 'n',
    now: new Date('2026-11-24T10:00:00.000Z'),
  });

  it('holds no URL that serves its bytes (tags, previews, preloads), whatever kind it is given', () => {
    for (const kind of ['image', 'video', 'audio', 'text'] as const) {
      const html = sharePage(input(kind, { maxDownloads: 1 }));
      assert.match(html, /og:title/);
      assert.doesNotMatch(html, /og:image|og:video|og:audio|twitter:image|<img|<video|<audio|preload|secret words/);
      assert.match(html, /href="\/AbCdEfGh1234\/a.png\/raw\?download" download>/, 'a person may still download');
    }
  });

  it('a plain link keeps its previews and tags', () => {
    assert.match(
      sharePage(input('image', {})),
      /og:image" content="https:\/\/share.example.test\/AbCdEfGh1234\/a.png\/raw"/,
    );
  });
});

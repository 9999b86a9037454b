import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { normalizeDomain } from '../../server/domains/domain-name.ts';
import { dnsTxtVerifier, httpVerifier } from '../../server/domains/verify.ts';
import { isBot } from '../../server/share/bots.ts';
import { hostName } from '../../server/share/host-scope.ts';
import { accessToken, checkAccessToken, hashPassword, verifyPassword } from '../../server/share/password.ts';
import { previewKind } from '../../server/share/preview-kind.ts';

describe('gateway units', () => {
  it('recognizes unfurl bots and crawlers, not browsers', () => {
    for (const ua of [
      'Slackbot-LinkExpanding 1.0',
      'Twitterbot/1.0',
      'facebookexternalhit/1.1',
      'Discordbot/2.0',
      'TelegramBot (like TwitterBot)',
      'WhatsApp/2.23.20.0 A',
      'LinkedInBot/1.0',
      'Googlebot/2.1',
      'bingbot/2.0',
      'Mozilla/5.0 (compatible; Applebot/0.1)',
      'redditbot/1.0',
      'Iframely/1.3.1',
    ]) {
      assert.ok(isBot(ua), ua);
    }
    for (const ua of [
      'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
      'curl/8.5.0',
      'Mozilla/5.0 (iPhone) Safari/604.1',
      undefined,
    ]) {
      assert.ok(!isBot(ua), String(ua));
    }
  });

  it('previews only what is safe to show as what it is', () => {
    assert.equal(previewKind('image/png', 'a.png'), 'image');
    assert.equal(previewKind('image/svg+xml', 'a.svg'), 'text');
    assert.equal(previewKind('image/png', 'a.svg'), 'text');
    assert.equal(previewKind('text/html', 'a.txt'), 'text');
    assert.equal(previewKind('video/webm', 'a.webm'), 'video');
    assert.equal(previewKind('application/pdf', 'a.pdf'), 'pdf');
    assert.equal(previewKind('application/octet-stream', 'main.rs'), 'text');
    assert.equal(previewKind('application/zip', 'a.zip'), 'none');
  });

  it('host names: lower case, no port, no trailing dot; junk is empty', () => {
    assert.equal(hostName('Files.Example.COM:8443'), 'files.example.com');
    assert.equal(hostName('example.com.'), 'example.com');
    assert.equal(hostName('[::1]:80'), '[::1]');
    for (const bad of ['a@b.com', 'a b', 'x/y', '', undefined]) assert.equal(hostName(bad), '', String(bad));
  });

  it('custom domain names', () => {
    assert.equal(normalizeDomain(' Files.Example.com. '), 'files.example.com');
    for (const bad of ['localhost', '10.0.0.1', 'a..b', '-a.com', 'a_b.com', 'x'.repeat(64) + '.com', 'a.com/x']) {
      assert.equal(normalizeDomain(bad), null, bad);
    }
  });

  it('passwords: scrypt, and access tokens bound to link, hash and time', async () => {
    const hash = await hashPassword('pw');
    assert.match(hash, /^scrypt\$131072\$8\$1\$/);
    assert.ok(await verifyPassword('pw', hash));
    assert.ok(!(await verifyPassword('pW', hash)));
    const secret = Buffer.alloc(32, 7);
    const now = new Date();
    const token = accessToken(secret, 'AAAAAAAAAAAA', hash, now);
    assert.ok(checkAccessToken(secret, 'AAAAAAAAAAAA', hash, token, now));
    assert.ok(!checkAccessToken(secret, 'BBBBBBBBBBBB', hash, token, now));
    assert.ok(!checkAccessToken(secret, 'AAAAAAAAAAAA', hash + 'x', token, now));
    assert.ok(!checkAccessToken(secret, 'AAAAAAAAAAAA', hash, token, new Date(now.getTime() + 25 * 3600e3)));
    assert.ok(!checkAccessToken(secret, 'AAAAAAAAAAAA', hash, 'garbage', now));
  });

  it('DNS TXT verification (resolver injected)', async () => {
    const verifier = dnsTxtVerifier(async (name) =>
      name === '_traydrop.a.example' ? [['traydrop-verify=', 'tok']] : [],
    );
    assert.ok(await verifier.verify('a.example', 'tok'));
    assert.ok(!(await verifier.verify('a.example', 'other')));
    assert.ok(!(await verifier.verify('b.example', 'tok')));
  });

  it('the default HTTP verifier never connects to loopback or private addresses', async () => {
    let hits = 0;
    const server = createServer((_req, res) => (hits++, res.end('tok'))).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    assert.equal(await httpVerifier({ port }).verify('localhost', 'tok'), false);
    server.close();
    assert.equal(hits, 0);
  });
});

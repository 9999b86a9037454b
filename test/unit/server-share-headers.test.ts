import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBot } from '../../server/share/bots.ts';
import { contentDisposition, isActiveContent } from '../../server/share/disposition.ts';
import { singleByteRange, startsAtZero } from '../../server/share/range.ts';

describe('singleByteRange', () => {
  it('forwards one byte range, normalized', () => {
    assert.equal(singleByteRange('bytes=0-99'), 'bytes=0-99');
    assert.equal(singleByteRange('bytes = 100-'), 'bytes=100-');
    assert.equal(singleByteRange('bytes=-500'), 'bytes=-500');
  });
  it('ignores what it cannot forward', () => {
    for (const h of [undefined, '', 'bytes=0-1,5-6', 'items=0-1', 'bytes=-', 'bytes=9-3', 'bytes=a-b']) {
      assert.equal(singleByteRange(h), undefined, String(h));
    }
  });
  it('startsAtZero', () => {
    assert.ok(startsAtZero(undefined));
    assert.ok(startsAtZero('bytes=0-10'));
    assert.ok(!startsAtZero('bytes=10-'));
    assert.ok(!startsAtZero('bytes=-10'));
  });
});

describe('contentDisposition', () => {
  it('never inlines HTML, SVG, XML or JavaScript, by type or by name', () => {
    for (const [type, name] of [
      ['text/html', 'a.txt'],
      ['image/svg+xml', 'a.png'],
      ['application/xml', 'a'],
      ['text/javascript; charset=utf-8', 'x'],
      ['text/plain', 'page.html'],
      ['image/png', 'logo.svg'],
      ['application/octet-stream', 'x.mjs'],
    ]) {
      assert.ok(isActiveContent(type!, name!), `${type} ${name}`);
      assert.match(contentDisposition(name!, type!, false), /^attachment;/);
    }
  });
  it('inlines images, video, PDF and text, and forced downloads are attachments', () => {
    assert.match(contentDisposition('a.png', 'image/png', false), /^inline; filename="a.png"/);
    assert.match(contentDisposition('a.mp4', 'video/mp4', false), /^inline;/);
    assert.match(contentDisposition('a.pdf', 'application/pdf', false), /^inline;/);
    assert.match(contentDisposition('a.png', 'image/png', true), /^attachment;/);
  });
  it('encodes non-ASCII names both ways', () => {
    assert.equal(
      contentDisposition('café-📷.png', 'image/png', false),
      `inline; filename="caf_-__.png"; filename*=UTF-8''caf%C3%A9-%F0%9F%93%B7.png`,
    );
  });
  it('isBot', () => {
    assert.ok(isBot('Slackbot-LinkExpanding 1.0'));
    assert.ok(!isBot('Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0'));
    assert.ok(!isBot(undefined));
  });
});

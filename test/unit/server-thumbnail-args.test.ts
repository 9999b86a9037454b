/**
 * What ffmpeg is asked to do for a thumbnail, and which links get one: the limits sit before the input (they are
 * input options), a video is read for its first second only, the input may be HTTP(S) and nothing else, and active
 * content (SVG) and oversized images get none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PIXELS, thumbnailArgs } from '../../server/thumbnails/ffmpeg-args.ts';
import { MAX_IMAGE_BYTES, thumbnailSource } from '../../server/thumbnails/thumbnail-source.ts';

const valueOf = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

describe('thumbnailArgs', () => {
  it('caps pixels, protocols and demuxers as input options, and writes one WebP frame to stdout', () => {
    const args = thumbnailArgs('http://s3.test/b/k?sig', 'image');
    const input = args.indexOf('-i');
    assert.equal(args[input + 1], 'http://s3.test/b/k?sig');
    for (const option of ['-max_pixels', '-protocol_whitelist', '-format_whitelist', '-threads'])
      assert.ok(args.indexOf(option) >= 0 && args.indexOf(option) < input, `${option} before -i`);
    assert.equal(valueOf(args, '-max_pixels'), String(MAX_PIXELS));
    assert.equal(valueOf(args, '-protocol_whitelist'), 'http,tcp');
    assert.doesNotMatch(valueOf(args, '-format_whitelist')!, /hls|concat|image2\b|svg/);
    assert.equal(valueOf(args, '-frames:v'), '1');
    assert.equal(valueOf(args, '-c:v'), 'libwebp');
    assert.equal(args.at(-1), 'pipe:1');
    assert.equal(args.indexOf('-t'), -1, 'an image has no time limit on its input');
  });

  it('reads a video for its first second and picks the most representative frame of it', () => {
    const args = thumbnailArgs('https://s3.test/b/k?sig', 'video');
    assert.equal(valueOf(args, '-t'), '1');
    assert.ok(args.indexOf('-t') < args.indexOf('-i'));
    assert.match(valueOf(args, '-vf')!, /thumbnail=/);
    assert.equal(valueOf(args, '-protocol_whitelist'), 'https,tls,tcp');
  });
});

describe('thumbnailSource', () => {
  it('images the page previews and videos get one; SVG, documents and huge images do not', () => {
    const at = (contentType: string, name: string, bytes = 1000) => thumbnailSource({ contentType, name, bytes }).kind;
    assert.equal(at('image/png', 'a.png'), 'image');
    assert.equal(at('image/jpeg', 'a.jpg'), 'image');
    assert.equal(at('image/gif', 'a.gif'), 'image');
    assert.equal(at('image/webp', 'a.webp'), 'image');
    assert.equal(at('image/avif', 'a.avif'), 'image');
    assert.equal(at('video/mp4', 'a.mp4'), 'video');
    assert.equal(at('video/webm', 'a.webm', 5e9), 'video', 'a video of any size: only its first second is read');
    assert.equal(at('image/svg+xml', 'a.svg'), 'none');
    assert.equal(at('application/pdf', 'a.pdf'), 'none');
    assert.equal(at('image/png', 'huge.png', MAX_IMAGE_BYTES + 1), 'none');
  });
});

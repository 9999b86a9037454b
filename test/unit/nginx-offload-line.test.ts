/** nginx's offload log lines (docs/deploy/nginx-offload.conf): what parses, and what a line books. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offloadBookingOf, parseOffloadLogLine } from '../../server/cache/nginx-offload-line.ts';

const ID = '4f33aa0141e97a0b0b72723d13b3ca25';
const line = (fields: string) => `${ID} ${fields}`;

describe('nginx offload log lines', () => {
  it('parses every field, a User-Agent with spaces and escaped quotes included', () => {
    const parsed = parseOffloadLogLine(
      line('Xq1dga1qtIDA 206 10 1 hold_abc-123 0 1796579477.641 "bytes=10-19" "Mozilla/5.0 \\x22x\\x22 (X11)"'),
    );
    assert.deepEqual(parsed, {
      requestId: ID,
      shareId: 'Xq1dga1qtIDA',
      status: 206,
      bytes: 10,
      offloaded: true,
      hold: 'hold_abc-123',
      bot: false,
      at: new Date(1796579477641),
      range: 'bytes=10-19',
      userAgent: 'Mozilla/5.0 \\x22x\\x22 (X11)',
    });
  });

  it('refuses other formats', () => {
    for (const bad of [
      '',
      'garbage',
      line('Xq1dga1qtIDA 200 10 1 - 0 nope "-" "-"'),
      `x${line('a 200 1 1 - 0 1.000 "-" "-"')}`,
    ])
      assert.equal(parseOffloadLogLine(bad), undefined, bad);
  });

  it('books bytes (bot bytes for a bot) and the hold of offloaded lines only, never a download', () => {
    const person = offloadBookingOf(parseOffloadLogLine(line('Xq1dga1qtIDA 200 5000 1 h1 0 1.000 "-" "curl"'))!);
    assert.deepEqual(person?.delta, { downloads: 0, bytes: 5000, botHits: 0, botBytes: 0 });
    assert.equal(person?.hold, 'h1');
    const bot = offloadBookingOf(parseOffloadLogLine(line('Xq1dga1qtIDA 206 70 1 - 1 1.000 "bytes=0-69" "bot"'))!);
    assert.deepEqual(bot?.delta, { downloads: 0, bytes: 0, botHits: 0, botBytes: 70 });
    assert.equal(bot?.hold, undefined);
    const failed = offloadBookingOf(parseOffloadLogLine(line('Xq1dga1qtIDA 502 150 1 h2 0 1.000 "-" "-"'))!);
    assert.deepEqual(failed?.delta.bytes, 0, 'a storage error sent none of the file');
    assert.equal(failed?.hold, 'h2', 'but its hold is settled');
    assert.equal(offloadBookingOf(parseOffloadLogLine(line('- 200 5000 0 - - 1.000 "-" "-"'))!), undefined);
    assert.equal(offloadBookingOf(parseOffloadLogLine(line('not-a-share 200 5000 1 - 0 1.000 "-" "-"'))!), undefined);
  });
});

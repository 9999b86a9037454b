/** server/health/memory-probe.ts: the line's fields add up, the probe is off unless asked, a wrong value is warned about. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEMORY_PROBE_ENV, memoryLine, startMemoryProbe } from '../../server/health/memory-probe.ts';

test('the memory line: rss = heapTotal + arrayBuffers + other, in MiB', () => {
  const line = memoryLine();
  const fields = Object.fromEntries([...line.matchAll(/(\w+)=([\d.-]+)/g)].map((m) => [m[1], Number(m[2])]));
  assert.match(line, /^memory rss=/);
  assert.ok(fields.rss! > 10, line);
  assert.ok(Math.abs(fields.rss! - fields.heapTotal! - fields.arrayBuffers! - fields.other!) < 0.3, line);
});

test('off unless the environment asks; a wrong value warns and starts nothing', () => {
  const warnings: string[] = [];
  startMemoryProbe((m) => warnings.push(m), {})();
  assert.equal(warnings.length, 0);
  startMemoryProbe((m) => warnings.push(m), { [MEMORY_PROBE_ENV]: 'soon' })();
  assert.match(warnings[0] ?? '', /TRAYDROP_DEBUG_MEMORY_MS=soon ignored/);
  const stop = startMemoryProbe((m) => warnings.push(m), { [MEMORY_PROBE_ENV]: '50' });
  assert.equal(warnings.length, 1);
  stop();
});

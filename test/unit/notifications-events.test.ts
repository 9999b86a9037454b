/** parseEventBatch and the endpoint's secret check: pure, no RGW. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventShapeError, parseEventBatch } from '../../server/notifications/events.ts';
import { secretMatches } from '../../server/notifications/route.ts';

const NOW = new Date('2026-01-02T03:04:05Z');
const record = (eventName: string, key: string, extra: Record<string, unknown> = {}) => ({
  eventName,
  eventTime: '2026-01-01T00:00:00.123456Z',
  s3: { bucket: { name: 'b' }, object: { key, size: 3, eTag: 'x', ...extra } },
});

describe('notifications: event batches', () => {
  it('keeps created and removed events (RGW names, with or without s3:), drops others', () => {
    const events = parseEventBatch(
      {
        Records: [
          record('ObjectCreated:Put', 'users/a/k'),
          record('ObjectCreated:CompleteMultipartUpload', 'users/a/m'),
          record('s3:ObjectRemoved:Delete', 'users/a/d'),
          record('ObjectLifecycle:Expiration:Current', 'users/a/e'),
          record('ObjectSynced:Create', 'users/a/s'),
        ],
      },
      NOW,
    );
    assert.deepEqual(
      events.map((e) => [e.kind, e.key]),
      [
        ['created', 'users/a/k'],
        ['created', 'users/a/m'],
        ['removed', 'users/a/d'],
        ['removed', 'users/a/e'],
      ],
    );
    assert.equal(events[0]!.size, 3);
    assert.equal(events[0]!.time.toISOString(), '2026-01-01T00:00:00.123Z');
  });

  it('falls back to now and size 0 for missing or odd fields', () => {
    const [e] = parseEventBatch(
      { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k', size: -1 } } }] },
      NOW,
    );
    assert.equal(e!.size, 0);
    assert.equal(e!.time, NOW);
  });

  it('rejects bodies that are not S3 event batches', () => {
    for (const body of [
      null,
      'x',
      [],
      {},
      { Records: {} },
      { Records: [{}] },
      { Records: [record('ObjectCreated:Put', '')] },
    ])
      assert.throws(() => parseEventBatch(body, NOW), EventShapeError);
  });

  it('compares secrets of any length', () => {
    assert.equal(secretMatches('abc', 'abc'), true);
    assert.equal(secretMatches('abcd', 'abc'), false);
    assert.equal(secretMatches('', 'abc'), false);
  });
});

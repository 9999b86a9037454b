/**
 * S3 event records as RGW pushes them (HTTP push endpoint, `{"Records":[…]}`). RGW 16.2 sends keys
 * as they are (not URL-encoded, unlike AWS), the event name without the `s3:` prefix
 * (`ObjectCreated:Put`, `ObjectCreated:CompleteMultipartUpload`, `ObjectCreated:Copy`,
 * `ObjectRemoved:Delete`, …) and the object's tags. Lifecycle expiry sends no event in 16.2.
 */

export interface IndexEvent {
  kind: 'created' | 'removed';
  bucket: string;
  key: string;
  size: number;
  /** The event's time (RGW: when the request was handled). */
  time: Date;
}

export class EventShapeError extends Error {
  override name = 'EventShapeError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(eventName: string): IndexEvent['kind'] | null {
  const name = eventName.replace(/^s3:/, '');
  if (name.startsWith('ObjectCreated:')) return 'created';
  if (name.startsWith('ObjectRemoved:') || name.startsWith('ObjectLifecycle:Expiration')) return 'removed';
  return null;
}

/**
 * Validates the body and returns the records that concern the index (object created or removed);
 * other event names are dropped. Throws EventShapeError for a body that is not an S3 event batch.
 */
export function parseEventBatch(body: unknown, now: Date): IndexEvent[] {
  if (!isObject(body) || !Array.isArray(body.Records)) throw new EventShapeError('expected {"Records": [...]}');
  const events: IndexEvent[] = [];
  body.Records.forEach((record: unknown, i) => {
    const s3 = isObject(record) ? record.s3 : undefined;
    const bucket = isObject(s3) ? s3.bucket : undefined;
    const object = isObject(s3) ? s3.object : undefined;
    if (
      !isObject(record) ||
      typeof record.eventName !== 'string' ||
      !isObject(bucket) ||
      typeof bucket.name !== 'string' ||
      !isObject(object) ||
      typeof object.key !== 'string' ||
      object.key === ''
    )
      throw new EventShapeError(`Records[${i}] needs eventName, s3.bucket.name and s3.object.key`);
    const kind = kindOf(record.eventName);
    if (!kind) return;
    const size =
      typeof object.size === 'number' && Number.isSafeInteger(object.size) && object.size >= 0 ? object.size : 0;
    const time = typeof record.eventTime === 'string' ? new Date(record.eventTime) : now;
    events.push({ kind, bucket: bucket.name, key: object.key, size, time: Number.isNaN(time.getTime()) ? now : time });
  });
  return events;
}

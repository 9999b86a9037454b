import type { NewJob } from '../../main/queue/job.ts';

/** A job as enqueue would journal it, for journal and state tests. */
export function sampleJob(id: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    id,
    source: `/tmp/${id}.png`,
    kind: 'screenshot',
    fingerprint: { size: 10, mtimeMs: 1.5, head: 'aa', tail: 'bb' },
    key: `users/u-1/AAAAAAAAAAAA/${id}.png`,
    shareId: 'AAAAAAAAAAAA',
    url: `https://s.example/AAAAAAAAAAAA/${id}.png`,
    contentType: 'image/png',
    expire: '7d',
    removeSourceAfterUpload: true,
    appWritten: true,
    ...overrides,
  };
}

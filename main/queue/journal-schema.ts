/** The journal's tables, and the mapping between rows and Job objects. */
import type { DatabaseSync } from 'node:sqlite';
import type { Expiry } from '../../common/expiry.ts';
import type { UploadKind } from '../../common/expiry-rules.ts';
import type { JobState } from '../../common/ipc-contract.ts';
import type { Job, JobPatch } from './job.ts';

/**
 * 1: the first tables; 2: `app_written` (a file Traydrop wrote, which retention may delete); 3: `replaces` (the job
 * replaces the bytes of its existing link).
 */
const SCHEMA_VERSION = 3;

const CREATE_TABLES = `
  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, fingerprint TEXT NOT NULL,
    key TEXT NOT NULL, share_id TEXT NOT NULL, url TEXT NOT NULL, content_type TEXT NOT NULL,
    expire TEXT NOT NULL, part_size INTEGER, upload_id TEXT, state TEXT NOT NULL, error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0,
    progress_bytes INTEGER NOT NULL DEFAULT 0, owner_pid INTEGER, owner_id TEXT, lease_until INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    record TEXT, remove_source INTEGER NOT NULL DEFAULT 0, app_written INTEGER NOT NULL DEFAULT 0,
    replaces INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, next_attempt_at);
  CREATE TABLE IF NOT EXISTS job_parts (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE, upload_id TEXT NOT NULL,
    part_number INTEGER NOT NULL, etag TEXT NOT NULL, PRIMARY KEY (job_id, upload_id, part_number)
  );`;

// Before the column, only screenshots and recordings were taken for files Traydrop wrote.
const ADD_APP_WRITTEN = `
  ALTER TABLE jobs ADD COLUMN app_written INTEGER NOT NULL DEFAULT 0;
  UPDATE jobs SET app_written = 1 WHERE kind IN ('screenshot', 'recording');`;

const ADD_REPLACES = `ALTER TABLE jobs ADD COLUMN replaces INTEGER NOT NULL DEFAULT 0;`;

const userVersion = (db: DatabaseSync): number =>
  (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

/** Brings the journal to SCHEMA_VERSION; the CLI and the app may open it at once, so under the write lock. */
export function migrate(db: DatabaseSync): void {
  if (userVersion(db) >= SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = userVersion(db); // again: another process may have migrated while we waited for the lock
    if (version === 0) db.exec(CREATE_TABLES);
    if (version === 1) db.exec(ADD_APP_WRITTEN);
    if (version === 1 || version === 2) db.exec(ADD_REPLACES);
    if (version < SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    // SQLite may have rolled back by itself (a full disk does): a second ROLLBACK would throw and hide why
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export type Row = Record<string, string | number | null>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function rowToJob(row: Row, parts: { part_number: number; etag: string }[]): Job {
  return {
    id: str(row.id),
    source: str(row.source),
    kind: str(row.kind) as UploadKind,
    fingerprint: JSON.parse(str(row.fingerprint)) as Job['fingerprint'],
    key: str(row.key),
    shareId: str(row.share_id),
    url: str(row.url),
    contentType: str(row.content_type),
    expire: str(row.expire) as Expiry,
    partSize: row.part_size === null ? null : Number(row.part_size),
    uploadId: strOrNull(row.upload_id),
    parts: parts.map((p) => ({ partNumber: Number(p.part_number), etag: p.etag })),
    state: str(row.state) as JobState,
    error: strOrNull(row.error),
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    progressBytes: Number(row.progress_bytes),
    owner:
      row.owner_id === null
        ? null
        : { pid: Number(row.owner_pid), id: str(row.owner_id), leaseUntil: Number(row.lease_until) },
    cancelRequested: Number(row.cancel_requested) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    record: row.record === null ? null : (JSON.parse(str(row.record)) as Job['record']),
    removeSourceAfterUpload: Number(row.remove_source) === 1,
    appWritten: Number(row.app_written) === 1,
    replaces: Number(row.replaces) === 1,
  };
}

/** Column → value for the fields a patch sets (owner spreads over three columns). */
export function patchToColumns(patch: JobPatch): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  const set = (column: string, value: string | number | null | undefined): void => {
    if (value !== undefined) columns[column] = value;
  };
  set('fingerprint', patch.fingerprint && JSON.stringify(patch.fingerprint));
  set('part_size', patch.partSize);
  set('upload_id', patch.uploadId);
  set('state', patch.state);
  set('error', patch.error);
  set('attempts', patch.attempts);
  set('next_attempt_at', patch.nextAttemptAt);
  set('progress_bytes', patch.progressBytes);
  set('cancel_requested', patch.cancelRequested === undefined ? undefined : Number(patch.cancelRequested));
  set('record', patch.record === undefined ? undefined : patch.record && JSON.stringify(patch.record));
  if (patch.owner !== undefined) {
    columns.owner_pid = patch.owner?.pid ?? null;
    columns.owner_id = patch.owner?.id ?? null;
    columns.lease_until = patch.owner?.leaseUntil ?? null;
  }
  return columns;
}

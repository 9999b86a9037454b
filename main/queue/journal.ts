/**
 * The queue's journal: one SQLite file (queue.db in the client config folder) in WAL mode with
 * synchronous=FULL, so a job written is on disk before the caller goes on and a crash at any
 * instant leaves either the old or the new row (a runner's claim is the one write that does not wait for
 * the disk; see claim). Every change is one statement (atomic by itself);
 * the CLI worker and the app may have it open at once (busy_timeout waits for the other's write).
 * A file or disk that fails it (full, read-only, not ours, gone) throws a QueueStorageError, never SQLite's
 * bare words: the runner stops on it and the CLI and the app say which file and what to do.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CompletedPart } from '../../common/broker-api.ts';
import type { JobState } from '../../common/ipc-contract.ts';
import { FINISHED_STATES, type Job, type JobOwner, type JobPatch, type NewJob } from './job.ts';
import { migrate, patchToColumns, rowToJob, type Row } from './journal-schema.ts';
import { toStorageError } from './storage-diagnosis.ts';
import type { StorageOperation } from './storage-error.ts';

export const JOURNAL_FILE = 'queue.db';

export interface JournalOptions {
  /** Epoch ms. Default Date.now. */
  now?: () => number;
}

export class Journal {
  readonly file: string;
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  private constructor(file: string, db: DatabaseSync, now: () => number) {
    this.file = file;
    this.#db = db;
    this.#now = now;
  }

  /** Opens (creating if needed) `<dir>/queue.db`, or `file` itself when it ends in `.db`. */
  static open(dirOrFile: string, options: JournalOptions = {}): Journal {
    const file = path.resolve(dirOrFile.endsWith('.db') ? dirOrFile : path.join(dirOrFile, JOURNAL_FILE));
    let db: DatabaseSync | undefined;
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      db = new DatabaseSync(file);
      db.exec('PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
      db.exec('PRAGMA foreign_keys = ON;');
      migrate(db);
      return new Journal(file, db, options.now ?? Date.now);
    } catch (error) {
      if (db?.isOpen) db.close();
      throw toStorageError(error, file, 'open') ?? error;
    }
  }

  /** Runs one journal access; a storage failure comes out as a QueueStorageError. */
  #use<T>(operation: StorageOperation, access: () => T): T {
    try {
      return access();
    } catch (error) {
      throw toStorageError(error, this.file, operation) ?? error;
    }
  }

  /** Never throws: it is called on the way out, often after another error that must not be hidden. */
  close(): void {
    try {
      if (this.#db.isOpen) this.#db.close();
    } catch {
      // the connection is of no more use either way
    }
  }

  insert(job: NewJob): Job {
    const now = this.#now();
    this.#use('write', () =>
      this.#db
        .prepare(
          `INSERT INTO jobs (id, source, kind, fingerprint, key, share_id, url, content_type, expire, state,
          created_at, updated_at, remove_source, app_written, replaces)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
        )
        .run(
          job.id,
          job.source,
          job.kind,
          JSON.stringify(job.fingerprint),
          job.key,
          job.shareId,
          job.url,
          job.contentType,
          job.expire,
          now,
          now,
          Number(job.removeSourceAfterUpload),
          Number(job.appWritten),
          Number(job.replaces ?? false),
        ),
    );
    return this.get(job.id)!;
  }

  get(id: string): Job | undefined {
    const row = this.#use('read', () => this.#db.prepare('SELECT * FROM jobs WHERE id = ?').get(id)) as Row | undefined;
    return row && this.#toJob(row);
  }

  /** A job by its id or a unique prefix of it (`queue cancel k3m`). */
  find(idOrPrefix: string): Job | 'ambiguous' | undefined {
    const exact = this.get(idOrPrefix);
    if (exact || idOrPrefix === '') return exact;
    const like = idOrPrefix.replace(/[%_\\]/g, '\\$&') + '%';
    const sql = "SELECT * FROM jobs WHERE id LIKE ? ESCAPE '\\' LIMIT 2";
    const rows = this.#use('read', () => this.#db.prepare(sql).all(like)) as Row[];
    if (rows.length > 1) return 'ambiguous';
    return rows[0] && this.#toJob(rows[0]);
  }

  /** Jobs in these states (all without), oldest first. */
  list(states?: readonly JobState[]): Job[] {
    const where = states ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    const sql = `SELECT * FROM jobs ${where} ORDER BY created_at, rowid`;
    const rows = this.#use('read', () => this.#db.prepare(sql).all(...(states ?? [])));
    return (rows as Row[]).map((row) => this.#toJob(row));
  }

  /**
   * Changes a job in one statement. With `ownerId` (a string or null for "nobody") it only applies
   * while that runner still owns the job: a runner whose lease was taken over cannot clobber it.
   * Returns the job as it is now, or undefined when nothing was changed.
   */
  update(id: string, patch: JobPatch, guard?: { ownerId: string | null }): Job | undefined {
    const columns = { ...patchToColumns(patch), updated_at: this.#now() };
    const names = Object.keys(columns);
    const sets = names.map((name) => `${name} = ?`).join(', ');
    const where = guard ? 'id = ? AND owner_id IS ?' : 'id = ?';
    const params = [...Object.values(columns), id, ...(guard ? [guard.ownerId] : [])];
    const { changes } = this.#use('write', () =>
      this.#db.prepare(`UPDATE jobs SET ${sets} WHERE ${where}`).run(...params),
    );
    return Number(changes) === 1 ? this.get(id) : undefined;
  }

  /**
   * Takes a job for `owner` if it is still owned by `expectedOwnerId` (null: by nobody), with `patch` in
   * the same write (a runner starting a job marks it uploading at once). The job as taken, or undefined.
   */
  claim(id: string, expectedOwnerId: string | null, owner: JobOwner, patch: JobPatch = {}): Job | undefined {
    // Written without waiting for the disk (synchronous=NORMAL for this one commit): it survives a crash of
    // the process, and a power cut can only lose the claim itself, which leaves the job to be taken and run
    // again. The next fsynced write (the job's upload id, parts, end) carries it to disk with it.
    this.#use('write', () => this.#db.exec('PRAGMA synchronous = NORMAL'));
    try {
      return this.update(id, { ...patch, owner }, { ownerId: expectedOwnerId });
    } finally {
      this.#use('write', () => this.#db.exec('PRAGMA synchronous = FULL'));
    }
  }

  /** Extends the lease of every job `ownerId` holds. */
  renewLeases(ownerId: string, leaseUntil: number): void {
    const sql = 'UPDATE jobs SET lease_until = ? WHERE owner_id = ?';
    this.#use('write', () => this.#db.prepare(sql).run(leaseUntil, ownerId));
  }

  /** Ids of jobs `ownerId` holds that someone asked to cancel (`traydrop queue cancel` elsewhere). */
  cancelRequests(ownerId: string): string[] {
    const sql = 'SELECT id FROM jobs WHERE owner_id = ? AND cancel_requested = 1';
    const rows = this.#use('read', () => this.#db.prepare(sql).all(ownerId));
    return (rows as { id: string }[]).map((row) => row.id);
  }

  /** Journals a part S3 accepted for the job's current multipart upload. */
  addPart(id: string, uploadId: string, part: CompletedPart): void {
    const sql = 'INSERT OR REPLACE INTO job_parts (job_id, upload_id, part_number, etag) VALUES (?, ?, ?, ?)';
    this.#use('write', () => this.#db.prepare(sql).run(id, uploadId, part.partNumber, part.etag));
  }

  /** Deletes finished jobs (done, cancelled; failed too with `includeFailed`) last changed before `before`. */
  clearFinished(before: number, includeFailed = false): number {
    const states = includeFailed ? FINISHED_STATES : FINISHED_STATES.filter((s) => s !== 'failed');
    const marks = states.map(() => '?').join(', ');
    const sql = `DELETE FROM jobs WHERE state IN (${marks}) AND updated_at < ?`;
    return Number(this.#use('write', () => this.#db.prepare(sql).run(...states, before)).changes);
  }

  #toJob(row: Row): Job {
    const sql = 'SELECT part_number, etag FROM job_parts WHERE job_id = ? AND upload_id IS ? ORDER BY part_number';
    const parts = this.#use('read', () => this.#db.prepare(sql).all(row.id ?? null, row.upload_id ?? null)) as {
      part_number: number;
      etag: string;
    }[];
    return rowToJob(row, parts);
  }
}

/** The database a migration sees: Kysely<any>, since a migration describes the database as it was then, not as
 * schema.ts says it is now. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

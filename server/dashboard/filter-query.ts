/** The Files page's query string, checked: a value no form offers gets a clear 400, never a silent default. */
import { FILE_KINDS, FILE_SORTS, LIST_STATES, type ListFilter } from '../../common/file-query.ts';

export type FilterInput = Record<string, string | string[] | undefined>;

function one(input: FilterInput, name: string, max: number): string | undefined {
  const value = input[name];
  if (Array.isArray(value)) throw new Error(`give "${name}" once`);
  if (value === undefined || value === '') return undefined;
  if (value.length > max) throw new Error(`"${name}" is longer than ${max} characters`);
  return value;
}

function oneOf<T extends string>(input: FilterInput, name: string, allowed: readonly T[]): T | undefined {
  const value = one(input, name, 40);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`"${name}" must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** The filter and cursor, or an Error whose message says what is wrong. */
export function parseFilter(input: FilterInput): ListFilter & { cursor?: string; deleted?: number } {
  const out: ListFilter & { cursor?: string; deleted?: number } = {};
  const q = one(input, 'q', 200);
  if (q !== undefined) out.q = q;
  const kind = oneOf(input, 'kind', FILE_KINDS);
  if (kind !== undefined) out.kind = kind;
  const state = oneOf(input, 'state', LIST_STATES);
  if (state !== undefined) out.state = state;
  const sort = oneOf(input, 'sort', FILE_SORTS);
  if (sort !== undefined) out.sort = sort;
  const cursor = one(input, 'cursor', 512);
  if (cursor !== undefined) out.cursor = cursor;
  const deleted = one(input, 'deleted', 6);
  if (deleted !== undefined && /^\d+$/.test(deleted)) out.deleted = Number(deleted);
  return out;
}

/**
 * D-Bus types (the specification's "Type System" and "Marshaling" sections): how values look in JS, signatures
 * split into complete types, each type's alignment and the spec's limits. Shared by marshal.ts (values to bytes)
 * and unmarshal.ts (bytes to values), so the two sides never disagree on a signature.
 *
 * Values in JS: y n q i u d h → number, x t → bigint, b → boolean, s o g → string, a → array, a{…} → Map
 * (a plain object is accepted when writing a dict with string keys), (…) → array, v → Variant.
 */

export interface Variant {
  signature: string;
  value: DBusValue;
}

export type DBusValue =
  string | number | bigint | boolean | Variant | DBusValue[] | Map<DBusValue, DBusValue> | { [key: string]: DBusValue };

/** Shorthand for a variant: `variant('s', 'text')`. */
export const variant = (signature: string, value: DBusValue): Variant => ({ signature, value });

/** The spec's limits: 64 MiB per array, 32 levels of arrays and 32 of structs. */
export const MAX_ARRAY_BYTES = 64 * 1024 * 1024;
export const MAX_DEPTH = 64;

const BASIC = 'ybnqiuxtdsogh';
/** Where a value of each type starts: a multiple of this many bytes from the start of the body. */
export const ALIGNMENT: Record<string, number> = {
  y: 1,
  g: 1,
  v: 1,
  n: 2,
  q: 2,
  b: 4,
  i: 4,
  u: 4,
  h: 4,
  s: 4,
  o: 4,
  a: 4,
  x: 8,
  t: 8,
  d: 8,
  '(': 8,
  '{': 8,
};

export class SignatureError extends Error {
  override name = 'SignatureError';
}

/** The index just past the single complete type starting at `at` in `signature`. */
function endOfType(signature: string, at: number, depth = 0): number {
  if (depth > MAX_DEPTH) throw new SignatureError(`signature nested too deeply: ${signature}`);
  const c = signature[at];
  if (c === undefined) throw new SignatureError(`signature ends early: ${JSON.stringify(signature)}`);
  if (BASIC.includes(c) || c === 'v') return at + 1;
  if (c === 'a') {
    if (signature[at + 1] === '{') {
      const key = signature[at + 2];
      if (key === undefined || !BASIC.includes(key)) throw new SignatureError(`a dict key must be basic: ${signature}`);
      const end = endOfType(signature, at + 3, depth + 1);
      if (signature[end] !== '}') throw new SignatureError(`a dict entry holds one key and one value: ${signature}`);
      return end + 1;
    }
    return endOfType(signature, at + 1, depth + 1);
  }
  if (c === '(') {
    let i = at + 1;
    if (signature[i] === ')') throw new SignatureError(`empty struct in ${signature}`);
    while (signature[i] !== ')') i = endOfType(signature, i, depth + 1);
    return i + 1;
  }
  throw new SignatureError(`unknown type ${JSON.stringify(c)} in signature ${JSON.stringify(signature)}`);
}

/** A signature split into its complete types: "sa{sv}u" → ["s", "a{sv}", "u"]. */
export function splitSignature(signature: string): string[] {
  if (signature.length > 255) throw new SignatureError('a signature is at most 255 bytes');
  const types: string[] = [];
  for (let at = 0; at < signature.length;) {
    const end = endOfType(signature, at);
    types.push(signature.slice(at, end));
    at = end;
  }
  return types;
}

/** The complete types inside a struct "(…)" or a dict entry "{…}". */
export const innerTypes = (type: string): string[] => splitSignature(type.slice(1, -1));

/** An object path: "/" or "/" then elements of [A-Za-z0-9_], no empty element, no trailing "/". */
export function isObjectPath(path: string): boolean {
  return /^\/$|^(\/[A-Za-z0-9_]+)+$/.test(path);
}

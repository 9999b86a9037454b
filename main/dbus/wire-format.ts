/**
 * The D-Bus wire format (the specification's "Marshaling" section): type signatures, and values to bytes and
 * back. Enough for a client that calls methods and reads any reply or signal: every type but unix fds is
 * read (an `h` reads as its index); every type but `h` is written. Alignment is counted from the start of the
 * buffer, so a message body must be marshalled from offset 0 (it starts 8-aligned in the message).
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
const MAX_ARRAY_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 64;

const BASIC = 'ybnqiuxtdsogh';
const ALIGNMENT: Record<string, number> = {
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
const innerTypes = (type: string): string[] => splitSignature(type.slice(1, -1));

// ---- writing ----------------------------------------------------------------------------------------------

/** A growable little-endian buffer that pads to each value's alignment. */
export class WireWriter {
  private buffer = Buffer.alloc(256);
  length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  align(to: number): void {
    const pad = (to - (this.length % to)) % to;
    this.room(pad);
    this.buffer.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  u8(value: number): void {
    this.room(1);
    this.buffer.writeUInt8(value, this.length);
    this.length += 1;
  }

  u32(value: number): void {
    this.align(4);
    this.room(4);
    this.buffer.writeUInt32LE(value, this.length);
    this.length += 4;
  }

  /** Overwrite a u32 written earlier (an array's length, once its elements are written). */
  patchU32(at: number, value: number): void {
    this.buffer.writeUInt32LE(value, at);
  }

  bytes(data: Buffer): void {
    this.room(data.length);
    data.copy(this.buffer, this.length);
    this.length += data.length;
  }

  /** Any fixed-size number: `write(buffer, offset)` puts `size` bytes at the aligned position. */
  fixed(size: number, write: (buffer: Buffer, offset: number) => void): void {
    this.align(size);
    this.room(size);
    write(this.buffer, this.length);
    this.length += size;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

const wrongValue = (type: string, value: unknown): TypeError =>
  new TypeError(`cannot marshal ${typeof value} ${JSON.stringify(value)} as D-Bus type ${type}`);

function text(type: string, value: DBusValue): Buffer {
  if (typeof value !== 'string') throw wrongValue(type, value);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.includes(0)) throw new TypeError('a D-Bus string cannot hold a NUL character');
  return bytes;
}

function integer(type: string, value: DBusValue, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw wrongValue(type, value);
  return value;
}

/** Write one value of one complete type. */
export function marshal(writer: WireWriter, type: string, value: DBusValue, depth = 0): void {
  if (depth > MAX_DEPTH) throw new TypeError('value nested too deeply');
  switch (type[0]) {
    case 'y':
      return writer.u8(integer(type, value, 0, 0xff));
    case 'b':
      if (typeof value !== 'boolean') throw wrongValue(type, value);
      return writer.u32(value ? 1 : 0);
    case 'n': {
      const v = integer(type, value, -0x8000, 0x7fff);
      return writer.fixed(2, (b, at) => b.writeInt16LE(v, at));
    }
    case 'q': {
      const v = integer(type, value, 0, 0xffff);
      return writer.fixed(2, (b, at) => b.writeUInt16LE(v, at));
    }
    case 'i': {
      const v = integer(type, value, -0x80000000, 0x7fffffff);
      return writer.fixed(4, (b, at) => b.writeInt32LE(v, at));
    }
    case 'u':
      return writer.u32(integer(type, value, 0, 0xffffffff));
    case 'x':
    case 't': {
      const v = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
      if (typeof v !== 'bigint') throw wrongValue(type, value);
      return writer.fixed(8, (b, at) => (type === 'x' ? b.writeBigInt64LE(v, at) : b.writeBigUInt64LE(v, at)));
    }
    case 'd': {
      if (typeof value !== 'number') throw wrongValue(type, value);
      return writer.fixed(8, (b, at) => b.writeDoubleLE(value, at));
    }
    case 's':
    case 'o': {
      const bytes = text(type, value);
      if (type === 'o' && !isObjectPath(value as string)) throw new TypeError(`not an object path: ${String(value)}`);
      writer.u32(bytes.length);
      writer.bytes(bytes);
      return writer.u8(0);
    }
    case 'g': {
      const bytes = text(type, value);
      splitSignature(value as string); // valid, at most 255 bytes
      writer.u8(bytes.length);
      writer.bytes(bytes);
      return writer.u8(0);
    }
    case 'v': {
      if (typeof value !== 'object' || value === null || !('signature' in value) || !('value' in value))
        throw wrongValue(type, value);
      const { signature, value: inner } = value as Variant;
      if (splitSignature(signature).length !== 1) throw new TypeError(`a variant holds one type, not "${signature}"`);
      marshal(writer, 'g', signature);
      return marshal(writer, signature, inner, depth + 1);
    }
    case '(': {
      if (!Array.isArray(value)) throw wrongValue(type, value);
      const fields = innerTypes(type);
      if (fields.length !== value.length) throw new TypeError(`struct ${type} needs ${fields.length} fields`);
      writer.align(8);
      fields.forEach((field, i) => marshal(writer, field, value[i]!, depth + 1));
      return;
    }
    case 'a': {
      const element = type.slice(1);
      writer.u32(0); // the length, patched below
      const lengthAt = writer.length - 4;
      writer.align(ALIGNMENT[element[0]!]!);
      const start = writer.length;
      if (element[0] === '{') {
        const [keyType, valueType] = innerTypes(element) as [string, string];
        const entries =
          value instanceof Map ? [...value.entries()] : typeof value === 'object' ? Object.entries(value) : undefined;
        if (!entries || Array.isArray(value)) throw wrongValue(type, value);
        for (const [key, entry] of entries) {
          writer.align(8);
          marshal(writer, keyType, key as DBusValue, depth + 1);
          marshal(writer, valueType, entry as DBusValue, depth + 1);
        }
      } else {
        if (!Array.isArray(value)) throw wrongValue(type, value);
        for (const item of value) marshal(writer, element, item, depth + 1);
      }
      const bytes = writer.length - start;
      if (bytes > MAX_ARRAY_BYTES) throw new RangeError('a D-Bus array holds at most 64 MiB');
      return writer.patchU32(lengthAt, bytes);
    }
    default:
      throw new SignatureError(`cannot marshal type ${JSON.stringify(type)}`);
  }
}

/** Several values by signature: marshalBody("sa{sv}", ["", {…}]). */
export function marshalBody(signature: string, values: readonly DBusValue[]): Buffer {
  const types = splitSignature(signature);
  if (types.length !== values.length)
    throw new TypeError(`signature "${signature}" has ${types.length} values, given ${values.length}`);
  const writer = new WireWriter();
  types.forEach((type, i) => marshal(writer, type, values[i]!));
  return writer.toBuffer();
}

/** An object path: "/" or "/" then elements of [A-Za-z0-9_], no empty element, no trailing "/". */
export function isObjectPath(path: string): boolean {
  return /^\/$|^(\/[A-Za-z0-9_]+)+$/.test(path);
}

// ---- reading ----------------------------------------------------------------------------------------------

export class WireReader {
  offset = 0;
  readonly buffer: Buffer;
  readonly littleEndian: boolean;
  constructor(buffer: Buffer, littleEndian: boolean) {
    this.buffer = buffer;
    this.littleEndian = littleEndian;
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new RangeError('D-Bus data ends before its values do');
  }

  align(to: number): void {
    const pad = (to - (this.offset % to)) % to;
    this.need(pad);
    this.offset += pad;
  }

  u8(): number {
    this.need(1);
    return this.buffer.readUInt8(this.offset++);
  }

  /** A fixed-size number of `size` bytes, aligned to its size. */
  fixed<T>(size: number, readLE: (b: Buffer, at: number) => T, readBE: (b: Buffer, at: number) => T): T {
    this.align(size);
    this.need(size);
    const value = (this.littleEndian ? readLE : readBE)(this.buffer, this.offset);
    this.offset += size;
    return value;
  }

  u32(): number {
    return this.fixed(
      4,
      (b, at) => b.readUInt32LE(at),
      (b, at) => b.readUInt32BE(at),
    );
  }

  text(length: number): string {
    this.need(length + 1);
    const value = this.buffer.toString('utf8', this.offset, this.offset + length);
    if (this.buffer[this.offset + length] !== 0) throw new RangeError('a D-Bus string must end with NUL');
    this.offset += length + 1;
    return value;
  }
}

/** Read one value of one complete type. */
export function unmarshal(reader: WireReader, type: string, depth = 0): DBusValue {
  if (depth > MAX_DEPTH) throw new RangeError('D-Bus value nested too deeply');
  switch (type[0]) {
    case 'y':
      return reader.u8();
    case 'b': {
      const v = reader.u32();
      if (v > 1) throw new RangeError(`not a D-Bus boolean: ${v}`);
      return v === 1;
    }
    case 'n':
      return reader.fixed(
        2,
        (b, at) => b.readInt16LE(at),
        (b, at) => b.readInt16BE(at),
      );
    case 'q':
      return reader.fixed(
        2,
        (b, at) => b.readUInt16LE(at),
        (b, at) => b.readUInt16BE(at),
      );
    case 'i':
      return reader.fixed(
        4,
        (b, at) => b.readInt32LE(at),
        (b, at) => b.readInt32BE(at),
      );
    case 'u':
    case 'h':
      return reader.u32();
    case 'x':
      return reader.fixed(
        8,
        (b, at) => b.readBigInt64LE(at),
        (b, at) => b.readBigInt64BE(at),
      );
    case 't':
      return reader.fixed(
        8,
        (b, at) => b.readBigUInt64LE(at),
        (b, at) => b.readBigUInt64BE(at),
      );
    case 'd':
      return reader.fixed(
        8,
        (b, at) => b.readDoubleLE(at),
        (b, at) => b.readDoubleBE(at),
      );
    case 's':
    case 'o':
      return reader.text(reader.u32());
    case 'g':
      return reader.text(reader.u8());
    case 'v': {
      const signature = reader.text(reader.u8());
      if (splitSignature(signature).length !== 1) throw new RangeError(`a variant holds one type, not "${signature}"`);
      return { signature, value: unmarshal(reader, signature, depth + 1) };
    }
    case '(':
      reader.align(8);
      return innerTypes(type).map((field) => unmarshal(reader, field, depth + 1));
    case 'a': {
      const length = reader.u32();
      if (length > MAX_ARRAY_BYTES) throw new RangeError('a D-Bus array holds at most 64 MiB');
      const element = type.slice(1);
      reader.align(ALIGNMENT[element[0]!]!);
      const end = reader.offset + length;
      if (end > reader.buffer.length) throw new RangeError('D-Bus data ends before its values do');
      if (element[0] === '{') {
        const [keyType, valueType] = innerTypes(element) as [string, string];
        const map = new Map<DBusValue, DBusValue>();
        while (reader.offset < end) {
          reader.align(8);
          const key = unmarshal(reader, keyType, depth + 1);
          map.set(key, unmarshal(reader, valueType, depth + 1));
        }
        if (reader.offset !== end) throw new RangeError('a D-Bus dict entry runs past its array');
        return map;
      }
      const items: DBusValue[] = [];
      while (reader.offset < end) items.push(unmarshal(reader, element, depth + 1));
      if (reader.offset !== end) throw new RangeError('a D-Bus array element runs past its array');
      return items;
    }
    default:
      throw new SignatureError(`cannot read type ${JSON.stringify(type)}`);
  }
}

/** Every value of a body by its signature. */
export function unmarshalBody(body: Buffer, signature: string, littleEndian: boolean): DBusValue[] {
  const reader = new WireReader(body, littleEndian);
  return splitSignature(signature).map((type) => unmarshal(reader, type));
}

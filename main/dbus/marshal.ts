/**
 * D-Bus values to bytes (the specification's "Marshaling" section): every type but unix fds (`h`). Alignment
 * is counted from the start of the buffer, so a message body must be marshalled from offset 0 (it starts
 * 8-aligned in the message). The reading side is unmarshal.ts; the types both follow are types.ts.
 */
import {
  ALIGNMENT,
  type DBusValue,
  innerTypes,
  isObjectPath,
  MAX_ARRAY_BYTES,
  MAX_DEPTH,
  SignatureError,
  splitSignature,
  type Variant,
} from './types.ts';

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

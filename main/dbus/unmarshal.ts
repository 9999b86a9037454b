/**
 * D-Bus bytes to values (the specification's "Marshaling" section), in either byte order: every type is read,
 * a unix fd (`h`) as its index. Enough for a client that reads any reply or signal; lengths and nesting are
 * checked against the spec's limits before anything is trusted. The writing side is marshal.ts.
 */
import {
  ALIGNMENT,
  type DBusValue,
  innerTypes,
  MAX_ARRAY_BYTES,
  MAX_DEPTH,
  SignatureError,
  splitSignature,
} from './types.ts';

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

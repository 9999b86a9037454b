/**
 * D-Bus messages: the 16-byte fixed header, the header fields (path, interface, member, error name, reply
 * serial, destination, sender, signature) and the body, to bytes and back; and how long a message in a byte
 * stream is, so the connection can cut the stream into messages. Written little-endian; read either way.
 */
import { marshal, marshalBody, WireWriter } from './marshal.ts';
import { type DBusValue, variant, type Variant } from './types.ts';
import { unmarshal, unmarshalBody, WireReader } from './unmarshal.ts';

export const MESSAGE_TYPE = { methodCall: 1, methodReturn: 2, error: 3, signal: 4 } as const;
export type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE];

export const MESSAGE_FLAG = { noReplyExpected: 0x1, noAutoStart: 0x2 } as const;

export interface DBusMessage {
  type: MessageType;
  flags?: number;
  serial: number;
  path?: string;
  interface?: string;
  member?: string;
  errorName?: string;
  replySerial?: number;
  destination?: string;
  sender?: string;
  /** The body's signature; "" (or absent) for no body. */
  signature?: string;
  body?: DBusValue[];
}

/** The spec's largest message. */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

const FIELD = {
  path: 1,
  interface: 2,
  member: 3,
  errorName: 4,
  replySerial: 5,
  destination: 6,
  sender: 7,
  signature: 8,
  unixFds: 9,
} as const;

const FIELD_TYPE: Record<number, string> = { 1: 'o', 2: 's', 3: 's', 4: 's', 5: 'u', 6: 's', 7: 's', 8: 'g', 9: 'u' };

export function encodeMessage(message: DBusMessage): Buffer {
  const body = marshalBody(message.signature ?? '', message.body ?? []);
  const fields: [number, Variant][] = [];
  const add = (code: number, value: string | number | undefined): void => {
    if (value !== undefined) fields.push([code, variant(FIELD_TYPE[code]!, value)]);
  };
  add(FIELD.path, message.path);
  add(FIELD.interface, message.interface);
  add(FIELD.member, message.member);
  add(FIELD.errorName, message.errorName);
  add(FIELD.replySerial, message.replySerial);
  add(FIELD.destination, message.destination);
  add(FIELD.sender, message.sender);
  if (message.signature) add(FIELD.signature, message.signature);
  const writer = new WireWriter();
  writer.u8('l'.charCodeAt(0));
  writer.u8(message.type);
  writer.u8(message.flags ?? 0);
  writer.u8(1); // protocol version
  writer.u32(body.length);
  writer.u32(message.serial);
  marshal(writer, 'a(yv)', fields);
  writer.align(8);
  writer.bytes(body);
  if (writer.length > MAX_MESSAGE_BYTES) throw new RangeError('a D-Bus message is at most 128 MiB');
  return writer.toBuffer();
}

function endianOf(data: Buffer): boolean {
  const mark = String.fromCharCode(data[0]!);
  if (mark !== 'l' && mark !== 'B') throw new RangeError(`not a D-Bus message (endianness byte ${data[0]})`);
  return mark === 'l';
}

/**
 * The length of the message at the start of `data` (fixed header, header fields padded to 8, body), or
 * undefined while fewer than 16 bytes have arrived.
 */
export function messageLength(data: Buffer): number | undefined {
  if (data.length < 16) return undefined;
  const le = endianOf(data);
  const bodyLength = le ? data.readUInt32LE(4) : data.readUInt32BE(4);
  const fieldsLength = le ? data.readUInt32LE(12) : data.readUInt32BE(12);
  const total = Math.ceil((16 + fieldsLength) / 8) * 8 + bodyLength;
  if (total > MAX_MESSAGE_BYTES) throw new RangeError(`a D-Bus message of ${total} bytes is over the 128 MiB limit`);
  return total;
}

export function decodeMessage(data: Buffer): DBusMessage {
  const littleEndian = endianOf(data);
  const reader = new WireReader(data, littleEndian);
  reader.offset = 1;
  const type = reader.u8();
  const flags = reader.u8();
  const version = reader.u8();
  if (version !== 1) throw new RangeError(`D-Bus protocol version ${version} is not 1`);
  if (type < 1 || type > 4) throw new RangeError(`unknown D-Bus message type ${type}`);
  const bodyLength = reader.u32();
  const serial = reader.u32();
  const message: DBusMessage = { type: type as MessageType, flags, serial };
  for (const field of unmarshal(reader, 'a(yv)') as [number, Variant][]) {
    const [code, { signature, value }] = field;
    if (FIELD_TYPE[code] !== undefined && FIELD_TYPE[code] !== signature)
      throw new RangeError(`D-Bus header field ${code} has type "${signature}", not "${FIELD_TYPE[code]}"`);
    if (code === FIELD.path) message.path = value as string;
    else if (code === FIELD.interface) message.interface = value as string;
    else if (code === FIELD.member) message.member = value as string;
    else if (code === FIELD.errorName) message.errorName = value as string;
    else if (code === FIELD.replySerial) message.replySerial = value as number;
    else if (code === FIELD.destination) message.destination = value as string;
    else if (code === FIELD.sender) message.sender = value as string;
    else if (code === FIELD.signature) message.signature = value as string;
    // unknown fields (and unix fds, never negotiated here) are ignored, as the spec asks
  }
  reader.align(8);
  if (reader.offset + bodyLength > data.length) throw new RangeError('D-Bus message body is cut short');
  const body = data.subarray(reader.offset, reader.offset + bodyLength);
  message.signature ??= '';
  message.body = unmarshalBody(body, message.signature, littleEndian);
  return message;
}

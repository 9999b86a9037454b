/**
 * A minimal D-Bus client connection over a unix socket: SASL `EXTERNAL` authentication (the bus knows our
 * uid from the socket), `Hello` for our unique name, method calls with a reply timeout, `AddMatch`, and the
 * signals the bus routes to us. It answers method calls made to it with UnknownMethod, as any client must.
 * No unix fd passing, no server side, no introspection: what the screenshot portal needs and no more.
 *
 * Why not the `dbus-next` package: its last release is from 2021, it brings eight runtime packages (xml2js,
 * event-stream, jsbi, long…) and an optional native socket module that needs a compiler (blocked by the
 * repository's allowScripts), and its types need casts under strict TS. The protocol subset used here is
 * small, specified, and tested against the real dbus-daemon and xdg-desktop-portal.
 */
import net from 'node:net';
import { busSockets, sessionBusAddress } from './bus-address.ts';
import {
  type DBusMessage,
  decodeMessage,
  encodeMessage,
  MESSAGE_FLAG,
  MESSAGE_TYPE,
  messageLength,
} from './message.ts';
import type { DBusValue } from './types.ts';

/** An error reply: `errorName` is the D-Bus error, e.g. org.freedesktop.DBus.Error.ServiceUnknown. */
export class DBusError extends Error {
  override name = 'DBusError';
  readonly errorName: string;
  constructor(errorName: string, message: string) {
    super(message);
    this.errorName = errorName;
  }
}

/** There is no session bus to talk to: none named, none listening, or it refused us. */
export class BusUnavailableError extends Error {
  override name = 'BusUnavailableError';
}

export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: DBusValue[];
  /** How long to wait for the reply (default 25 s, libdbus' default). */
  timeoutMs?: number;
  /** Do not let the bus start the destination service if it is not running. */
  noAutoStart?: boolean;
}

export interface BusConnection {
  /** Our name on the bus, e.g. ":1.42". */
  readonly uniqueName: string;
  /** The reply (its `body`), or a DBusError for an error reply or no reply in time. */
  call(call: MethodCall): Promise<DBusMessage>;
  /** Ask the bus to route the signals this match rule describes to us. */
  addMatch(rule: string): Promise<void>;
  /** Every signal routed to us, until the returned function is called. */
  onSignal(listener: (signal: DBusMessage) => void): () => void;
  close(): void;
}

const BUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' };

function openSocket(path: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Read one CRLF-terminated line of the auth conversation; returns it and whatever came after it. */
function readLine(socket: net.Socket, timeoutMs: number): Promise<{ line: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let data: Buffer = Buffer.alloc(0);
    const done = (error?: Error, value?: { line: string; rest: Buffer }): void => {
      clearTimeout(timer);
      socket.off('data', onData).off('error', onError).off('close', onClose);
      socket.pause(); // no bytes may flow while nobody listens; the connection resumes it
      if (error) reject(error);
      else resolve(value!);
    };
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n');
      if (end >= 0) done(undefined, { line: data.toString('latin1', 0, end), rest: data.subarray(end + 2) });
      else if (data.length > 16384) done(new Error('the bus sent an over-long authentication line'));
    };
    const onError = (error: Error): void => done(error);
    const onClose = (): void => done(new Error('the bus closed the connection while authenticating'));
    const timer = setTimeout(() => done(new Error(`no authentication answer in ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', onData).once('error', onError).once('close', onClose);
  });
}

/** SASL EXTERNAL with our uid, then BEGIN. Returns bytes that came after the OK line (normally none). */
async function authenticate(socket: net.Socket, timeoutMs: number): Promise<Buffer> {
  const uid = process.getuid?.();
  if (uid === undefined) throw new BusUnavailableError('D-Bus EXTERNAL authentication needs a POSIX uid');
  socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid), 'ascii').toString('hex')}\r\n`);
  const { line, rest } = await readLine(socket, timeoutMs);
  if (!/^OK [0-9a-fA-F]+$/.test(line)) throw new BusUnavailableError(`the session bus refused us: ${line}`);
  socket.write('BEGIN\r\n');
  return rest;
}

/**
 * Connect to the session bus of `env` and say Hello. Throws BusUnavailableError when there is no bus to
 * reach (nothing named, nothing listening, authentication refused).
 */
export async function connectSessionBus(
  env: NodeJS.ProcessEnv = process.env,
  options: { timeoutMs?: number } = {},
): Promise<BusConnection> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const address = sessionBusAddress(env);
  if (!address) throw new BusUnavailableError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  const sockets = busSockets(address);
  if (!sockets.length) throw new BusUnavailableError(`no unix socket in the session bus address ${address}`);
  const failures: string[] = [];
  for (const { path, address: where } of sockets) {
    let socket: net.Socket | undefined;
    try {
      socket = await openSocket(path, timeoutMs);
      const rest = await authenticate(socket, timeoutMs);
      return await startConnection(socket, rest);
    } catch (error) {
      socket?.destroy();
      if (error instanceof BusUnavailableError) throw error;
      failures.push(`${where}: ${(error as Error).message}`);
    }
  }
  throw new BusUnavailableError(`cannot reach the D-Bus session bus (${failures.join('; ')})`);
}

async function startConnection(socket: net.Socket, initial: Buffer): Promise<BusConnection> {
  let serial = 0;
  let closed: Error | undefined;
  const pending = new Map<
    number,
    { resolve: (m: DBusMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  const listeners = new Set<(signal: DBusMessage) => void>();
  let buffered: Buffer = Buffer.alloc(0);

  const send = (message: Omit<DBusMessage, 'serial'>): number => {
    if (closed) throw closed;
    serial = serial >= 0xffffffff ? 1 : serial + 1;
    socket.write(encodeMessage({ ...message, serial }));
    return serial;
  };

  const shutDown = (reason: Error): void => {
    if (closed) return;
    closed = reason;
    socket.destroy();
    for (const { reject, timer } of pending.values()) {
      clearTimeout(timer);
      reject(reason);
    }
    pending.clear();
    listeners.clear();
  };

  const dispatch = (message: DBusMessage): void => {
    if (message.type === MESSAGE_TYPE.methodReturn || message.type === MESSAGE_TYPE.error) {
      const waiting = message.replySerial === undefined ? undefined : pending.get(message.replySerial);
      if (!waiting) return;
      pending.delete(message.replySerial!);
      clearTimeout(waiting.timer);
      if (message.type === MESSAGE_TYPE.methodReturn) waiting.resolve(message);
      else {
        const text = typeof message.body?.[0] === 'string' ? message.body[0] : message.errorName!;
        waiting.reject(new DBusError(message.errorName ?? 'org.freedesktop.DBus.Error.Failed', text));
      }
    } else if (message.type === MESSAGE_TYPE.signal) {
      for (const listener of [...listeners]) listener(message);
    } else if (message.type === MESSAGE_TYPE.methodCall && !((message.flags ?? 0) & MESSAGE_FLAG.noReplyExpected)) {
      send({
        type: MESSAGE_TYPE.error,
        flags: MESSAGE_FLAG.noReplyExpected,
        errorName: 'org.freedesktop.DBus.Error.UnknownMethod',
        replySerial: message.serial,
        ...(message.sender === undefined ? {} : { destination: message.sender }),
        signature: 's',
        body: [`${message.interface ?? ''}.${message.member ?? ''} is not served here`],
      });
    }
  };

  const onData = (chunk: Buffer): void => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    try {
      for (let length = messageLength(buffered); length !== undefined && buffered.length >= length;) {
        const message = decodeMessage(buffered.subarray(0, length));
        buffered = buffered.subarray(length);
        dispatch(message);
        length = messageLength(buffered);
      }
    } catch (error) {
      shutDown(new BusUnavailableError(`the session bus sent a message this client cannot read: ${String(error)}`));
    }
  };

  socket.on('data', onData);
  socket.on('error', (error) => shutDown(new BusUnavailableError(`session bus connection failed: ${error.message}`)));
  socket.on('close', () => shutDown(new BusUnavailableError('the session bus closed the connection')));
  if (initial.length) onData(initial);
  socket.resume();

  const call = (request: MethodCall): Promise<DBusMessage> =>
    new Promise((resolve, reject) => {
      const timeoutMs = request.timeoutMs ?? 25_000;
      let sent: number;
      try {
        sent = send({
          type: MESSAGE_TYPE.methodCall,
          flags: request.noAutoStart ? MESSAGE_FLAG.noAutoStart : 0,
          destination: request.destination,
          path: request.path,
          interface: request.interface,
          member: request.member,
          signature: request.signature ?? '',
          body: request.body ?? [],
        });
      } catch (error) {
        return reject(error as Error);
      }
      const timer = setTimeout(() => {
        pending.delete(sent);
        reject(
          new DBusError(
            'org.freedesktop.DBus.Error.NoReply',
            `${request.destination} did not answer ${request.member} in ${timeoutMs / 1000} s`,
          ),
        );
      }, timeoutMs);
      pending.set(sent, { resolve, reject, timer });
    });

  try {
    const hello = await call({ ...BUS, member: 'Hello', timeoutMs: 10_000 });
    const uniqueName = hello.body?.[0];
    if (typeof uniqueName !== 'string') throw new BusUnavailableError('the session bus gave no unique name');
    return {
      uniqueName,
      call,
      async addMatch(rule) {
        await call({ ...BUS, member: 'AddMatch', signature: 's', body: [rule] });
      },
      onSignal(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close() {
        shutDown(new BusUnavailableError('the connection was closed'));
      },
    };
  } catch (error) {
    shutDown(error instanceof Error ? error : new Error(String(error)));
    throw error instanceof DBusError
      ? new BusUnavailableError(`the session bus did not greet us: ${error.message}`)
      : error;
  }
}

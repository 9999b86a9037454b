/**
 * The D-Bus client's pure parts: signatures, marshalling both ways (alignment, dicts, variants, structs,
 * big-endian input), whole messages (the well-known bytes of the bus's Hello call), stream framing, and
 * session bus addresses. The client itself talks to a real dbus-daemon in capture-portal.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { busSockets, sessionBusAddress } from '../../main/dbus/bus-address.ts';
import { decodeMessage, encodeMessage, MESSAGE_TYPE, messageLength } from '../../main/dbus/message.ts';
import { marshalBody } from '../../main/dbus/marshal.ts';
import { isObjectPath, SignatureError, splitSignature, variant } from '../../main/dbus/types.ts';
import { unmarshalBody } from '../../main/dbus/unmarshal.ts';

test('signatures split into complete types; malformed ones are refused', () => {
  assert.deepEqual(splitSignature('sa{sv}u'), ['s', 'a{sv}', 'u']);
  assert.deepEqual(splitSignature('a(yv)aa{s(ii)}v'), ['a(yv)', 'aa{s(ii)}', 'v']);
  assert.deepEqual(splitSignature(''), []);
  for (const bad of ['a', 'a{vs}', 'a{s}', 'a{sss}', '(', '()', 'z', '(s', 'a{sv']) {
    assert.throws(() => splitSignature(bad), SignatureError, bad);
  }
  assert.throws(() => splitSignature('s'.repeat(256)), /at most 255/);
});

test("the bus's Hello call encodes to the bytes every D-Bus client sends", () => {
  const hello = encodeMessage({
    type: MESSAGE_TYPE.methodCall,
    serial: 1,
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'Hello',
    destination: 'org.freedesktop.DBus',
  });
  const expected = Buffer.concat([
    Buffer.from(
      'l\x01\x00\x01\x00\x00\x00\x00\x01\x00\x00\x00m\x00\x00\x00' +
        '\x01\x01o\x00\x15\x00\x00\x00/org/freedesktop/DBus\x00\x00\x00' +
        '\x02\x01s\x00\x14\x00\x00\x00org.freedesktop.DBus\x00\x00\x00\x00' +
        '\x03\x01s\x00\x05\x00\x00\x00Hello\x00\x00\x00' +
        '\x06\x01s\x00\x14\x00\x00\x00org.freedesktop.DBus\x00',
      'latin1',
    ),
    Buffer.alloc(3), // the header is padded to 8 even without a body
  ]);
  assert.deepEqual(hello, expected);
  assert.equal(messageLength(hello), 128);
  const back = decodeMessage(hello);
  assert.equal(back.member, 'Hello');
  assert.equal(back.destination, 'org.freedesktop.DBus');
  assert.deepEqual(back.body, []);
});

test('a method call with an a{sv} of variants round-trips, the body 8-aligned after the header', () => {
  const options = { handle_token: variant('s', 'traydrop_1'), interactive: variant('b', true) };
  const bytes = encodeMessage({
    type: MESSAGE_TYPE.methodCall,
    serial: 9,
    destination: 'org.freedesktop.portal.Desktop',
    path: '/org/freedesktop/portal/desktop',
    interface: 'org.freedesktop.portal.Screenshot',
    member: 'Screenshot',
    signature: 'sa{sv}',
    body: ['', options],
  });
  const bodyLength = bytes.readUInt32LE(4);
  assert.equal((bytes.length - bodyLength) % 8, 0, 'the body starts on an 8-byte boundary');
  const back = decodeMessage(bytes);
  assert.equal(back.signature, 'sa{sv}');
  assert.equal(back.body![0], '');
  assert.deepEqual(
    back.body![1],
    new Map([
      ['handle_token', { signature: 's', value: 'traydrop_1' }],
      ['interactive', { signature: 'b', value: true }],
    ]),
  );
});

test('alignment: an empty array still pads to its element; structs and 64-bit values land on 8', () => {
  assert.equal(marshalBody('yax', [1, []]).length, 8, 'y, pad, length 0, (pad to 8)');
  const one = marshalBody('yat', [1, [5n]]);
  assert.equal(one.length, 16);
  assert.equal(one.readUInt32LE(4), 8, 'the length counts the elements, not the padding before them');
  assert.equal(one.readBigUInt64LE(8), 5n);
  const values = [
    7,
    [
      [1, 'x'],
      [2, 'yz'],
    ],
    new Map([[3, [true, -2]]]),
    1.5,
    variant('(sd)', ['a', 2]),
  ];
  const signature = 'ya(ys)a{q(bi)}dv';
  const bytes = marshalBody(signature, values);
  assert.deepEqual(unmarshalBody(bytes, signature, true), [
    7,
    [
      [1, 'x'],
      [2, 'yz'],
    ],
    new Map([[3, [true, -2]]]),
    1.5,
    { signature: '(sd)', value: ['a', 2] },
  ]);
});

test('a big-endian signal (as another machine may send) is read right', () => {
  const be = Buffer.from([
    ...[0x42, 4, 0, 1, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 55], // 'B', signal, flags, v1, body 4, serial 7, fields 55
    ...[1, 1, 0x6f, 0, 0, 0, 0, 2, 0x2f, 0x61, 0, 0, 0, 0, 0, 0], // PATH o "/a", pad to 32
    ...[2, 1, 0x73, 0, 0, 0, 0, 3, 0x78, 0x2e, 0x79, 0, 0, 0, 0, 0], // INTERFACE s "x.y", pad to 48
    ...[3, 1, 0x73, 0, 0, 0, 0, 1, 0x5a, 0, 0, 0, 0, 0, 0, 0], // MEMBER s "Z", pad to 64
    ...[8, 1, 0x67, 0, 1, 0x75, 0, 0], // SIGNATURE g "u", pad to 72
    ...[1, 2, 3, 4], // body: u 0x01020304
  ]);
  assert.equal(messageLength(be), be.length);
  const message = decodeMessage(be);
  assert.equal(message.type, MESSAGE_TYPE.signal);
  assert.equal(message.serial, 7);
  assert.deepEqual([message.path, message.interface, message.member], ['/a', 'x.y', 'Z']);
  assert.deepEqual(message.body, [0x01020304]);
});

test('framing: no length before 16 bytes; over-long or cut-short messages are refused', () => {
  const hello = encodeMessage({ type: MESSAGE_TYPE.methodCall, serial: 1, path: '/', member: 'Ping' });
  assert.equal(messageLength(hello.subarray(0, 15)), undefined);
  assert.equal(messageLength(hello.subarray(0, 16)), hello.length);
  const huge = Buffer.from(hello);
  huge.writeUInt32LE(200 * 1024 * 1024, 4);
  assert.throws(() => messageLength(huge), /128 MiB/);
  const withBody = encodeMessage({ type: MESSAGE_TYPE.signal, serial: 2, path: '/', signature: 's', body: ['abc'] });
  assert.throws(() => decodeMessage(withBody.subarray(0, withBody.length - 2)), RangeError);
  assert.throws(() => decodeMessage(Buffer.from('xyz'.padEnd(16, '\0'))), /not a D-Bus message/);
});

test('values that do not fit their type are refused when writing', () => {
  assert.throws(() => marshalBody('u', [-1]), TypeError);
  assert.throws(() => marshalBody('y', [256]), TypeError);
  assert.throws(() => marshalBody('s', [5]), TypeError);
  assert.throws(() => marshalBody('s', ['a\0b']), /NUL/);
  assert.throws(() => marshalBody('o', ['not/a/path']), /object path/);
  assert.throws(() => marshalBody('v', ['bare']), TypeError);
  assert.throws(() => marshalBody('(su)', [['only one']]), /2 fields/);
  assert.throws(() => marshalBody('su', ['one']), /has 2 values/);
  assert.throws(() => unmarshalBody(Buffer.from([5, 0, 0, 0, 0x61]), 's', true), RangeError);
  assert.throws(() => unmarshalBody(Buffer.from([2, 0, 0, 0]), 'b', true), /boolean/);
});

test('object paths', () => {
  for (const good of ['/', '/org/freedesktop/portal/desktop/request/1_42/traydrop_ab12']) assert.ok(isObjectPath(good));
  for (const bad of ['', 'org', '/a/', '//a', '/a-b', '/a.b']) assert.ok(!isObjectPath(bad), bad);
});

test('session bus address: the variable, else $XDG_RUNTIME_DIR/bus; unix paths, abstract sockets, escapes', () => {
  assert.equal(sessionBusAddress({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }), 'unix:path=/x');
  assert.equal(sessionBusAddress({ XDG_RUNTIME_DIR: '/run/user/1000' }), 'unix:path=/run/user/1000/bus');
  assert.equal(sessionBusAddress({ XDG_RUNTIME_DIR: '/tmp/a b' }), 'unix:path=/tmp/a%20b/bus');
  assert.equal(sessionBusAddress({}), undefined);
  assert.deepEqual(busSockets('unix:path=/run/user/1000/bus'), [
    { path: '/run/user/1000/bus', address: 'unix:path=/run/user/1000/bus' },
  ]);
  assert.deepEqual(
    busSockets('tcp:host=localhost,port=1;unix:abstract=/tmp/dbus-XYZ,guid=0123;unix:path=/tmp/a%20b/bus').map(
      (s) => s.path,
    ),
    ['\0/tmp/dbus-XYZ', '/tmp/a b/bus'],
  );
  assert.deepEqual(busSockets('launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET'), []);
  assert.throws(() => busSockets('unix:path=/a%2'), /bad escape/);
});

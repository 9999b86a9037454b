/** The server connects on a user's behalf only to global unicast addresses (server/net/global-address.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGlobalUnicast } from '../../server/net/global-address.ts';

const REFUSED: Record<string, string[]> = {
  'this network 0/8, and 0.0.0.0 (which reaches the local host)': ['0.0.0.0', '0.1.2.3'],
  'RFC 1918 private': ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1'],
  loopback: ['127.0.0.1', '127.255.255.254', '::1'],
  'link-local (cloud metadata)': ['169.254.169.254', 'fe80::1'],
  'carrier-grade NAT 100.64/10 (Tailscale)': ['100.64.0.1', '100.100.100.100', '100.127.255.254'],
  'benchmarking 198.18/15': ['198.18.0.1', '198.19.255.254', '2001:2::1'],
  'IETF protocol assignments 192.0.0/24': ['192.0.0.1', '192.0.0.170'],
  'documentation ranges': ['192.0.2.1', '198.51.100.1', '203.0.113.1', '2001:db8::1', '3fff::1'],
  'reserved 240/4 and broadcast': ['240.0.0.1', '255.255.255.255'],
  'multicast 224/4 and ff00::/8': ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff0e::1'],
  'IPv4-mapped IPv6, dotted and hex': ['::ffff:10.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:1.1.1.1'],
  'IPv4-compatible IPv6 (deprecated) and unspecified': ['::7f00:1', '::10.0.0.1', '::'],
  'unique local fc00::/7 and site-local fec0::/10': ['fc00::1', 'fd12:3456::1', 'fec0::1', 'feff::1'],
  'NAT64 64:ff9b::/96 and 64:ff9b:1::/48': ['64:ff9b::a00:1', '64:ff9b::7f00:1', '64:ff9b:1::1'],
  '6to4 2002::/16 (embeds an IPv4, private or not) and Teredo 2001::/32': [
    '2002:a00:1::1',
    '2002:101:101::1',
    '2001::1',
  ],
  'discard 100::/64 and other space outside 2000::/3': ['100::1', '4000::1', 'e000::1'],
  'zone ids, even on a global address': ['fe80::1%eth0', '2606:4700::1111%eth0', 'fe80::1%1'],
  'not an exact IP string': ['127.1', '0x7f000001', '2130706433', '0177.0.0.1', 'localhost', '', '1.1.1.1 '],
};

test('special-purpose, non-unicast and malformed addresses are refused', () => {
  for (const [range, addresses] of Object.entries(REFUSED))
    for (const address of addresses) assert.equal(isGlobalUnicast(address), false, `${range}: ${address}`);
});

test('global unicast addresses are allowed', () => {
  for (const address of ['1.1.1.1', '8.8.8.8', '93.184.215.14', '100.63.255.255', '100.128.0.1', '198.17.0.1'])
    assert.equal(isGlobalUnicast(address), true, address);
  for (const address of ['2606:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001::1'])
    assert.equal(isGlobalUnicast(address), true, address);
});

/** Custom domains: a name that URL parsers or getaddrinfo read as an IPv4 address is not a domain. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeDomain } from '../../server/domains/domain-name.ts';

test('numeric last labels (decimal or 0x hex) are IPv4 addresses, refused', () => {
  for (const ip of ['127.0x1', '0x7f.1', '10.0.0.0x1', 'a.0x', '1.2.3.4', '127.1'])
    assert.equal(normalizeDomain(ip), null, ip);
});

test('names with numbers or 0x elsewhere are still domains', () => {
  for (const name of ['0x7f.example.com', '127.0.0.1.nip.io', 'files.0xabc.io', 'a.b0x1', 'x.com'])
    assert.equal(normalizeDomain(name), name, name);
});

// Per-client rate limits count an IPv6 client by its /64 (server/lookups/address-block.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressBlock } from '../../server/lookups/address-block.ts';

describe('addressBlock', () => {
  test('every address of one IPv6 /64 counts as one client, another /64 apart', () => {
    const block = addressBlock('2001:db8:abcd:12:1:2:3:4');
    assert.equal(block, '2001:db8:abcd:12::/64');
    for (const other of ['2001:db8:abcd:12::1', '2001:0DB8:ABCD:0012:ffff:ffff:ffff:fffe', '2001:db8:abcd:12::7%eth0']) {
      assert.equal(addressBlock(other), block, other);
    }
    assert.equal(addressBlock('2001:db8:abcd:13::1'), '2001:db8:abcd:13::/64');
    assert.equal(addressBlock('::1'), '0:0:0:0::/64');
    assert.equal(addressBlock('2001:db8::'), '2001:db8:0:0::/64');
    assert.equal(addressBlock('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  });

  test('IPv4, IPv4-mapped IPv6 and anything else stay whole', () => {
    assert.equal(addressBlock('203.0.113.7'), '203.0.113.7');
    assert.equal(addressBlock('203.0.113.8'), '203.0.113.8');
    assert.equal(addressBlock('::ffff:203.0.113.7'), '::ffff:203.0.113.7');
    assert.equal(addressBlock('unknown'), 'unknown');
  });
});

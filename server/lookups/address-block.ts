/**
 * The block of addresses a per-client rate limit counts against. An IPv6 customer usually gets a
 * whole /64 (or more), so counting each IPv6 address alone would let one client take a fresh
 * limit with every address it picks from its block: IPv6 addresses count by their /64. IPv4
 * addresses (also written IPv4-mapped, `::ffff:203.0.113.7`) are scarce and stay whole, as does
 * anything that is not an address (`unknown`).
 */
import { isIPv6 } from 'node:net';

export function addressBlock(address: string): string {
  const bare = address.replace(/%.*$/, ''); // a zone (`fe80::1%eth0`) is local to the host
  if (!isIPv6(bare)) return address;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(bare)) return address;
  const groups = ipv6Groups(bare);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The 8 groups of a valid IPv6 address, without leading zeros (`2001:db8:0:0:…`). */
function ipv6Groups(address: string): string[] {
  // A trailing dotted quad (`64:ff9b::192.0.2.1`) is the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const written = dotted
    ? address.slice(0, dotted.index) + [Number(dotted[1]) * 256 + Number(dotted[2]), Number(dotted[3]) * 256 + Number(dotted[4])].map((group) => group.toString(16)).join(':')
    : address;
  const [head = '', tail] = written.split('::');
  const part = (text: string) => (text ? text.split(':') : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { TrustProxy } from '../config/trust-proxy';

/**
 * Who the client is, as far as the login limits are concerned. Pure functions: the trust
 * rule handed to fastify (req.ip follows it) and the key one client's failures are counted under.
 */

/** Loopback, link-local and unique-local (private) ranges: where a reverse proxy usually connects from. */
const PRIVATE = new BlockList();
for (const [net, bits] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (isIPv4(address)) return PRIVATE.check(address, 'ipv4');
  // BlockList matches IPv4-mapped IPv6 (::ffff:10.0.0.1) against the IPv4 ranges too.
  return isIPv6(address) && PRIVATE.check(address, 'ipv6');
}

export type TrustFn = (address: string, hop: number) => boolean;

/**
 * fastify's `trustProxy` for the configured TRUST_PROXY. An address list goes to fastify
 * (proxy-addr) as is. A hop count becomes a function: fastify ≥ 5.12 treats a bare number as
 * "trust nothing", because a client that reaches the server directly could otherwise claim
 * any address. The function trusts the N nearest hops, and the nearest only when it connects
 * from a loopback or private address — a client on the internet talking to us directly can
 * still not pick its address. (A proxy on a public address must be listed by address.)
 */
export function trustProxyOption(setting: TrustProxy): false | string[] | TrustFn {
  if (setting === false) return false;
  if (Array.isArray(setting)) return setting;
  const hops = setting;
  return (address, hop) => hop < hops && (hop > 0 || isPrivateAddress(address));
}

/**
 * The key a client's failed logins are counted under: the IPv4 address (IPv4-mapped IPv6
 * unwrapped), or the /64 of an IPv6 address — one home or server usually holds a whole /64,
 * and counting each of its 2^64 addresses apart would be no limit at all.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 64);
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros. */
function expandIPv6(ip: string): string[] {
  let s = ip.split('%')[0].toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    s = s.slice(0, quad.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g, 16).toString(16));
}

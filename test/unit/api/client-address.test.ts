import Fastify from 'fastify';
import { clientKey, isPrivateAddress, trustProxyOption, type TrustFn } from '../../../src/api/client-address';
import { parseTrustProxy } from '../../../src/config/trust-proxy';

describe('TRUST_PROXY', () => {
  it('is off by default and for the usual false spellings', () => {
    for (const raw of [undefined, '', ' false ', '0', 'off', 'no']) expect(parseTrustProxy(raw)).toEqual({ value: false });
  });
  it('refuses true (every hop trusted) and says what to set instead', () => {
    for (const raw of ['true', 'TRUE', 'yes', 'on']) {
      const r = parseTrustProxy(raw);
      expect(r).toEqual({ problem: expect.stringContaining('would trust every hop') });
      expect((r as { problem: string }).problem).toMatch(/number of proxies.*e\.g\. 1.*addresses or CIDR ranges.*or false/);
    }
  });
  it('takes a hop count', () => {
    expect(parseTrustProxy('1')).toEqual({ value: 1 });
    expect(parseTrustProxy('2')).toEqual({ value: 2 });
    expect(parseTrustProxy('11')).toEqual({ problem: expect.stringContaining('hop count must be 1–10') });
  });
  it('takes proxy addresses, CIDR ranges and proxy-addr names, and names every bad entry', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,fd00::/8 ,loopback')).toEqual({ value: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'loopback'] });
    const bad = parseTrustProxy('10.0.0.0/33,proxy.internal,0.0.0.0/0,::/0,fe80::1%eth0,1.2.3.4/8/8');
    expect('problem' in bad).toBe(true);
    const msg = (bad as { problem: string }).problem;
    for (const part of ['"10.0.0.0/33": the prefix length must be 1–32', '"proxy.internal" is not an IP address', '"0.0.0.0/0" trusts every address', '"::/0" trusts every address', '"fe80::1%eth0" is not', '"1.2.3.4/8/8" is not']) {
      expect(msg).toContain(part);
    }
  });
  it('every list it accepts is one fastify (proxy-addr) accepts too', () => {
    const r = parseTrustProxy('127.0.0.1,10.0.0.0/8,172.16.0.0/12,::1,fd00::/8,2001:db8::/32,uniquelocal,linklocal') as { value: string[] };
    expect(() => Fastify({ trustProxy: trustProxyOption(r.value) })).not.toThrow();
  });
});

describe('the trust rule handed to fastify', () => {
  it('a hop count trusts that many hops, the nearest only from a private or loopback address', () => {
    const fn = trustProxyOption(1) as TrustFn;
    expect(fn('127.0.0.1', 0)).toBe(true);
    expect(fn('10.1.2.3', 0)).toBe(true);
    expect(fn('::ffff:192.168.1.10', 0)).toBe(true);
    expect(fn('fd12::1', 0)).toBe(true);
    // A client on the internet that reaches the server directly cannot name its own address.
    expect(fn('203.0.113.9', 0)).toBe(false);
    // Only one hop: the address the proxy saw is the client, whatever stands before it in the header.
    expect(fn('198.51.100.1', 1)).toBe(false);
    const two = trustProxyOption(2) as TrustFn;
    expect(two('10.0.0.2', 0)).toBe(true);
    expect(two('198.51.100.1', 1)).toBe(true);
    expect(two('198.51.100.2', 2)).toBe(false);
  });
  it('false and address lists are handed to fastify as they are', () => {
    expect(trustProxyOption(false)).toBe(false);
    expect(trustProxyOption(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });
  it('private means loopback, RFC 1918, link-local and unique-local', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.1.1', '::1', 'fc00::1', 'fe80::1']) expect(isPrivateAddress(a)).toBe(true);
    for (const a of ['172.32.0.1', '8.8.8.8', '2001:db8::1', '::ffff:8.8.8.8', 'not-an-ip', undefined]) expect(isPrivateAddress(a)).toBe(false);
  });
});

describe('the key failed logins are counted under', () => {
  it('is the IPv4 address, IPv4-mapped IPv6 unwrapped', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
  it('is the /64 for IPv6, however the address is written', () => {
    const key = '2001:db8:1:2::/64';
    for (const a of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:DB8:1:2:0:0:0:9', '2001:db8:1:2::10.0.0.1']) expect(clientKey(a)).toBe(key);
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

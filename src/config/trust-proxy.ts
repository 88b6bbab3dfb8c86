import { isIP } from 'node:net';

/**
 * TRUST_PROXY: which reverse proxies may tell us the client's address (X-Forwarded-For) and
 * scheme (X-Forwarded-Proto). Pure parsing, used by the config schema.
 *
 * - `false` (or empty): nobody; the client is whoever opened the TCP connection.
 * - a hop count `N` ≥ 1: the N nearest hops are proxies (see src/api/client-address.ts for the
 *   safeguard on the nearest one).
 * - a comma list of proxy addresses and CIDR ranges, e.g. `127.0.0.1,10.0.0.0/8,fd00::/8`
 *   (and proxy-addr's names `loopback`, `linklocal`, `uniquelocal`): only connections from
 *   those addresses are believed, hop by hop.
 *
 * `true` is refused: it believes every hop, so any client can name its own address by sending
 * X-Forwarded-For, and with it get a fresh login budget on every request.
 */
export type TrustProxy = false | number | string[];

export const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

const TRUE_MESSAGE =
  '"true" would trust every hop, so any client could pick its own address with X-Forwarded-For (and get unlimited login attempts); ' +
  'set the number of proxies in front of the server (e.g. 1), or their addresses or CIDR ranges (e.g. 127.0.0.1 or 10.0.0.0/8,fd00::/8), or false when clients connect directly';

/** One proxy entry: an IP address, a CIDR range with a sensible prefix, or a proxy-addr name. */
export function proxyEntryProblem(entry: string): string | null {
  if ((TRUST_PROXY_NAMES as readonly string[]).includes(entry)) return null;
  const [ip, prefix, ...rest] = entry.split('/');
  const family = ip.includes('%') ? 0 : isIP(ip);
  if (rest.length || family === 0) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix === undefined) return null;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `"${entry}": the prefix length must be 1–${bits}`;
  if (Number(prefix) === 0) return `"${entry}" trusts every address, as "true" would; name the proxies' own addresses or ranges`;
  return null;
}

export function parseTrustProxy(raw: string | undefined): { value: TrustProxy } | { problem: string } {
  const s = (raw ?? '').trim();
  const lower = s.toLowerCase();
  if (['', 'false', '0', 'no', 'off'].includes(lower)) return { value: false };
  if (['true', 'yes', 'on'].includes(lower)) return { problem: TRUE_MESSAGE };
  if (/^\d+$/.test(s)) {
    const hops = Number(s);
    return hops >= 1 && hops <= 10 ? { value: hops } : { problem: `a hop count must be 1–10, got ${s}` };
  }
  const entries = s.split(',').map((e) => e.trim()).filter(Boolean);
  const problems = entries.map(proxyEntryProblem).filter((p): p is string => p !== null);
  if (problems.length || !entries.length) {
    return { problem: `expected false, a hop count (e.g. 1) or a comma list of proxy addresses/CIDR ranges: ${problems.join('; ') || 'empty list'}` };
  }
  return { value: entries };
}

/**
 * Authentication-Results (RFC 8601) and spam-filter verdict headers.
 *
 * Anyone can put an Authentication-Results header into a mail before sending it, so only headers
 * whose authserv-id names one of our own receiving MTAs count (RFC 8601 §5, §7.2). Receiving MTAs
 * prepend their headers, so the topmost trusted one is the one our MTA wrote last.
 */

export type DmarcVerdict = 'pass' | 'fail' | 'none' | 'unknown';

export interface AuthResults {
  dmarc: DmarcVerdict;
  /** Result token of the spf method ("pass", "softfail", …), or null. */
  spf: string | null;
  /** Result token of the dkim method; "pass" when any signature passed. */
  dkim: string | null;
  /** authserv-id of the header used, or null when none was trusted. */
  authservId: string | null;
}

export interface SpamVerdict {
  spam: boolean;
  score: number | null;
  reasons: string[];
}

/** Remove RFC 5322 §3.2.2 comments (nested parentheses, quoted-pair aware), keep quoted strings. */
export function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += c + (value[i + 1] ?? '');
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** Split on `;` outside quoted strings. */
function splitSemicolons(value: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

interface ParsedHeader {
  authservId: string;
  results: { method: string; result: string }[];
}

/** RFC 8601 §2.2: authserv-id [version] ( "; none" / 1*( ";" resinfo ) ). */
export function parseAuthenticationResults(value: string): ParsedHeader | null {
  const clean = stripComments(value.replace(/\r?\n[ \t]+/g, ' ')).replace(/\s+/g, ' ').trim();
  const [head, ...rest] = splitSemicolons(clean);
  const authservId = (head ?? '').trim().split(' ')[0]?.replace(/^"|"$/g, '').toLowerCase() ?? '';
  if (!authservId) return null;
  const results: ParsedHeader['results'] = [];
  for (const resinfo of rest) {
    // methodspec = method [ "/" version ] "=" result (RFC 8601 §2.2); ptype.property=value follows.
    const m = /^\s*([a-z0-9][a-z0-9_.-]*)\s*(?:\/\s*\d+\s*)?=\s*([a-z0-9_-]+)/i.exec(resinfo);
    if (m) results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase() });
  }
  return { authservId, results };
}

function dmarcVerdict(result: string | undefined): DmarcVerdict {
  switch (result) {
    case 'pass':
      return 'pass';
    case 'fail':
      return 'fail';
    case 'none':
    case 'bestguesspass': // Microsoft: no DMARC record published, alignment would pass
      return 'none';
    default:
      return 'unknown';
  }
}

export function readAuthenticationResults(headers: Record<string, string[]>, trustedAuthservIds: string[]): AuthResults {
  const trusted = new Set(trustedAuthservIds.map((id) => id.trim().toLowerCase()).filter(Boolean));
  for (const value of headers['authentication-results'] ?? []) {
    const parsed = parseAuthenticationResults(value);
    if (!parsed || !trusted.has(parsed.authservId)) continue;
    const of = (method: string): string[] => parsed.results.filter((r) => r.method === method).map((r) => r.result);
    const dkim = of('dkim');
    return {
      dmarc: dmarcVerdict(of('dmarc')[0]),
      spf: of('spf')[0] ?? null,
      dkim: dkim.includes('pass') ? 'pass' : (dkim[0] ?? null),
      authservId: parsed.authservId,
    };
  }
  return { dmarc: 'unknown', spf: null, dkim: null, authservId: null };
}

/**
 * SpamAssassin-style verdict headers. Only the topmost occurrence of each header is read (our own
 * filter prepends it); a sender can add these headers too, but forging "No" gains nothing because
 * only "Yes" verdicts are acted on.
 */
export function readSpamVerdict(headers: Record<string, string[]>): SpamVerdict {
  const reasons: string[] = [];
  let spam = false;
  let score: number | null = null;
  const flag = headers['x-spam-flag']?.[0]?.trim();
  if (flag && /^yes\b/i.test(flag)) {
    spam = true;
    reasons.push('X-Spam-Flag: YES');
  }
  const status = headers['x-spam-status']?.[0];
  if (status) {
    const s = /score\s*=\s*(-?\d+(?:\.\d+)?)/i.exec(status);
    if (s) score = Number(s[1]);
    if (/^\s*yes\b/i.test(status)) {
      spam = true;
      reasons.push(`X-Spam-Status: Yes${s ? `, score=${s[1]}` : ''}`);
      const tests = /tests\s*=\s*([\w,\s]+?)(?:\s+\w+=|$)/i.exec(status)?.[1];
      if (tests) reasons.push(`tests: ${tests.replace(/\s+/g, '')}`);
    }
  }
  const xspam = headers['x-spam']?.[0]?.trim();
  if (xspam && /^yes\b/i.test(xspam)) {
    spam = true;
    reasons.push('X-Spam: Yes');
  }
  if (score === null) {
    const raw = headers['x-spam-score']?.[0];
    const n = raw === undefined ? NaN : Number.parseFloat(raw);
    if (Number.isFinite(n)) score = n;
  }
  return { spam, score, reasons };
}

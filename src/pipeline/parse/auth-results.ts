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
  /** The domain the DMARC result speaks for (its header.from property), lower case, or null. */
  dmarcDomain: string | null;
  /** Result token of the spf method ("pass", "softfail", …), or null. */
  spf: string | null;
  /** The envelope sender's domain SPF checked (smtp.mailfrom, or smtp.helo), or null. */
  spfDomain: string | null;
  /** Result token of the dkim method; "pass" when any signature passed. */
  dkim: string | null;
  /** The signing domains (header.d) of the DKIM signatures that passed. */
  dkimPassDomains: string[];
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
  /** props: ptype.property → value, lower case (e.g. "header.from" → "kunde.dk"). */
  results: { method: string; result: string; props: Record<string, string> }[];
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
    if (!m) continue;
    // propspec = ptype "." property "=" pvalue (RFC 8601 §2.2), e.g. header.from=kunde.dk.
    const props: Record<string, string> = {};
    for (const p of resinfo.slice(m[0].length).matchAll(/([a-z0-9_-]+\.[a-z0-9_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)/gi)) {
      props[p[1]!.toLowerCase()] ??= p[2]!.replace(/^"|"$/g, '').toLowerCase();
    }
    results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props });
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
    const of = (method: string) => parsed.results.filter((r) => r.method === method);
    const dkim = of('dkim');
    const [dmarc] = of('dmarc');
    const [spf] = of('spf');
    return {
      dmarc: dmarcVerdict(dmarc?.result),
      dmarcDomain: dmarc?.props['header.from'] ?? null,
      spf: spf?.result ?? null,
      spfDomain: domainPart(spf?.props['smtp.mailfrom'] ?? spf?.props['smtp.helo']),
      dkim: dkim.some((d) => d.result === 'pass') ? 'pass' : (dkim[0]?.result ?? null),
      dkimPassDomains: dkim.filter((d) => d.result === 'pass' && d.props['header.d']).map((d) => d.props['header.d']!),
      authservId: parsed.authservId,
    };
  }
  return { dmarc: 'unknown', dmarcDomain: null, spf: null, spfDomain: null, dkim: null, dkimPassDomains: [], authservId: null };
}

/** "bounce@kunde.dk" or "kunde.dk" → "kunde.dk". */
function domainPart(v: string | undefined): string | null {
  if (!v) return null;
  const d = v.slice(v.lastIndexOf('@') + 1).replace(/^<|>$/g, '');
  return d || null;
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

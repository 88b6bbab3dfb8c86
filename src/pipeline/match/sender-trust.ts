import type { AuthResults } from '../parse/auth-results';
import type { MailAddress } from '../parse/types';
import { domainOf } from './match-sender';

/**
 * Can the From address be believed? Anyone can type any From; what makes it believable is our
 * own receiving server (TRUSTED_AUTHSERV_IDS) vouching, in Authentication-Results, for the
 * domain of that very address (DMARC, RFC 7489: the result names the domain it checked as
 * header.from). Pure.
 *
 *  - verified:   exactly one From address, and the trusted DMARC result passes for its domain;
 *                or DMARC found no policy (none) but a DKIM signature or SPF passed for a domain
 *                aligned with it (the alignment DMARC itself would have checked);
 *  - forged:     the trusted DMARC result fails for the From's domain;
 *  - unverified: anything else — several From addresses or headers (which address would be
 *                the one we trust?), a result that speaks for another domain, no trusted
 *                result at all. Never a registered contact; never a colleague by domain;
 *  - unchecked:  TRUSTED_AUTHSERV_IDS is not configured, so nothing can be verified: the From is
 *                taken at its word (as every helpdesk without this does), except that several
 *                From addresses are still unverified.
 */
export type TrustVerdict = 'verified' | 'forged' | 'unverified' | 'unchecked';

export interface SenderTrust {
  verdict: TrustVerdict;
  reason: string;
}

export interface TrustInput {
  authors: MailAddress[];
  fromHeaderCount: number;
}

/** Relaxed alignment (RFC 7489 §3.1): the same domain, or one a subdomain of the other. */
function aligned(a: string | null | undefined, b: string): boolean {
  if (!a || !b) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

export function senderTrust(mail: TrustInput, auth: AuthResults, opts: { configured: boolean }): SenderTrust {
  if (mail.fromHeaderCount !== 1 || mail.authors.length !== 1) {
    const what = mail.fromHeaderCount > 1 ? `${mail.fromHeaderCount} From headers` : `${mail.authors.length} From addresses`;
    return { verdict: 'unverified', reason: `${what}: the sender cannot be verified as one person` };
  }
  const domain = domainOf(mail.authors[0]!.address);
  if (!opts.configured) return { verdict: 'unchecked', reason: 'sender verification is off (TRUSTED_AUTHSERV_IDS is not set)' };
  if (!auth.authservId) return { verdict: 'unverified', reason: 'no Authentication-Results from our receiving server' };
  const speaksFor = auth.dmarcDomain;
  if (speaksFor && speaksFor !== domain) {
    return { verdict: 'unverified', reason: `the DMARC result is for ${speaksFor}, not for the sender's domain ${domain}` };
  }
  if (auth.dmarc === 'fail') return { verdict: 'forged', reason: `DMARC failed for ${domain}` };
  if (auth.dmarc === 'pass') {
    return speaksFor ? { verdict: 'verified', reason: `DMARC passed for ${domain}` } : { verdict: 'unverified', reason: 'the DMARC result names no domain (header.from)' };
  }
  if (auth.dkimPassDomains.some((d) => aligned(d, domain))) return { verdict: 'verified', reason: `no DMARC policy; a DKIM signature of ${domain} passed` };
  if (auth.spf === 'pass' && aligned(auth.spfDomain, domain)) return { verdict: 'verified', reason: `no DMARC policy; SPF passed for ${domain}` };
  return { verdict: 'unverified', reason: `DMARC ${auth.dmarc} and no aligned DKIM or SPF pass for ${domain}` };
}

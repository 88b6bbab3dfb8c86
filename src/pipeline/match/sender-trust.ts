import type { AuthResults } from '../parse/auth-results';
import type { MailAddress } from '../parse/types';
import { reason, type Reason } from '../../domain/reasons';
import { domainOf } from '../../domain/addresses';

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
  /** Why, as a code (put into words in the reader's language: src/i18n/messages.ts). */
  reason: Reason;
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
  const verdict = (v: TrustVerdict, r: Reason): SenderTrust => ({ verdict: v, reason: r });
  if (mail.fromHeaderCount !== 1 || mail.authors.length !== 1) {
    return mail.fromHeaderCount > 1
      ? verdict('unverified', reason('trust.several_from_headers', { count: mail.fromHeaderCount }))
      : verdict('unverified', reason('trust.several_authors', { count: mail.authors.length }));
  }
  const domain = domainOf(mail.authors[0]!.address);
  if (!opts.configured) return verdict('unchecked', reason('trust.not_configured'));
  if (!auth.authservId) return verdict('unverified', reason('trust.no_results'));
  const speaksFor = auth.dmarcDomain;
  if (speaksFor && speaksFor !== domain) return verdict('unverified', reason('trust.other_domain', { result: speaksFor, domain }));
  if (auth.dmarc === 'fail') return verdict('forged', reason('trust.dmarc_fail', { domain }));
  if (auth.dmarc === 'pass') return speaksFor ? verdict('verified', reason('trust.dmarc_pass', { domain })) : verdict('unverified', reason('trust.no_domain'));
  if (auth.dkimPassDomains.some((d) => aligned(d, domain))) return verdict('verified', reason('trust.dkim_aligned', { domain }));
  if (auth.spf === 'pass' && aligned(auth.spfDomain, domain)) return verdict('verified', reason('trust.spf_aligned', { domain }));
  return verdict('unverified', reason('trust.not_aligned', { dmarc: auth.dmarc, domain }));
}

import { reason, type Reason } from '../../domain/reasons';
import { domainOf, isPublicMailDomain } from '../../domain/addresses';
import { agreementOn } from '../../domain/agreements';
import type { RegistryFacts, SenderMatch } from '../../contacts/facts';

/**
 * Who is writing: a registered support contact (by exact address), a colleague at a customer
 * (by the company's domain, never a public mail domain), or someone unknown. A mail whose
 * DMARC failed at our own server is never a registered contact (anyone can type a From), and
 * neither is one whose From could not be verified (`unverified`: the reason, see
 * sender-trust.ts) — both are unknown, with the registry's knowledge left in the reasons.
 */
export function matchSender(address: string, facts: RegistryFacts, opts: { forged: boolean; unverified?: Reason | null; day: string }): SenderMatch {
  const reasons: Reason[] = [];
  const domain = domainOf(address);
  if (opts.forged) reasons.push(reason('sender.forged'));
  if (opts.unverified && !opts.forged) {
    reasons.push(opts.unverified, reason('sender.unverified'));
    if (facts.contact && facts.contactCompany) reasons.push(reason('sender.unverified_contact', { address, company: facts.contactCompany.name }));
    return { status: 'unknown_domain', forged: false, unverified: true, company: null, contactId: null, agreement: null, reasons };
  }

  if (facts.contact && facts.contactCompany && !opts.forged) {
    reasons.push(reason('sender.registered_contact', { address, company: facts.contactCompany.name }));
    return {
      status: 'registered_contact',
      forged: false,
      unverified: false,
      company: facts.contactCompany,
      contactId: facts.contact.id,
      agreement: agreementOn(facts.contactCompany.agreements, opts.day),
      reasons,
    };
  }

  const byDomain = isPublicMailDomain(domain) ? [] : facts.domainCompanies;
  if (isPublicMailDomain(domain)) reasons.push(reason('sender.public_domain', { domain }));
  if (byDomain.length === 1 && !opts.forged) {
    const company = byDomain[0];
    reasons.push(reason('sender.colleague', { domain, company: company.name, address }));
    return { status: 'same_domain_unregistered', forged: false, unverified: false, company, contactId: null, agreement: agreementOn(company.agreements, opts.day), reasons };
  }
  if (byDomain.length > 1) reasons.push(reason('sender.ambiguous_domain', { domain, count: byDomain.length }));
  if (!opts.forged && byDomain.length === 0 && !isPublicMailDomain(domain)) reasons.push(reason('sender.unknown_domain', { domain }));
  return { status: 'unknown_domain', forged: opts.forged, unverified: false, company: null, contactId: null, agreement: null, reasons };
}

import type { AgreementKind, SenderStatus } from '../../shared/domain';
import { reason, type Reason } from '../../shared/reasons';
import { isPublicMailDomain } from './public-domains';

/** What the registry knows that is relevant to one sender (looked up by the caller). */
export interface RegistryFacts {
  /** The support contact registered with exactly this address, if any. */
  contact: { id: number; name: string; companyId: number } | null;
  /** Companies whose mail domain is the sender's domain (normally 0 or 1). */
  domainCompanies: CompanyFacts[];
  /** The contact's company (when `contact` is set). */
  contactCompany: CompanyFacts | null;
}

export interface CompanyFacts {
  id: number;
  name: string;
  agreements: AgreementPeriod[];
  contacts: { name: string; address: string }[];
}

export interface AgreementPeriod {
  kind: AgreementKind;
  /** ISO dates (YYYY-MM-DD), inclusive; null = open. */
  validFrom: string | null;
  validTo: string | null;
}

export interface SenderMatch {
  status: SenderStatus;
  /** True when our own receiving server said DMARC failed: From cannot be trusted. */
  forged: boolean;
  /** True when the From could not be verified (sender-trust.ts): treated as unknown, not forged. */
  unverified: boolean;
  company: CompanyFacts | null;
  contactId: number | null;
  agreement: AgreementKind | null;
  /** Why, as codes with parameters (put into words in the reader's language: src/i18n/messages.ts). */
  reasons: Reason[];
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? '' : address.slice(at + 1).toLowerCase();
}

/**
 * The agreement valid on `day`: among the periods that contain it, the one that started last
 * (so a hypercare period that has ended falls back to the agreement that follows it, and a
 * dated period beats an open-ended default).
 */
export function agreementOn(periods: AgreementPeriod[], day: string): AgreementKind | null {
  const valid = periods.filter((p) => (!p.validFrom || p.validFrom <= day) && (!p.validTo || p.validTo >= day));
  valid.sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
  return valid[0]?.kind ?? null;
}

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

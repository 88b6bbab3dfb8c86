import type { AgreementPeriod } from '../domain/agreements';
import type { AgreementKind, SenderStatus } from '../domain/vocabulary';
import type { Reason } from '../domain/reasons';

/**
 * What the registry knows about a sender, as the registry reads it (registry.ts) and the
 * sender matching (src/pipeline/match) uses it. Types only.
 */
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

/** Who wrote a mail, as the registry sees it on the mail's date (src/pipeline/match/match-sender.ts decides). */
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

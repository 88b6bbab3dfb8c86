import type { AgreementKind } from './vocabulary';

/**
 * The support agreements over time (supportaftaler.txt): a company has one or more agreement
 * periods, and what it is entitled to on a day is the agreement valid that day. Pure.
 */
export interface AgreementPeriod {
  kind: AgreementKind;
  /** ISO dates (YYYY-MM-DD), inclusive; null = open. */
  validFrom: string | null;
  validTo: string | null;
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

/** A company without a valid agreement is treated as basis: the free, mail-only default. */
export const FALLBACK_AGREEMENT: AgreementKind = 'basis';

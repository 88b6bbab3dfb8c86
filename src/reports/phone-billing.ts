import { PHONE_INCLUDED, SERVICEDESK, type AgreementKind } from '../domain/vocabulary';
import { agreementOn, type AgreementPeriod } from '../domain/agreements';
import { monthPeriod, inPeriod, type Period } from './period';

/**
 * Phone-time billing (supportaftaler.txt, "Timefakturering"): a company that is neither in
 * hypercare nor covered by an extended agreement (udvidet) on the day of the call pays
 * 950 kr./hour excl. VAT, "rundes op til nærmeste 30 min." — per call. Error reports are free
 * under every agreement ("Henvendelser vedr. fejl … naturligvis uden beregning"). Pure.
 */
export const BILLING_BLOCK_MINUTES = 30;
/** 950 kr./hour → 475 kr. per started half hour. */
export const BLOCK_PRICE_DKK = (SERVICEDESK.hourlyRateDkk * BILLING_BLOCK_MINUTES) / 60;

/** Minutes billed for a call: rounded up to the next 30. A call of 0 minutes is not a call. */
export function billedMinutes(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`minutes: a call lasts a whole number of minutes > 0, got ${minutes}`);
  return Math.ceil(minutes / BILLING_BLOCK_MINUTES) * BILLING_BLOCK_MINUTES;
}

/** Price of billed time in kr. excl. VAT (a multiple of 30 minutes, so always whole kroner). */
export function priceOfMinutes(billed: number): number {
  return (billed / BILLING_BLOCK_MINUTES) * BLOCK_PRICE_DKK;
}

/** Why a call costs what it costs. */
export type ChargeBasis = 'error' | 'hypercare' | 'udvidet' | 'billed';

export interface PhoneCallRow {
  id: number;
  companyId: number;
  ticketReference: string | null;
  /** YYYY-MM-DD */
  callDate: string;
  minutes: number;
  agent: string | null;
  isError: boolean;
}

export interface PricedCall extends PhoneCallRow {
  /** The agreement valid on the call's date (null: none registered, which is billed). */
  agreement: AgreementKind | null;
  basis: ChargeBasis;
  billedMinutes: number;
  amountDkk: number;
}

export function priceCall(call: PhoneCallRow, agreements: AgreementPeriod[]): PricedCall {
  const rounded = billedMinutes(call.minutes);
  const agreement = agreementOn(agreements, call.callDate);
  const basis: ChargeBasis = call.isError ? 'error' : agreement && PHONE_INCLUDED.has(agreement) ? (agreement as 'hypercare' | 'udvidet') : 'billed';
  const billed = basis === 'billed' ? rounded : 0;
  return { ...call, agreement, basis, billedMinutes: billed, amountDkk: priceOfMinutes(billed) };
}

export interface PhoneFigures {
  calls: number;
  /** Minutes talked, free calls included. */
  minutes: number;
  billedMinutes: number;
  /** kr. excl. VAT */
  amountDkk: number;
  /** Calls listed at 0 kr. (error reports, hypercare, udvidet). */
  freeCalls: number;
}

export interface CompanyPhoneMonth extends PhoneFigures {
  companyId: number;
  name: string;
}

export interface PhoneOverview {
  month: string;
  period: Period;
  companies: CompanyPhoneMonth[];
  calls: (PricedCall & { company: string })[];
  totals: PhoneFigures;
}

export interface PhoneCompany {
  id: number;
  name: string;
  agreements: AgreementPeriod[];
}

const add = (f: PhoneFigures, c: PricedCall): void => {
  f.calls++;
  f.minutes += c.minutes;
  f.billedMinutes += c.billedMinutes;
  f.amountDkk += c.amountDkk;
  if (c.amountDkk === 0) f.freeCalls++;
};
const zero = (): PhoneFigures => ({ calls: 0, minutes: 0, billedMinutes: 0, amountDkk: 0, freeCalls: 0 });

/** The month's calls per company (calls outside the month are ignored). */
export function buildPhoneOverview(month: string, calls: PhoneCallRow[], companies: PhoneCompany[]): PhoneOverview {
  const period = monthPeriod(month);
  const byId = new Map(companies.map((c) => [c.id, c]));
  const perCompany = new Map<number, CompanyPhoneMonth>();
  const totals = zero();
  const priced: PhoneOverview['calls'] = [];
  for (const call of calls) {
    if (!inPeriod(call.callDate, period)) continue;
    const company = byId.get(call.companyId);
    if (!company) throw new Error(`phone call ${call.id}: company ${call.companyId} was not loaded`);
    const p = priceCall(call, company.agreements);
    priced.push({ ...p, company: company.name });
    let row = perCompany.get(company.id);
    if (!row) perCompany.set(company.id, (row = { companyId: company.id, name: company.name, ...zero() }));
    add(row, p);
    add(totals, p);
  }
  priced.sort((a, b) => a.company.localeCompare(b.company, 'da') || a.callDate.localeCompare(b.callDate) || a.id - b.id);
  const list = [...perCompany.values()].sort((a, b) => b.amountDkk - a.amountDkk || a.name.localeCompare(b.name, 'da'));
  return { month, period, companies: list, calls: priced, totals };
}

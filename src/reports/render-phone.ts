import { fixed, toDanishCsv, type CsvCell } from './csv';
import { AGREEMENT_LABELS } from './labels';
import type { ChargeBasis, PhoneOverview } from './phone-billing';

/** The monthly phone-time overview as CSV for a Danish Excel (amounts in kr. excl. VAT) or JSON. */

const BASIS: Record<ChargeBasis, string> = {
  error: 'Fejl (gratis)',
  hypercare: 'Hypercare (inkluderet)',
  udvidet: 'Udvidet aftale (inkluderet)',
  billed: 'Faktureres (950 kr./time)',
};

const hours = (minutes: number) => fixed(minutes / 60, 2);

/** One line per company and a total: what finance invoices. */
export function renderPhoneCsv(o: PhoneOverview): string {
  const rows: CsvCell[][] = [
    [`Telefonsupport ${o.month} (${o.period.from} – ${o.period.to}), 950 kr./time, oprundet til nærmeste 30 min. pr. opkald; beløb ekskl. moms`],
    [],
    ['Firma', 'Opkald', 'Heraf gratis', 'Minutter', 'Afregnede minutter', 'Afregnede timer', 'Beløb ekskl. moms (kr.)'],
    ...o.companies.map((c) => [c.name, c.calls, c.freeCalls, c.minutes, c.billedMinutes, hours(c.billedMinutes), fixed(c.amountDkk)]),
    ['I alt', o.totals.calls, o.totals.freeCalls, o.totals.minutes, o.totals.billedMinutes, hours(o.totals.billedMinutes), fixed(o.totals.amountDkk)],
  ];
  return toDanishCsv(rows);
}

/** One line per call, with the agreement that decided its price: the evidence behind the invoice. */
export function renderPhoneCallsCsv(o: PhoneOverview): string {
  const rows: CsvCell[][] = [
    ['Firma', 'Dato', 'Sag', 'Medarbejder', 'Minutter', 'Fejl', 'Aftale på dagen', 'Grundlag', 'Afregnede minutter', 'Beløb ekskl. moms (kr.)'],
    ...o.calls.map((c) => [
      c.company,
      c.callDate,
      c.ticketReference,
      c.agent,
      c.minutes,
      c.isError,
      AGREEMENT_LABELS[c.agreement ?? 'none'].da,
      BASIS[c.basis],
      c.billedMinutes,
      fixed(c.amountDkk),
    ]),
  ];
  return toDanishCsv(rows);
}

export function renderPhoneJson(o: PhoneOverview): string {
  return `${JSON.stringify(o, null, 2)}\n`;
}

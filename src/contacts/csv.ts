import { CsvError, readCsvRecords } from '../shared/csv';
import { AGREEMENT_KINDS, type AgreementKind } from '../domain/vocabulary';
import { partitionDomains } from '../domain/addresses';

/**
 * Pure reading and validation of the registry CSV files (the format of the dev corpus):
 * companies.csv `name,domain,agreement` and contacts.csv `company,name,email`.
 * Several domains or addresses in one cell are separated by `;` or spaces.
 *
 * A public mail domain (gmail.com, hotmail.dk …) in a company row is not an error: small firms
 * write from one, and the export comes from the customer's CRM as it is. It lands in
 * `publicDomains` (information only, never matched) and publicDomainWarnings() names the line.
 */
export interface CompanyRow {
  line: number;
  name: string;
  /** Domains that identify the company: a sender there is at least a colleague at the customer. */
  domains: string[];
  /** Public mail domains of the row: kept as information, never used to match senders. */
  publicDomains: string[];
  agreement: AgreementKind;
}
export interface ContactRow {
  line: number;
  company: string;
  name: string;
  emails: string[];
}

export { CsvError };

const EMAIL = /^[^\s@<>(),;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;


const split = (cell: string) => cell.split(/[;\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);

export function readCompaniesCsv(text: string, file = 'companies.csv'): CompanyRow[] {
  const problems: { line: number; message: string }[] = [];
  const seen = new Map<string, number>();
  const out: CompanyRow[] = [];
  for (const { line, row } of readCsvRecords(text, file, ['name', 'domain', 'agreement'])) {
    const name = row.name;
    const domains = split(row.domain ?? '');
    const agreement = (row.agreement ?? '').toLowerCase();
    if (!name) problems.push({ line, message: 'company name is empty' });
    else if (seen.has(name.toLowerCase())) problems.push({ line, message: `company "${name}" already on line ${seen.get(name.toLowerCase())}` });
    for (const d of domains) if (!DOMAIN.test(d)) problems.push({ line, message: `"${d}" is not a mail domain` });
    if (!(AGREEMENT_KINDS as readonly string[]).includes(agreement))
      problems.push({ line, message: `agreement "${row.agreement ?? ''}" is not one of ${AGREEMENT_KINDS.join(', ')}` });
    if (name) seen.set(name.toLowerCase(), line);
    const parts = partitionDomains([...new Set(domains)]);
    out.push({ line, name, domains: parts.matching, publicDomains: parts.public, agreement: agreement as AgreementKind });
  }
  if (problems.length) throw new CsvError(file, problems);
  return out;
}

/** One warning per company row that names a public mail domain, with the file and the line. */
export function publicDomainWarnings(rows: CompanyRow[], file = 'companies.csv'): string[] {
  return rows
    .filter((r) => r.publicDomains.length)
    .map((r) => {
      const list = r.publicDomains.join(', ');
      const one = r.publicDomains.length === 1;
      return (
        `${file} line ${r.line}: ${list} ${one ? 'is a public mail domain' : 'are public mail domains'} (${r.name}): ` +
        `kept as information, never used to match senders; ${r.name}'s people are matched only by their registered addresses`
      );
    });
}

export function readContactsCsv(text: string, file = 'contacts.csv'): ContactRow[] {
  const problems: { line: number; message: string }[] = [];
  const out: ContactRow[] = [];
  const owner = new Map<string, number>();
  for (const { line, row } of readCsvRecords(text, file, ['company', 'name', 'email'])) {
    const emails = split(row.email ?? '');
    if (!row.company) problems.push({ line, message: 'company is empty' });
    if (!row.name) problems.push({ line, message: 'contact name is empty' });
    if (!emails.length) problems.push({ line, message: 'email is empty' });
    for (const e of emails) {
      if (!EMAIL.test(e)) problems.push({ line, message: `"${e}" is not a mail address` });
      else if (owner.has(e) && owner.get(e) !== line) problems.push({ line, message: `${e} is already used on line ${owner.get(e)}` });
      owner.set(e, line);
    }
    out.push({ line, company: row.company, name: row.name, emails });
  }
  if (problems.length) throw new CsvError(file, problems);
  return out;
}

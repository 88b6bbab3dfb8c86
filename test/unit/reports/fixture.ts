import type { ReportTicketRow, TrainingReportRows } from '../../../src/reports/training-report';

/** A small hand-made week (2–8 Nov 2026) and the week before, shared by the renderer tests. */
let n = 0;
export const t = (companyId: number | null, day: string, category: ReportTicketRow['category'], topic: ReportTicketRow['topic'], subject = 'Spørgsmål'): ReportTicketRow => ({
  id: ++n,
  reference: `MB-${String(n).padStart(6, '0')}`,
  subject,
  category,
  topic,
  companyId,
  day,
});

export const PERIOD = { from: '2026-11-02', to: '2026-11-08' };

export const ROWS: TrainingReportRows = {
  companies: [
    { id: 1, name: 'Havnens VVS & Blik A/S', agreements: [{ kind: 'basis', validFrom: null, validTo: null }] },
    {
      id: 2,
      name: 'Fjordby Elektro ApS',
      agreements: [
        { kind: 'hypercare', validFrom: '2026-09-01', validTo: '2026-11-05' },
        { kind: 'udvidet', validFrom: '2026-11-06', validTo: null },
      ],
    },
    { id: 3, name: 'Østerlund Anlæg I/S', agreements: [] },
  ],
  tickets: [
    t(1, '2026-11-02', 'training', 'forms', 'Hvordan laver vi et skema fra bunden?'),
    t(1, '2026-11-03', 'support', 'forms', '=HYPERLINK("http://x") skema; "felt" mangler'),
    t(1, '2026-11-04', 'error', 'forms'),
    t(1, '2026-11-05', 'support', 'invoicing'),
    t(1, '2026-11-08', 'training', null, 'Kursus <i>"nye" kolleger</i>?'),
    t(2, '2026-11-03', 'support', 'planning'),
    t(2, '2026-11-06', 'support', 'planning'),
    t(2, '2026-11-07', 'service_request', 'planning'),
    t(2, '2026-10-27', 'support', 'app'),
    t(3, '2026-10-28', 'training', 'stock'),
    t(null, '2026-11-04', 'support', 'other'),
    t(1, '2026-11-09', 'training', 'forms'), // after the period: ignored
    t(1, '2026-10-25', 'training', 'forms'), // before the previous period: ignored
  ],
  offers: [
    { id: '1', ticketId: 1, companyId: 1, day: '2026-11-02' },
    { id: '2', ticketId: 5, companyId: 1, day: '2026-11-09' },
    { id: '3', ticketId: 10, companyId: 3, day: '2026-10-28' },
  ],
};

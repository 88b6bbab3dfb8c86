import { buildTrainingReport, type TrainingReportRows } from '../../../src/reports/training-report';
import { renderTrainingHtml } from '../../../src/reports/render-html';
import { renderTrainingText } from '../../../src/reports/render-training';
import { PERIOD, ROWS, t } from './fixture';

const evidence = ['ny bruger ("lærling"); forstår ikke sammenhængen ("forstår ikke")', 'ord der pegede på undervisning: "kursus"'];
const rows: TrainingReportRows = {
  ...ROWS,
  tickets: [
    ...ROWS.tickets,
    { ...t(2, '2026-11-04', 'training', 'app', 'Lærling og appen'), evidence },
    { ...t(null, '2026-11-05', 'training', 'invoicing', 'Faktura – hvordan?'), evidence: ['ny bruger ("ny på kontoret")'], fromAddress: 'privat@gmail.com' },
    { ...t(null, '2026-11-05', 'support', 'invoicing', 'Ikke undervisning'), fromAddress: 'x@gmail.com' },
  ],
};

describe('the training-offer report shows why each mail was a training need', () => {
  const r = buildTrainingReport(rows, PERIOD);

  it('carries the evidence with each training ticket', () => {
    const fjordby = r.companies.find((c) => c.name === 'Fjordby Elektro ApS')!;
    expect(fjordby.trainingTicketList).toEqual([{ reference: expect.any(String), subject: 'Lærling og appen', topic: 'app', day: '2026-11-04', evidence }]);
    // tickets loaded without evidence get an empty list, not undefined
    expect(r.companies.find((c) => c.name === 'Havnens VVS & Blik A/S')!.trainingTicketList.every((x) => Array.isArray(x.evidence))).toBe(true);
  });

  it('lists training needs from senders without a known company, and only training', () => {
    expect(r.unmatchedTrainingTickets).toEqual([expect.objectContaining({ subject: 'Faktura – hvordan?', fromAddress: 'privat@gmail.com', evidence: ['ny bruger ("ny på kontoret")'] })]);
  });

  it('renders the evidence in HTML (escaped) and in the text part', () => {
    const html = renderTrainingHtml(r, 'da');
    expect(html).toContain('Tegn på undervisningsbehov');
    expect(html).toContain('ny bruger (&quot;lærling&quot;)');
    expect(html).toContain('Undervisningsbehov fra afsendere uden kendt firma');
    expect(html).toContain('privat@gmail.com');
    const text = renderTrainingText(r, 'en');
    expect(text).toMatch(/Lærling og appen\n\s+ny bruger \("lærling"\)/);
    expect(text).toMatch(/Training needs from senders with no known company:\n\s+MB-\d+ 2026-11-05 privat@gmail\.com/);
  });
});

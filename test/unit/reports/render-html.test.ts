import { barSegments, renderTrainingHtml } from '../../../src/reports/render-html';
import { renderTrainingText } from '../../../src/reports/render-training';
import { composeTrainingMail } from '../../../src/reports/mail';
import { buildTrainingReport } from '../../../src/reports/training-report';
import { PERIOD, ROWS } from './fixture';

const report = buildTrainingReport(ROWS, PERIOD);
const html = renderTrainingHtml(report, 'da');

describe('the report as HTML mail', () => {
  it('has no script, no style sheet, no classes, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+\s*=/i); // no event handlers
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sclass=/i);
    expect(html).not.toMatch(/<img|<link|url\(/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
  });

  it('styles every table, cell and paragraph inline', () => {
    for (const tag of ['table', 'td', 'th', 'p']) {
      const opening = html.match(new RegExp(`<${tag}[\\s>][^>]*>?`, 'g')) ?? [];
      expect(opening.length).toBeGreaterThan(0);
      for (const o of opening) expect(o).toMatch(/style="[^"]+"/);
    }
  });

  it('escapes names and subjects from mails', () => {
    expect(html).toContain('Havnens VVS &amp; Blik A/S');
    expect(html).not.toContain('Havnens VVS & Blik');
    expect(html).toContain('Kursus &lt;i&gt;&quot;nye&quot; kolleger&lt;/i&gt;?');
    expect(html).not.toContain('<i>');
  });

  it('shows the week, the courses and the agreements', () => {
    expect(html).toContain('uge 45 2026');
    expect(html).toContain('Skemaer fra bunden');
    expect(html).toContain('(Forms from scratch)');
    expect(html).toContain('Udvidet supportaftale');
    expect(renderTrainingHtml(report, 'en')).toContain('week 45 2026');
  });

  it('draws bars as coloured cells whose widths follow the counts', () => {
    // Havnens (5 tickets) has the longest bar: its segments add up to 300 px.
    // The chart lists Havnens first, then Fjordby.
    const havnRow = html.slice(html.indexOf('Havnens VVS &amp; Blik A/S</td>'), html.indexOf('Fjordby Elektro ApS</td>'));
    const widths = [...havnRow.matchAll(/<td width="(\d+)" height="14" bgcolor="#[0-9a-f]{6}"/g)].map((m) => +m[1]);
    expect(widths).toEqual([60, 120, 120]); // error 1, support 2, training 2 of 5
    expect(barSegments([1, 2, 0, 2], 5)).toEqual([60, 120, 0, 120]);
    expect(barSegments([1], 1000)).toEqual([2]);
    expect(barSegments([0, 0], 0)).toEqual([0, 0]);
  });

  it('an empty week says so instead of drawing an empty chart', () => {
    const empty = renderTrainingHtml(buildTrainingReport({ companies: [], tickets: [], offers: [] }, PERIOD), 'da');
    expect(empty).toContain('Ingen henvendelser fra kendte firmaer');
  });

  it('the mail carries HTML, text and the CSV, marked as auto-generated', () => {
    const m = composeTrainingMail(report, { from: 'Microbizz Servicedesk <support@microbizz.dk>', to: ['leder@ventu.dk'], lang: 'da' });
    expect(m.subject).toBe('Undervisningstilbud: uge 45 2026 (2. nov. 2026 – 8. nov. 2026)');
    expect(m.html).toBe(html);
    expect(m.text).toBe(renderTrainingText(report, 'da'));
    expect(m.text).toContain('Anbefalet kursus (Skemaer): Skemaer fra bunden');
    expect((m.headers as Record<string, string>)['Auto-Submitted']).toBe('auto-generated');
    expect(m.attachments?.[0]).toMatchObject({ filename: 'undervisningstilbud-2026-11-02-2026-11-08.csv' });
    expect(() => composeTrainingMail(report, { from: 'x@y.dk', to: [], lang: 'da' })).toThrow(/recipients/);
  });
});

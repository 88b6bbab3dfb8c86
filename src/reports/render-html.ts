import { AGREEMENT_LABELS, CATEGORY_LABELS, TOPIC_LABELS, WORDS, formatDay, formatDelta, formatPercent, formatShare, type ReportLanguage } from './labels';
import { isoWeek, periodLength } from './period';
import { REPORT_CATEGORIES, type Change, type CompanyTrainingReport, type ReportCategory, type TrainingReport, type TrainingTicket } from './training-report';

/**
 * The training-offer report as an HTML mail. Mail clients are the constraint: Outlook (Word
 * engine) ignores <style> blocks, flexbox, divs with widths and background images, and Gmail
 * strips <style> in many views and never runs scripts. So: nested tables, every style inline,
 * widths in pixels as both attribute and style, colours as bgcolor too, bars as coloured
 * table cells — no script, no external images, no classes.
 */
export const CATEGORY_COLOURS: Record<ReportCategory, string> = {
  error: '#c0392b',
  support: '#2e86c1',
  training: '#1e8449',
  service_request: '#7d3c98',
};
const PREVIOUS_COLOUR = '#b8b8b8';
const WIDTH = 640;
/** Pixel width of the longest bar. */
export const BAR_WIDTH = 300;
const FONT = "font-family:Arial,Helvetica,sans-serif;color:#222222;";
const CELL = `${FONT}font-size:13px;line-height:18px;padding:4px 6px;border-bottom:1px solid #e5e5e5;`;
const HEAD = `${FONT}font-size:12px;line-height:16px;padding:4px 6px;font-weight:bold;background-color:#f0f3f6;border-bottom:1px solid #c9d1d9;`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const td = (content: string, style = CELL, attrs = ''): string => `<td${attrs ? ` ${attrs}` : ''} style="${style}">${content}</td>`;
const th = (content: string, align = 'left'): string => `<th align="${align}" style="${HEAD}text-align:${align};">${content}</th>`;
const num = (n: number | string): string => td(String(n), `${CELL}text-align:right;`, 'align="right"');
const table = (inner: string, width: number | '100%' = '100%'): string =>
  `<table role="presentation" width="${width}" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:${width === '100%' ? '100%' : `${width}px`};">${inner}</table>`;

/** Pixel widths of the segments of one bar, so that the longest bar is BAR_WIDTH wide. */
export function barSegments(counts: number[], max: number, width = BAR_WIDTH): number[] {
  if (max <= 0) return counts.map(() => 0);
  // At least 2 px for a non-zero count, so a single ticket stays visible next to many.
  return counts.map((n) => (n > 0 ? Math.max(2, Math.round((n * width) / max)) : 0));
}

function bar(segments: { width: number; colour: string; title: string }[], height: number): string {
  const cells = segments
    .filter((s) => s.width > 0)
    .map((s) => `<td width="${s.width}" height="${height}" bgcolor="${s.colour}" title="${escapeHtml(s.title)}" style="width:${s.width}px;height:${height}px;background-color:${s.colour};font-size:1px;line-height:1px;mso-line-height-rule:exactly;">&nbsp;</td>`);
  if (!cells.length) return `<span style="${FONT}font-size:11px;color:#888888;">0</span>`;
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>${cells.join('')}</tr></table>`;
}

function chart(r: TrainingReport, lang: ReportLanguage): string {
  const max = Math.max(0, ...r.companies.flatMap((c) => [c.tickets, c.previous.tickets]));
  const rows = r.companies.map((c) => {
    const now = barSegments(REPORT_CATEGORIES.map((k) => c.byCategory[k]), max);
    const [before] = barSegments([c.previous.tickets], max);
    const current = bar(REPORT_CATEGORIES.map((k, i) => ({ width: now[i], colour: CATEGORY_COLOURS[k], title: `${CATEGORY_LABELS[k][lang]}: ${c.byCategory[k]}` })), 14);
    const previous = bar([{ width: before, colour: PREVIOUS_COLOUR, title: `${WORDS.previousPeriod[lang]}: ${c.previous.tickets}` }], 5);
    return `<tr>${td(escapeHtml(c.name), `${CELL}width:190px;`, 'width="190"')}<td style="${CELL}"><table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr><td style="padding:0 0 3px 0;">${current}</td></tr><tr><td style="padding:0;">${previous}</td></tr></table></td>${num(`${c.tickets} <span style="color:#888888;">(${c.previous.tickets})</span>`)}</tr>`;
  });
  const legend = REPORT_CATEGORIES.map(
    (k) => `<td width="12" height="12" bgcolor="${CATEGORY_COLOURS[k]}" style="width:12px;height:12px;background-color:${CATEGORY_COLOURS[k]};font-size:1px;line-height:1px;">&nbsp;</td><td style="${FONT}font-size:12px;padding:0 12px 0 4px;">${CATEGORY_LABELS[k][lang]}</td>`,
  );
  legend.push(`<td width="12" height="5" bgcolor="${PREVIOUS_COLOUR}" style="width:12px;height:5px;background-color:${PREVIOUS_COLOUR};font-size:1px;line-height:1px;">&nbsp;</td><td style="${FONT}font-size:12px;padding:0 0 0 4px;">${WORDS.chartPrevious[lang]}</td>`);
  return (
    heading(WORDS.chart[lang]) +
    table(`<tr>${th(WORDS.company[lang])}${th('&nbsp;')}${th(WORDS.tickets[lang], 'right')}</tr>${rows.join('')}`) +
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin-top:8px;"><tr>${legend.join('')}</tr></table>`
  );
}

const heading = (text: string, size = 16): string => `<p style="${FONT}font-size:${size}px;line-height:${size + 6}px;font-weight:bold;margin:22px 0 8px 0;">${escapeHtml(text)}</p>`;

/** Neutral colour: more tickets is neither good nor bad news, so no green/red judgement. */
function changeCell(c: Change, lang: ReportLanguage): string {
  return td(`${formatDelta(c.delta)} <span style="color:#888888;">(${formatPercent(c.percent, lang)})</span>`, `${CELL}text-align:right;`, 'align="right"');
}

function totalsTable(r: TrainingReport, lang: ReportLanguage): string {
  const { current: cur, previous: prev, change } = r.totals;
  const line = (label: string, a: number, b: number, c: Change) => `<tr>${td(label)}${num(a)}${num(b)}${changeCell(c, lang)}</tr>`;
  const rows = [
    line(`<b>${WORDS.tickets[lang]}</b>`, cur.tickets, prev.tickets, change.tickets),
    ...REPORT_CATEGORIES.map((k) => line(`&nbsp;&nbsp;${CATEGORY_LABELS[k][lang]}`, cur.byCategory[k], prev.byCategory[k], change.byCategory[k])),
    line(WORDS.offersSent[lang], cur.offersSent, prev.offersSent, change.offersSent),
    line(WORDS.repeatedTopics[lang], cur.repeatedTopics, prev.repeatedTopics, change.repeatedTopics),
    line(WORDS.companies[lang], cur.companies, prev.companies, change.companies),
    line(WORDS.unmatchedTickets[lang], cur.unmatchedTickets, prev.unmatchedTickets, change.unmatchedTickets),
  ];
  return table(`<tr>${th('&nbsp;')}${th(WORDS.thisPeriod[lang], 'right')}${th(WORDS.previousPeriod[lang], 'right')}${th(WORDS.change[lang], 'right')}</tr>${rows.join('')}`);
}

function companySection(c: CompanyTrainingReport, lang: ReportLanguage): string {
  const agreement = AGREEMENT_LABELS[c.agreement ?? 'none'][lang];
  const counts = REPORT_CATEGORIES.map((k) => `${CATEGORY_LABELS[k][lang]} <b>${c.byCategory[k]}</b>`).join(' &middot; ');
  const parts = [
    `<p style="${FONT}font-size:15px;line-height:20px;font-weight:bold;margin:24px 0 2px 0;border-top:2px solid #2e86c1;padding-top:8px;">${escapeHtml(c.name)} <span style="font-weight:normal;color:#555555;font-size:13px;">&middot; ${agreement}</span></p>`,
    `<p style="${FONT}font-size:13px;line-height:18px;margin:0 0 8px 0;">${WORDS.tickets[lang]} <b>${c.tickets}</b> (${WORDS.previousPeriod[lang].toLowerCase()} ${c.previous.tickets}): ${counts} &middot; ${WORDS.offersSent[lang]} <b>${c.offersSent}</b></p>`,
  ];
  if (c.trainingTicketList.length) parts.push(trainingTable(c.trainingTicketList, lang));
  if (c.repeatedTopicList.length) {
    const list = c.repeatedTopicList.map((r) => `${TOPIC_LABELS[r.topic][lang]} (${r.count} ${WORDS.times[lang]})`).join(', ');
    parts.push(`<p style="${FONT}font-size:13px;line-height:18px;margin:8px 0 4px 0;">${WORDS.repeatedTopics[lang]}: ${list}</p>`);
  }
  if (c.recommendations.length) {
    const other: ReportLanguage = lang === 'da' ? 'en' : 'da';
    const rows = c.recommendations.map((r) => {
      const why = [r.trainingTickets ? `${r.trainingTickets} × ${WORDS.requested[lang]}` : '', r.questions ? `${r.questions} ${WORDS.questions[lang]}` : ''].filter(Boolean).join(', ');
      return `<tr>${td(TOPIC_LABELS[r.topic][lang])}${td(`<b>${escapeHtml(r.course[lang])}</b> <span style="color:#888888;">(${escapeHtml(r.course[other])})</span>`)}${td(why)}</tr>`;
    });
    parts.push(table(`<tr>${th(WORDS.topic[lang])}${th(WORDS.recommended[lang])}${th(WORDS.why[lang])}</tr>${rows.join('')}`));
  }
  return parts.join('\n');
}

/** The training needs of a period, each with the signs that made it one (tickets.training_evidence). */
function trainingTable(list: Array<TrainingTicket & { fromAddress?: string | null }>, lang: ReportLanguage, withSender = false): string {
  const rows = list.map(
    (t) =>
      `<tr>${td(escapeHtml(t.reference), `${CELL}white-space:nowrap;`)}${td(formatDay(t.day, lang), `${CELL}white-space:nowrap;`)}${withSender ? td(escapeHtml(t.fromAddress ?? '')) : ''}${td(TOPIC_LABELS[t.topic ?? 'other'][lang])}${td(escapeHtml(t.subject))}${td(
        t.evidence.length ? `<span style="color:#555555;font-size:12px;">${t.evidence.map(escapeHtml).join('<br>')}</span>` : '&nbsp;',
      )}</tr>`,
  );
  return table(
    `<tr>${th(WORDS.reference[lang])}${th(WORDS.date[lang])}${withSender ? th(WORDS.sender[lang]) : ''}${th(WORDS.topic[lang])}${th(WORDS.subject[lang])}${th(WORDS.evidence[lang])}</tr>${rows.join('')}`,
  );
}

/** Offers with course dates, the bookings made from them (per company, per course) and the dates filling up. */
function coursesSection(r: TrainingReport, lang: ReportLanguage): string {
  const c = r.courses;
  if (!c || (!c.offers && !c.fillingUp.length)) return '';
  const parts = [heading(WORDS.coursesHeading[lang], 15)];
  parts.push(`<p style="${FONT}font-size:13px;line-height:18px;margin:0 0 8px 0;">${WORDS.courseOffers[lang]} <b>${c.offers}</b> &middot; ${WORDS.courseBookings[lang]} <b>${c.bookings}</b> &middot; ${WORDS.conversion[lang]} <b>${formatShare(c.conversion, lang)}</b></p>`);
  const conv = (x: { offers: number; bookings: number; conversion: number | null }) => `${num(x.offers)}${num(x.bookings)}${td(formatShare(x.conversion, lang), `${CELL}text-align:right;`, 'align="right"')}`;
  if (c.byCompany.length) {
    parts.push(table(`<tr>${th(WORDS.company[lang])}${th(WORDS.courseOffers[lang], 'right')}${th(WORDS.courseBookings[lang], 'right')}${th(WORDS.conversion[lang], 'right')}</tr>${c.byCompany.map((x) => `<tr>${td(escapeHtml(x.name ?? WORDS.noCompany[lang]))}${conv(x)}</tr>`).join('')}`));
    parts.push(table(`<tr>${th(WORDS.course[lang])}${th(WORDS.courseOffers[lang], 'right')}${th(WORDS.courseBookings[lang], 'right')}${th(WORDS.conversion[lang], 'right')}</tr>${c.byCourse.map((x) => `<tr>${td(escapeHtml(x.title))}${conv(x)}</tr>`).join('')}`));
  }
  if (c.fillingUp.length) {
    parts.push(`<p style="${FONT}font-size:13px;line-height:18px;font-weight:bold;margin:12px 0 4px 0;">${escapeHtml(WORDS.fillingUp[lang])}</p>`);
    parts.push(table(`<tr>${th(WORDS.course[lang])}${th(WORDS.startsAt[lang])}${th(WORDS.seats[lang], 'right')}${th(WORDS.booked[lang], 'right')}${th(WORDS.seatsLeft[lang], 'right')}</tr>${c.fillingUp.map((d) => `<tr>${td(escapeHtml(d.courseTitle))}${td(escapeHtml(d.local), `${CELL}white-space:nowrap;`)}${num(d.seatsTotal)}${num(d.booked)}${num(d.seatsLeft)}</tr>`).join('')}`));
  }
  return parts.join('\n');
}

function unmatchedSection(r: TrainingReport, lang: ReportLanguage): string {
  if (!r.unmatchedTrainingTickets.length) return '';
  return heading(WORDS.unmatchedTraining[lang], 15) + trainingTable(r.unmatchedTrainingTickets, lang, true);
}

export function reportTitle(r: TrainingReport, lang: ReportLanguage): string {
  const { week, year } = isoWeek(r.period.from);
  const weekly = periodLength(r.period) === 7 && new Date(`${r.period.from}T00:00:00Z`).getUTCDay() === 1;
  const span = `${formatDay(r.period.from, lang)} – ${formatDay(r.period.to, lang)}`;
  return `${WORDS.title[lang]}: ${weekly ? `${lang === 'da' ? 'uge' : 'week'} ${week} ${year} (${span})` : span}`;
}

export function renderTrainingHtml(r: TrainingReport, lang: ReportLanguage = 'da'): string {
  const title = reportTitle(r, lang);
  const compared = `${WORDS.previousPeriod[lang]}: ${formatDay(r.previousPeriod.from, lang)} – ${formatDay(r.previousPeriod.to, lang)}`;
  const body = [
    `<p style="${FONT}font-size:20px;line-height:26px;font-weight:bold;margin:0 0 4px 0;">${escapeHtml(title)}</p>`,
    `<p style="${FONT}font-size:13px;line-height:18px;color:#555555;margin:0 0 8px 0;">${escapeHtml(compared)}</p>`,
    totalsTable(r, lang),
    r.companies.length ? chart(r, lang) + r.companies.map((c) => companySection(c, lang)).join('\n') : `<p style="${FONT}font-size:13px;">${WORDS.noActivity[lang]}</p>`,
    coursesSection(r, lang),
    unmatchedSection(r, lang),
    `<p style="${FONT}font-size:11px;line-height:15px;color:#888888;margin:28px 0 0 0;">${escapeHtml(WORDS.footer[lang])}</p>`,
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f5f7" style="border-collapse:collapse;background-color:#f4f5f7;"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="${WIDTH}" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="border-collapse:collapse;width:${WIDTH}px;background-color:#ffffff;"><tr><td style="padding:20px 24px;">
${body}
</td></tr></table>
</td></tr></table>
</body></html>
`;
}

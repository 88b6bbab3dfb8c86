import { fixed, toDanishCsv, type CsvCell } from './csv';
import { AGREEMENT_LABELS, CATEGORY_LABELS, TOPIC_LABELS, WORDS, formatDay, formatDelta, formatPercent, formatShare, type ReportLanguage } from './labels';
import { reportTitle } from './render-html';
import { REPORT_CATEGORIES, change, type TrainingReport } from './training-report';

/** The training-offer report as CSV (Danish Excel), plain text (the mail's text part) and JSON. */

export function renderTrainingCsv(r: TrainingReport, lang: ReportLanguage = 'da'): string {
  const header: CsvCell[] = [
    WORDS.company[lang],
    WORDS.agreement[lang],
    WORDS.tickets[lang],
    ...REPORT_CATEGORIES.map((k) => CATEGORY_LABELS[k][lang]),
    WORDS.offersSent[lang],
    WORDS.courseOffers[lang],
    WORDS.courseBookings[lang],
    `${WORDS.conversion[lang]} %`,
    WORDS.repeatedTopics[lang],
    WORDS.recommended[lang],
    `${WORDS.tickets[lang]} (${WORDS.previousPeriod[lang].toLowerCase()})`,
    WORDS.change[lang],
    `${WORDS.change[lang]} %`,
  ];
  const pct = (p: number | null): CsvCell => (p === null ? null : fixed(p, 1));
  const share = (p: number | null): CsvCell => (p === null ? null : fixed(p * 100, 1));
  const courseOf = (id: number | null) => r.courses?.byCompany.find((x) => x.companyId === id) ?? { offers: 0, bookings: 0, conversion: null };
  const rows: CsvCell[][] = r.companies.map((c) => [
    c.name,
    AGREEMENT_LABELS[c.agreement ?? 'none'][lang],
    c.tickets,
    ...REPORT_CATEGORIES.map((k) => c.byCategory[k]),
    c.offersSent,
    courseOf(c.companyId).offers,
    courseOf(c.companyId).bookings,
    share(courseOf(c.companyId).conversion),
    c.repeatedTopicList.map((t) => `${TOPIC_LABELS[t.topic][lang]} (${t.count})`).join(', '),
    c.recommendations.map((x) => x.course[lang]).join(', '),
    c.previous.tickets,
    change(c.tickets, c.previous.tickets).delta,
    pct(change(c.tickets, c.previous.tickets).percent),
  ]);
  const t = r.totals;
  const total: CsvCell[] = [
    lang === 'da' ? 'I alt' : 'Total',
    null,
    t.current.tickets,
    ...REPORT_CATEGORIES.map((k) => t.current.byCategory[k]),
    t.current.offersSent,
    r.courses?.offers ?? 0,
    r.courses?.bookings ?? 0,
    share(r.courses?.conversion ?? null),
    t.current.repeatedTopics,
    null,
    t.previous.tickets,
    t.change.tickets.delta,
    pct(t.change.tickets.percent),
  ];
  const span = `${WORDS.period[lang]} ${r.period.from} – ${r.period.to}; ${WORDS.previousPeriod[lang].toLowerCase()} ${r.previousPeriod.from} – ${r.previousPeriod.to}`;
  // Below the company table: the course offers per course, and the dates filling up.
  const courses: CsvCell[][] = [];
  if (r.courses) {
    courses.push([], [WORDS.coursesHeading[lang]], [WORDS.course[lang], WORDS.courseOffers[lang], WORDS.courseBookings[lang], `${WORDS.conversion[lang]} %`]);
    for (const c of r.courses.byCourse) courses.push([c.title, c.offers, c.bookings, share(c.conversion)]);
    courses.push([], [WORDS.fillingUp[lang]], [WORDS.course[lang], WORDS.startsAt[lang], WORDS.seats[lang], WORDS.booked[lang], WORDS.seatsLeft[lang]]);
    for (const d of r.courses.fillingUp) courses.push([d.courseTitle, d.local, d.seatsTotal, d.booked, d.seatsLeft]);
  }
  return toDanishCsv([[reportTitle(r, lang)], [span], [], header, ...rows, total, ...courses]);
}

export function renderTrainingText(r: TrainingReport, lang: ReportLanguage = 'da'): string {
  const t = r.totals;
  const lines = [
    reportTitle(r, lang),
    `${WORDS.previousPeriod[lang]}: ${formatDay(r.previousPeriod.from, lang)} – ${formatDay(r.previousPeriod.to, lang)}`,
    '',
    `${WORDS.tickets[lang]}: ${t.current.tickets} (${formatDelta(t.change.tickets.delta)}, ${formatPercent(t.change.tickets.percent, lang)})`,
    ...REPORT_CATEGORIES.map((k) => `  ${CATEGORY_LABELS[k][lang]}: ${t.current.byCategory[k]} (${formatDelta(t.change.byCategory[k].delta)})`),
    `${WORDS.offersSent[lang]}: ${t.current.offersSent} (${formatDelta(t.change.offersSent.delta)})`,
    `${WORDS.repeatedTopics[lang]}: ${t.current.repeatedTopics}`,
    `${WORDS.unmatchedTickets[lang]}: ${t.current.unmatchedTickets}`,
  ];
  if (r.courses) {
    const pctOf = (c: number | null) => formatShare(c, lang);
    lines.push(`${WORDS.courseOffers[lang]}: ${r.courses.offers}; ${WORDS.courseBookings[lang]}: ${r.courses.bookings}; ${WORDS.conversion[lang]}: ${pctOf(r.courses.conversion)}`);
    for (const c of r.courses.byCourse) lines.push(`  ${c.title}: ${c.offers} / ${c.bookings} (${pctOf(c.conversion)})`);
    for (const d of r.courses.fillingUp) lines.push(`  ${WORDS.fillingUp[lang].split(' (')[0]}: ${d.courseTitle} ${d.local}, ${d.booked}/${d.seatsTotal} ${WORDS.booked[lang].toLowerCase()}, ${d.seatsLeft} ${WORDS.seatsLeft[lang].toLowerCase()}`);
  }
  for (const c of r.companies) {
    lines.push('', `${c.name} — ${AGREEMENT_LABELS[c.agreement ?? 'none'][lang]}`);
    lines.push(`  ${WORDS.tickets[lang]}: ${c.tickets} (${WORDS.previousPeriod[lang].toLowerCase()} ${c.previous.tickets}); ${REPORT_CATEGORIES.map((k) => `${CATEGORY_LABELS[k][lang]} ${c.byCategory[k]}`).join(', ')}; ${WORDS.offersSent[lang]} ${c.offersSent}`);
    for (const x of c.trainingTicketList) {
      lines.push(`  ${x.reference} ${x.day} ${TOPIC_LABELS[x.topic ?? 'other'][lang]}: ${x.subject}`);
      for (const e of x.evidence) lines.push(`      ${e}`);
    }
    if (c.repeatedTopicList.length) lines.push(`  ${WORDS.repeatedTopics[lang]}: ${c.repeatedTopicList.map((x) => `${TOPIC_LABELS[x.topic][lang]} (${x.count})`).join(', ')}`);
    for (const x of c.recommendations) lines.push(`  ${WORDS.recommended[lang]} (${TOPIC_LABELS[x.topic][lang]}): ${x.course[lang]}`);
  }
  if (r.unmatchedTrainingTickets.length) {
    lines.push('', `${WORDS.unmatchedTraining[lang]}:`);
    for (const x of r.unmatchedTrainingTickets) {
      lines.push(`  ${x.reference} ${x.day} ${x.fromAddress ?? ''} ${TOPIC_LABELS[x.topic ?? 'other'][lang]}: ${x.subject}`);
      for (const e of x.evidence) lines.push(`      ${e}`);
    }
  }
  lines.push('', WORDS.footer[lang]);
  return `${lines.join('\n')}\n`;
}

export function renderTrainingJson(r: TrainingReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

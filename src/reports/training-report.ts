import type { AgreementKind, Category, Topic } from '../domain/vocabulary';
import { agreementOn, type AgreementPeriod } from '../domain/agreements';
import { courseFor, type Course } from './courses';
import { inPeriod, previousPeriod, type Period } from './period';
import { buildCourseReport, type CourseReport, type CourseReportRows } from './course-report';

/**
 * The managers' training-offer report, built from plain rows (loaded by training-queries.ts)
 * into plain data that the HTML, CSV and JSON renderers share. Pure: no database, no clock.
 */

/** Tickets are never noise (noise is ignored before a ticket exists). */
export const REPORT_CATEGORIES = ['error', 'support', 'training', 'service_request'] as const satisfies readonly Category[];
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/**
 * A topic counts as repeated when questions about it come this often from one company.
 * Only questions (support, training) count: repeated error reports about an area point to a
 * fault in Microbizz, not to a training need; 'other' is no area at all.
 */
export const REPEATED_TOPIC_MIN = 2;
const QUESTION_CATEGORIES: ReadonlySet<ReportCategory> = new Set(['support', 'training']);

export interface ReportTicketRow {
  id: number;
  reference: string;
  subject: string;
  category: ReportCategory;
  topic: Topic | null;
  companyId: number | null;
  /** Local calendar day the ticket was opened (in the report's time zone). */
  day: string;
  /** Why it was judged a training need (tickets.training_evidence). */
  evidence?: string[];
  /** Sender, for training needs from senders the registry does not place at a company. */
  fromAddress?: string;
}

/** One training offer that left (outbox kind training-offer…, state sent). */
export interface ReportOfferRow {
  id: string;
  ticketId: number | null;
  companyId: number | null;
  /** Local calendar day it was sent. */
  day: string;
}

export interface ReportCompanyRow {
  id: number;
  name: string;
  agreements: AgreementPeriod[];
}

/** Rows covering the period and the previous period of equal length; others are ignored. */
export interface TrainingReportRows {
  companies: ReportCompanyRow[];
  tickets: ReportTicketRow[];
  offers: ReportOfferRow[];
  /** Offers with course dates, bookings, dates ahead (course-report.ts); absent: no course part. */
  courses?: CourseReportRows;
}

export interface TrainingTicket {
  reference: string;
  subject: string;
  topic: Topic | null;
  day: string;
  /** Why the mail was judged a training need: signs of missing basics, deciding words. */
  evidence: string[];
}

export interface Recommendation {
  topic: Topic;
  course: Course;
  /** Training-need tickets about the topic. */
  trainingTickets: number;
  /** Questions (support + training) about the topic. */
  questions: number;
}

export interface PeriodFigures {
  tickets: number;
  byCategory: Record<ReportCategory, number>;
  trainingTickets: number;
  offersSent: number;
  repeatedTopics: number;
}

export interface CompanyTrainingReport extends PeriodFigures {
  companyId: number;
  name: string;
  /** The agreement valid on the last day of the period. */
  agreement: AgreementKind | null;
  trainingTicketList: TrainingTicket[];
  repeatedTopicList: { topic: Topic; count: number }[];
  recommendations: Recommendation[];
  previous: PeriodFigures;
}

export interface Change {
  delta: number;
  /** Relative change in percent, one decimal; null when the previous value was 0. */
  percent: number | null;
}

export interface TotalFigures extends PeriodFigures {
  /** Companies with at least one ticket. */
  companies: number;
  /** Tickets from senders the registry does not place at any company (counted in tickets). */
  unmatchedTickets: number;
}

export interface TrainingReport {
  period: Period;
  previousPeriod: Period;
  companies: CompanyTrainingReport[];
  /** Training needs in the period from senders the registry places at no company (e.g. a private address). */
  unmatchedTrainingTickets: Array<TrainingTicket & { fromAddress: string | null }>;
  totals: { current: TotalFigures; previous: TotalFigures; change: TotalChange };
  /** Training offers with course dates in the period: bookings, conversion, dates filling up. */
  courses: CourseReport | null;
}

type ScalarFigure = Exclude<keyof TotalFigures, 'byCategory'>;
export type TotalChange = Record<ScalarFigure, Change> & { byCategory: Record<ReportCategory, Change> };
const SCALAR_FIGURES: readonly ScalarFigure[] = ['tickets', 'trainingTickets', 'offersSent', 'repeatedTopics', 'companies', 'unmatchedTickets'];

const zeroCategories = (): Record<ReportCategory, number> => ({ error: 0, support: 0, training: 0, service_request: 0 });

interface CompanyPeriod {
  figures: PeriodFigures;
  trainingTickets: ReportTicketRow[];
  repeated: { topic: Topic; count: number }[];
  questionsByTopic: Map<Topic, number>;
}

function companyPeriod(tickets: ReportTicketRow[], offers: number): CompanyPeriod {
  const byCategory = zeroCategories();
  const questionsByTopic = new Map<Topic, number>();
  for (const t of tickets) {
    byCategory[t.category]++;
    if (QUESTION_CATEGORIES.has(t.category) && t.topic) questionsByTopic.set(t.topic, (questionsByTopic.get(t.topic) ?? 0) + 1);
  }
  const repeated = [...questionsByTopic]
    .filter(([topic, n]) => topic !== 'other' && n >= REPEATED_TOPIC_MIN)
    .map(([topic, count]) => ({ topic, count }))
    .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic));
  const trainingTickets = tickets.filter((t) => t.category === 'training').sort((a, b) => a.day.localeCompare(b.day) || a.reference.localeCompare(b.reference));
  return {
    figures: { tickets: tickets.length, byCategory, trainingTickets: trainingTickets.length, offersSent: offers, repeatedTopics: repeated.length },
    trainingTickets,
    repeated,
    questionsByTopic,
  };
}

/** A course for every topic a company asked training for, and for every repeated topic. */
function recommendations(p: CompanyPeriod): Recommendation[] {
  const requested = new Map<Topic, number>();
  for (const t of p.trainingTickets) requested.set(t.topic ?? 'other', (requested.get(t.topic ?? 'other') ?? 0) + 1);
  const topics = new Set<Topic>([...requested.keys(), ...p.repeated.map((r) => r.topic)]);
  return [...topics]
    .map((topic) => ({ topic, course: courseFor(topic), trainingTickets: requested.get(topic) ?? 0, questions: p.questionsByTopic.get(topic) ?? 0 }))
    .sort((a, b) => b.trainingTickets - a.trainingTickets || b.questions - a.questions || a.topic.localeCompare(b.topic));
}

function groupBy<T>(rows: T[], key: (r: T) => number | null): Map<number | null, T[]> {
  const m = new Map<number | null, T[]>();
  for (const r of rows) {
    const k = key(r);
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

function totals(per: PeriodFigures[], tickets: ReportTicketRow[], offers: ReportOfferRow[]): TotalFigures {
  const byCategory = zeroCategories();
  for (const t of tickets) byCategory[t.category]++;
  return {
    tickets: tickets.length,
    byCategory,
    trainingTickets: byCategory.training,
    offersSent: offers.length,
    repeatedTopics: per.reduce((s, f) => s + f.repeatedTopics, 0),
    companies: per.filter((f) => f.tickets > 0).length,
    unmatchedTickets: tickets.filter((t) => t.companyId === null).length,
  };
}

export function change(current: number, previous: number): Change {
  return { delta: current - previous, percent: previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10 };
}

export function buildTrainingReport(rows: TrainingReportRows, period: Period): TrainingReport {
  const prev = previousPeriod(period);
  const cur = { tickets: rows.tickets.filter((t) => inPeriod(t.day, period)), offers: rows.offers.filter((o) => inPeriod(o.day, period)) };
  const old = { tickets: rows.tickets.filter((t) => inPeriod(t.day, prev)), offers: rows.offers.filter((o) => inPeriod(o.day, prev)) };
  const ticketsOf = { cur: groupBy(cur.tickets, (t) => t.companyId), old: groupBy(old.tickets, (t) => t.companyId) };
  const offersOf = { cur: groupBy(cur.offers, (o) => o.companyId), old: groupBy(old.offers, (o) => o.companyId) };

  const companies: CompanyTrainingReport[] = [];
  for (const c of rows.companies) {
    const now = companyPeriod(ticketsOf.cur.get(c.id) ?? [], offersOf.cur.get(c.id)?.length ?? 0);
    const before = companyPeriod(ticketsOf.old.get(c.id) ?? [], offersOf.old.get(c.id)?.length ?? 0);
    // A company with nothing in either period has nothing to report.
    if (!now.figures.tickets && !now.figures.offersSent && !before.figures.tickets && !before.figures.offersSent) continue;
    companies.push({
      companyId: c.id,
      name: c.name,
      agreement: agreementOn(c.agreements, period.to),
      ...now.figures,
      trainingTicketList: now.trainingTickets.map(toTrainingTicket),
      repeatedTopicList: now.repeated,
      recommendations: recommendations(now),
      previous: before.figures,
    });
  }
  companies.sort((a, b) => b.trainingTickets - a.trainingTickets || b.tickets - a.tickets || a.name.localeCompare(b.name, 'da'));

  const current = totals(companies, cur.tickets, cur.offers);
  const previous = totals(companies.map((c) => c.previous), old.tickets, old.offers);
  const changes = {
    ...Object.fromEntries(SCALAR_FIGURES.map((k) => [k, change(current[k], previous[k])])),
    byCategory: Object.fromEntries(REPORT_CATEGORIES.map((k) => [k, change(current.byCategory[k], previous.byCategory[k])])),
  } as TotalChange;
  const unmatchedTrainingTickets = cur.tickets
    .filter((t) => t.companyId === null && t.category === 'training')
    .sort((a, b) => a.day.localeCompare(b.day) || a.reference.localeCompare(b.reference))
    .map((t) => ({ ...toTrainingTicket(t), fromAddress: t.fromAddress ?? null }));
  const courses = rows.courses ? buildCourseReport(rows.courses, period) : null;
  return { period, previousPeriod: prev, companies, unmatchedTrainingTickets, totals: { current, previous, change: changes }, courses };
}

const toTrainingTicket = ({ reference, subject, topic, day, evidence }: ReportTicketRow): TrainingTicket => ({ reference, subject, topic, day, evidence: evidence ?? [] });

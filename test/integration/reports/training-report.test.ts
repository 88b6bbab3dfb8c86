import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../../support/db';
import { trainingReportFor } from '../../../src/reports/send';
import { COURSES } from '../../../src/reports/courses';
import type { Topic } from '../../../src/domain/vocabulary';
import { insertCompany, insertOutbox, insertTicket, pick, prng } from './seed';

/**
 * Every figure of the report is checked against counts made here with plain SQL over fixed
 * UTC+1 instants (all of 26 Oct – 8 Nov 2026 is winter time in Copenhagen), independent of
 * the report's own time-zone conversion and of its builder.
 */
const CUR = ['2026-11-02T00:00:00+01:00', '2026-11-09T00:00:00+01:00'];
const PREV = ['2026-10-26T00:00:00+01:00', '2026-11-02T00:00:00+01:00'];
const PERIOD = { from: '2026-11-02', to: '2026-11-08' };
const CATS = ['error', 'support', 'training', 'service_request'] as const;

describe('training-offer report on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = db.dataSource;
    ids.havn = await insertCompany(ds, 'Havnens VVS & Blik A/S', [{ kind: 'basis' }]);
    ids.fjord = await insertCompany(ds, 'Fjordby Elektro ApS', [{ kind: 'hypercare', from: '2026-09-01', to: '2026-11-04' }, { kind: 'basis', from: '2026-11-05' }]);
    ids.oester = await insertCompany(ds, 'Østerlund Anlæg I/S', [{ kind: 'udvidet', from: '2026-01-01' }]);
    ids.kragh = await insertCompany(ds, 'Kragh El-service', [{ kind: 'timefakturering' }]);
    ids.graense = await insertCompany(ds, 'Grænse ApS', [{ kind: 'hypercare', to: '2026-11-08' }]);
    ids.quiet = await insertCompany(ds, 'Stille Tømrer ApS', [{ kind: 'basis' }]);
    // Boundaries, by hand: local midnight is 23:00 UTC the day before.
    for (const at of ['2026-11-01T23:00:00Z', '2026-11-08T22:59:59Z', '2026-11-08T23:00:00Z', '2026-10-25T23:00:00Z', '2026-10-25T22:59:59Z']) {
      await insertTicket(ds, { companyId: ids.graense, category: 'training', topic: 'forms', at });
    }
    // Random weeks around the period (seeded: replayable).
    const rnd = prng(20261102);
    const companies = [ids.havn, ids.fjord, ids.oester, ids.kragh, null];
    const topics: (Topic | null)[] = ['forms', 'forms', 'invoicing', 'planning', 'app', 'time_registration', 'other', null];
    const start = Date.parse('2026-10-23T00:00:00Z');
    for (let i = 0; i < 160; i++) {
      const at = new Date(start + Math.floor(rnd() * 20 * 86_400_000));
      const t = await insertTicket(ds, { companyId: pick(rnd, companies), category: pick(rnd, CATS), topic: pick(rnd, topics), at: at.toISOString() });
      if (rnd() < 0.7) {
        const state = pick(rnd, ['sent', 'sent', 'sent', 'pending', 'failed', 'suppressed', 'bounced']);
        const sentAt = state === 'sent' || state === 'bounced' ? new Date(at.getTime() + Math.floor(rnd() * 2 * 86_400_000)).toISOString() : null;
        await insertOutbox(ds, { ticketId: t.id, kind: pick(rnd, ['training-offer', 'training-offer', 'support/basis', 'needs-triage', 'agent']), state, createdAt: at.toISOString(), sentAt });
      }
    }
    // An offer with no ticket (counted in the totals only).
    await insertOutbox(ds, { ticketId: null, kind: 'training-offer', state: 'sent', createdAt: '2026-11-03T09:00:00Z', sentAt: '2026-11-03T09:00:05Z' });
  });
  afterAll(async () => db.drop());

  const tickets = `tickets t WHERE t.created_at >= $1 AND t.created_at < $2`;
  const offers = `outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
    WHERE o.kind = 'training-offer' AND o.state = 'sent' AND coalesce(o.sent_at, o.created_at) >= $1 AND coalesce(o.sent_at, o.created_at) < $2`;

  async function figures(companyId: number | null, [a, b]: string[]) {
    const where = companyId === null ? '' : ` AND t.company_id = ${companyId}`;
    // Repeated means the same company asked twice: tickets of no known company never repeat.
    const whereRepeated = companyId === null ? ' AND t.company_id IS NOT NULL' : where;
    const byCategory = { error: 0, support: 0, training: 0, service_request: 0 };
    for (const r of await ds.query(`SELECT category, count(*)::int AS n FROM ${tickets}${where} GROUP BY category`, [a, b])) byCategory[r.category as keyof typeof byCategory] = r.n;
    const [{ n: offersSent }] = await ds.query(`SELECT count(*)::int AS n FROM ${offers}${where}`, [a, b]);
    const repeated = await ds.query(
      `SELECT t.company_id, t.topic, count(*)::int AS count FROM ${tickets}${whereRepeated} AND t.category IN ('support', 'training') AND t.topic IS NOT NULL AND t.topic <> 'other'
        GROUP BY t.company_id, t.topic HAVING count(*) >= 2 ORDER BY count DESC, topic`,
      [a, b],
    );
    const total = Object.values(byCategory).reduce((s, n) => s + n, 0);
    return { tickets: total, byCategory, trainingTickets: byCategory.training, offersSent, repeatedTopics: repeated.length, repeated };
  }

  it('every figure of every company matches the database', async () => {
    const r = await trainingReportFor(ds, PERIOD, 'Europe/Copenhagen');
    const listed = await ds.query(
      `SELECT DISTINCT company_id FROM (SELECT t.company_id FROM ${tickets} UNION ALL SELECT t.company_id FROM ${offers}
         UNION ALL SELECT t.company_id FROM tickets t WHERE t.created_at >= $3 AND t.created_at < $4
         UNION ALL SELECT t.company_id FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id WHERE o.kind = 'training-offer' AND o.state = 'sent'
               AND coalesce(o.sent_at, o.created_at) >= $3 AND coalesce(o.sent_at, o.created_at) < $4) x WHERE company_id IS NOT NULL`,
      [...CUR, ...PREV],
    );
    expect(r.companies.map((c) => c.companyId).sort()).toEqual(listed.map((x: { company_id: number }) => x.company_id).sort());
    expect(r.companies.map((c) => c.companyId)).not.toContain(ids.quiet);
    expect(r.companies.length).toBe(5);

    const agreementOn8Nov: Record<number, string> = { [ids.havn]: 'basis', [ids.fjord]: 'basis', [ids.oester]: 'udvidet', [ids.kragh]: 'timefakturering', [ids.graense]: 'hypercare' };
    for (const c of r.companies) {
      const now = await figures(c.companyId, CUR);
      const before = await figures(c.companyId, PREV);
      expect(c.agreement).toBe(agreementOn8Nov[c.companyId]);
      expect({ tickets: c.tickets, byCategory: c.byCategory, trainingTickets: c.trainingTickets, offersSent: c.offersSent, repeatedTopics: c.repeatedTopics }).toEqual({ ...now, repeated: undefined });
      expect(c.previous).toEqual({ ...before, repeated: undefined });
      expect(c.repeatedTopicList).toEqual(now.repeated.map((x: { topic: string; count: number }) => ({ topic: x.topic, count: x.count })));

      const training = await ds.query(
        `SELECT reference, subject, topic, to_char(created_at AT TIME ZONE 'UTC' + interval '1 hour', 'YYYY-MM-DD') AS day, training_evidence AS evidence
           FROM ${tickets} AND t.company_id = $3 AND t.category = 'training' ORDER BY day, reference`,
        [...CUR, c.companyId],
      );
      expect(c.trainingTicketList).toEqual(training);

      const perTopic = await ds.query(
        `SELECT coalesce(topic, 'other') AS topic, count(*) FILTER (WHERE category = 'training')::int AS "trainingTickets",
                count(*) FILTER (WHERE category IN ('support', 'training') AND topic IS NOT NULL)::int AS questions
           FROM ${tickets} AND t.company_id = $3 GROUP BY 1`,
        [...CUR, c.companyId],
      );
      const expected = perTopic
        .filter((x: { topic: Topic; trainingTickets: number; questions: number }) => x.trainingTickets > 0 || (x.topic !== 'other' && x.questions >= 2))
        .map((x: { topic: Topic; trainingTickets: number; questions: number }) => ({ ...x, course: COURSES[x.topic] }));
      expect([...c.recommendations].sort((a, b) => a.topic.localeCompare(b.topic))).toEqual(expected.sort((a: { topic: string }, b: { topic: string }) => a.topic.localeCompare(b.topic)));
    }
    for (let i = 1; i < r.companies.length; i++) {
      const [a, b] = [r.companies[i - 1], r.companies[i]];
      expect(a.trainingTickets > b.trainingTickets || (a.trainingTickets === b.trainingTickets && a.tickets >= b.tickets)).toBe(true);
    }
  });

  it('totals and their change match the database', async () => {
    const r = await trainingReportFor(ds, PERIOD, 'Europe/Copenhagen');
    for (const [which, range] of [['current', CUR], ['previous', PREV]] as const) {
      const all = await figures(null, range);
      const [{ n: unmatched }] = await ds.query(`SELECT count(*)::int AS n FROM ${tickets} AND t.company_id IS NULL`, range);
      const [{ n: companies }] = await ds.query(`SELECT count(DISTINCT t.company_id)::int AS n FROM ${tickets} AND t.company_id IS NOT NULL`, range);
      expect(r.totals[which]).toEqual({ tickets: all.tickets, byCategory: all.byCategory, trainingTickets: all.trainingTickets, offersSent: all.offersSent, repeatedTopics: all.repeated.length, companies, unmatchedTickets: unmatched });
    }
    const { current: c, previous: p, change } = r.totals;
    expect(change.tickets).toEqual({ delta: c.tickets - p.tickets, percent: p.tickets ? +((100 * (c.tickets - p.tickets)) / p.tickets).toFixed(1) : null });
    for (const k of CATS) expect(change.byCategory[k].delta).toBe(c.byCategory[k] - p.byCategory[k]);
    expect(change.offersSent.delta).toBe(c.offersSent - p.offersSent);
  });

  it('cuts days at local midnight (hand-counted boundary tickets)', async () => {
    const r = await trainingReportFor(ds, PERIOD, 'Europe/Copenhagen');
    const g = r.companies.find((c) => c.name === 'Grænse ApS')!;
    expect(g.trainingTicketList.map((t) => t.day)).toEqual(['2026-11-02', '2026-11-08']);
    expect(g.previous.trainingTickets).toBe(1);
    expect(g.repeatedTopicList).toEqual([{ topic: 'forms', count: 2 }]);
    // In UTC the same instants fall differently: 1 Nov 23:00 is outside, 8 Nov 23:00 inside.
    const utc = await trainingReportFor(ds, PERIOD, 'UTC');
    expect(utc.companies.find((c) => c.name === 'Grænse ApS')!.trainingTicketList.map((t) => t.day)).toEqual(['2026-11-08', '2026-11-08']);
  });
});

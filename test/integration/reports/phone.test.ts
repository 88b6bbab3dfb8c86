import { createTestDatabase } from '../../support/db';
import { logPhoneCall, loadPhoneCalls, PhoneLogError } from '../../../src/reports/phone-queries';
import { buildPhoneOverview } from '../../../src/reports/phone-billing';
import { monthPeriod } from '../../../src/reports/period';
import { insertCompany, insertTicket } from './seed';

describe('phone-time billing on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ref: string;
  let orphanRef: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = db.dataSource;
    // Go-live on the 16th: hypercare until the 15th, basis after.
    const fjord = await insertCompany(ds, 'Fjordby Elektro ApS', [{ kind: 'hypercare', from: '2026-08-01', to: '2026-11-15' }, { kind: 'basis', from: '2026-11-16' }]);
    await insertCompany(ds, 'Østerlund Anlæg I/S', [{ kind: 'udvidet' }]);
    await insertCompany(ds, 'Kragh El-service', []);
    ref = (await insertTicket(ds, { companyId: fjord, category: 'support', topic: 'forms', at: '2026-11-10T09:00:00Z' })).reference;
    orphanRef = (await insertTicket(ds, { companyId: null, category: 'support', topic: null, at: '2026-11-10T09:00:00Z' })).reference;
  });
  afterAll(async () => db.drop());

  it('logs calls, each priced with the agreement of its own day', async () => {
    const ds = db.dataSource;
    const log = (o: Partial<Parameters<typeof logPhoneCall>[1]>) => logPhoneCall(ds, { minutes: 1, date: '2026-11-01', agent: 'Lars', isError: false, ...o });
    expect(await log({ ticketRef: ref, date: '2026-11-10', minutes: 45 })).toMatchObject({ basis: 'hypercare', amountDkk: 0, company: 'Fjordby Elektro ApS', ticketReference: ref });
    expect(await log({ ticketRef: ref.toLowerCase(), date: '2026-11-15', minutes: 61 })).toMatchObject({ basis: 'hypercare', amountDkk: 0 });
    expect(await log({ ticketRef: ref, date: '2026-11-16', minutes: 1 })).toMatchObject({ basis: 'billed', agreement: 'basis', billedMinutes: 30, amountDkk: 475 });
    expect(await log({ ticketRef: ref, date: '2026-11-30', minutes: 31 })).toMatchObject({ billedMinutes: 60, amountDkk: 950 });
    expect(await log({ ticketRef: ref, date: '2026-11-20', minutes: 70, isError: true })).toMatchObject({ basis: 'error', amountDkk: 0 });
    expect(await log({ ticketRef: ref, date: '2026-12-01', minutes: 30 })).toMatchObject({ amountDkk: 475 });
    expect(await log({ company: 'kragh el-service', date: '2026-11-05', minutes: 60, agent: null })).toMatchObject({ basis: 'billed', agreement: null, amountDkk: 950, ticketReference: null });
    expect(await log({ company: 'Østerlund Anlæg I/S', date: '2026-11-07', minutes: 200 })).toMatchObject({ basis: 'udvidet', amountDkk: 0 });

    const stored = await ds.query(`SELECT count(*)::int AS n, sum(minutes)::int AS m FROM phone_calls`);
    expect(stored).toEqual([{ n: 8, m: 45 + 61 + 1 + 31 + 70 + 30 + 60 + 200 }]);

    const rows = await loadPhoneCalls(ds, monthPeriod('2026-11'));
    const o = buildPhoneOverview('2026-11', rows.calls, rows.companies);
    expect(o.companies).toEqual([
      { companyId: expect.any(Number), name: 'Fjordby Elektro ApS', calls: 5, minutes: 45 + 61 + 1 + 31 + 70, billedMinutes: 90, amountDkk: 1425, freeCalls: 3 },
      { companyId: expect.any(Number), name: 'Kragh El-service', calls: 1, minutes: 60, billedMinutes: 60, amountDkk: 950, freeCalls: 0 },
      { companyId: expect.any(Number), name: 'Østerlund Anlæg I/S', calls: 1, minutes: 200, billedMinutes: 0, amountDkk: 0, freeCalls: 1 },
    ]);
    expect(o.totals).toEqual({ calls: 7, minutes: 468, billedMinutes: 150, amountDkk: 2375, freeCalls: 4 });
    const [{ m: novemberMinutes }] = await ds.query(`SELECT sum(minutes)::int AS m FROM phone_calls WHERE call_date >= '2026-11-01' AND call_date < '2026-12-01'`);
    expect(o.totals.minutes).toBe(novemberMinutes);
    expect(o.calls.find((c) => c.callDate === '2026-11-20')).toMatchObject({ isError: true, ticketReference: ref, agent: 'Lars' });
  });

  it('refuses what cannot be billed, and the table refuses it too', async () => {
    const ds = db.dataSource;
    const base = { date: '2026-11-02', agent: null, isError: false };
    await expect(logPhoneCall(ds, { ...base, ticketRef: ref, minutes: 0 })).rejects.toThrow(PhoneLogError);
    await expect(logPhoneCall(ds, { ...base, ticketRef: ref, minutes: 5, date: '2026-11-31' })).rejects.toThrow(/2026-11-31/);
    await expect(logPhoneCall(ds, { ...base, ticketRef: 'MB-999999', minutes: 5 })).rejects.toThrow(/no ticket MB-999999/);
    await expect(logPhoneCall(ds, { ...base, ticketRef: orphanRef, minutes: 5 })).rejects.toThrow(/belongs to no company/);
    await expect(logPhoneCall(ds, { ...base, minutes: 5 })).rejects.toThrow(/--ticket/);
    const [{ id }] = await ds.query(`SELECT id FROM companies LIMIT 1`);
    await expect(ds.query(`INSERT INTO phone_calls (company_id, call_date, minutes) VALUES ($1, '2026-11-02', 0)`, [id])).rejects.toThrow(/check/i);
  });
});

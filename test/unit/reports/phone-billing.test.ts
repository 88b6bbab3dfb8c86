import { BLOCK_PRICE_DKK, billedMinutes, buildPhoneOverview, priceCall, priceOfMinutes, type PhoneCallRow } from '../../../src/reports/phone-billing';
import type { AgreementPeriod } from '../../../src/domain/agreements';

const call = (over: Partial<PhoneCallRow>): PhoneCallRow => ({
  id: 1,
  companyId: 1,
  ticketReference: 'MB-000001',
  callDate: '2026-11-10',
  minutes: 10,
  agent: 'Lars',
  isError: false,
  ...over,
});
const basis: AgreementPeriod[] = [{ kind: 'basis', validFrom: null, validTo: null }];

describe('phone time rounding (950 kr./hour, up to the nearest 30 min, per call)', () => {
  it.each([
    [1, 30, 475],
    [29, 30, 475],
    [30, 30, 475],
    [31, 60, 950],
    [60, 60, 950],
    [61, 90, 1425],
    [90, 90, 1425],
    [91, 120, 1900],
  ])('%i min → %i billed min → %i kr.', (minutes, billed, kr) => {
    expect(billedMinutes(minutes)).toBe(billed);
    expect(priceOfMinutes(billedMinutes(minutes))).toBe(kr);
  });

  it('a half hour costs half the hourly rate', () => expect(BLOCK_PRICE_DKK).toBe(475));

  it.each([0, -1, 1.5, Number.NaN])('refuses %p minutes', (m) => {
    expect(() => billedMinutes(m)).toThrow(RangeError);
    expect(() => priceCall(call({ minutes: m }), basis)).toThrow(RangeError);
  });
});

describe('which calls are billed', () => {
  it('basis and timefakturering pay; no agreement on record pays too', () => {
    expect(priceCall(call({ minutes: 31 }), basis)).toMatchObject({ basis: 'billed', agreement: 'basis', billedMinutes: 60, amountDkk: 950 });
    const hourly: AgreementPeriod[] = [{ kind: 'timefakturering', validFrom: null, validTo: null }];
    expect(priceCall(call({ minutes: 1 }), hourly)).toMatchObject({ basis: 'billed', billedMinutes: 30, amountDkk: 475 });
    expect(priceCall(call({ minutes: 61 }), [])).toMatchObject({ basis: 'billed', agreement: null, amountDkk: 1425 });
  });

  it('hypercare and udvidet calls are listed at 0 kr.', () => {
    for (const kind of ['hypercare', 'udvidet'] as const) {
      const p = priceCall(call({ minutes: 45 }), [{ kind, validFrom: null, validTo: null }]);
      expect(p).toMatchObject({ basis: kind, billedMinutes: 0, amountDkk: 0, minutes: 45 });
    }
  });

  it('an error report is free under every agreement', () => {
    expect(priceCall(call({ minutes: 75, isError: true }), basis)).toMatchObject({ basis: 'error', billedMinutes: 0, amountDkk: 0 });
  });
});

describe('monthly overview', () => {
  // Hypercare until the 15th (inclusive), basis from the 16th.
  const goLive: AgreementPeriod[] = [
    { kind: 'hypercare', validFrom: '2026-09-01', validTo: '2026-11-15' },
    { kind: 'basis', validFrom: '2026-11-16', validTo: null },
  ];
  const companies = [
    { id: 1, name: 'Fjordby Elektro ApS', agreements: goLive },
    { id: 2, name: 'Østerlund Anlæg I/S', agreements: [{ kind: 'udvidet' as const, validFrom: '2026-01-01', validTo: null }] },
  ];
  const calls = [
    call({ id: 1, callDate: '2026-11-03', minutes: 50 }), // hypercare: 0
    call({ id: 2, callDate: '2026-11-15', minutes: 61 }), // last hypercare day: 0
    call({ id: 3, callDate: '2026-11-16', minutes: 12 }), // basis: 30 min, 475
    call({ id: 4, callDate: '2026-11-27', minutes: 31 }), // basis: 60 min, 950
    call({ id: 5, callDate: '2026-11-28', minutes: 20, isError: true }), // error: 0
    call({ id: 6, callDate: '2026-12-01', minutes: 30 }), // next month: not in the overview
    call({ id: 7, companyId: 2, callDate: '2026-11-20', minutes: 95 }), // udvidet: 0
  ];

  it('prices each call with the agreement of its own day', () => {
    const o = buildPhoneOverview('2026-11', calls, companies);
    const byId = new Map(o.calls.map((c) => [c.id, c]));
    expect([1, 2, 3, 4, 5, 7].map((id) => byId.get(id)!.amountDkk)).toEqual([0, 0, 475, 950, 0, 0]);
    expect(byId.get(2)!.basis).toBe('hypercare');
    expect(byId.get(3)!.agreement).toBe('basis');
    expect(byId.has(6)).toBe(false);
  });

  it('sums per company and in total', () => {
    const o = buildPhoneOverview('2026-11', calls, companies);
    expect(o.period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(o.companies).toEqual([
      { companyId: 1, name: 'Fjordby Elektro ApS', calls: 5, minutes: 50 + 61 + 12 + 31 + 20, billedMinutes: 90, amountDkk: 1425, freeCalls: 3 },
      { companyId: 2, name: 'Østerlund Anlæg I/S', calls: 1, minutes: 95, billedMinutes: 0, amountDkk: 0, freeCalls: 1 },
    ]);
    expect(o.totals).toEqual({ calls: 6, minutes: 174 + 95, billedMinutes: 90, amountDkk: 1425, freeCalls: 4 });
  });

  it('a call of a company that was not loaded is an error, not a silent 0', () => {
    expect(() => buildPhoneOverview('2026-11', [call({ companyId: 9 })], companies)).toThrow(/company 9/);
  });
});

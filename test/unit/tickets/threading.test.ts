import { decideThread, type ThreadCandidate } from '../../../src/tickets/threading';
import { formatReference, referencesInSubject } from '../../../src/domain/reference';

const now = new Date('2026-11-27T10:00:00Z');
const open: ThreadCandidate = { ticketId: 5, via: 'subject-reference', participants: ['anna@kragh-el.dk'], companyId: 1, status: 'open', closedAt: null };
const opts = { now, reopenWithinDays: 30 };

describe('ticket references', () => {
  it('formats and finds MB-000123 in Danish reply subjects', () => {
    expect(formatReference('MB', 123)).toBe('MB-000123');
    expect(referencesInSubject('SV: VS: [MB-000123] Fejl i faktura', 'MB')).toEqual(['MB-000123']);
    expect(referencesInSubject('Re[2]: MB-1234567 og MB-000001', 'MB')).toEqual(['MB-1234567', 'MB-000001']);
    expect(referencesInSubject('XMB-000123 or MB-12', 'MB')).toEqual([]);
  });
});

describe('decideThread', () => {
  it('no candidates → new ticket', () => {
    expect(decideThread([], { address: 'a@b.dk', companyId: null, forged: false }, opts).action).toBe('new');
  });
  it('a participant joins by reference', () => {
    expect(decideThread([open], { address: 'anna@kragh-el.dk', companyId: 1, forged: false }, opts)).toMatchObject({ action: 'append', ticketId: 5, reopen: false });
  });
  it('a colleague of the same company joins', () => {
    expect(decideThread([open], { address: 'peter@kragh-el.dk', companyId: 1, forged: false }, opts).action).toBe('append');
  });
  it('anti-hijack: an outsider who knows the reference opens a new ticket', () => {
    const d = decideThread([open], { address: 'x@evil.example', companyId: null, forged: false }, opts);
    expect(d.action).toBe('new');
    expect(d.reason).toEqual({ code: 'thread.not_participant', params: { ticket: 5 } });
  });
  it('an unverified sender (e.g. a second From address naming the customer) never joins, even as a participant', () => {
    const d = decideThread([open], { address: 'anna@kragh-el.dk', companyId: null, forged: false, unverified: true }, opts);
    expect(d).toMatchObject({ action: 'new', linkedTicketId: null, reason: { code: 'thread.unverified' } });
  });

  it('a forged sender never joins, even as a participant', () => {
    expect(decideThread([open], { address: 'anna@kragh-el.dk', companyId: 1, forged: true }, opts).action).toBe('new');
  });
  it('a closed ticket reopens within the window, else a new linked ticket', () => {
    const closed = { ...open, status: 'closed' as const, closedAt: new Date('2026-11-20T10:00:00Z') };
    expect(decideThread([closed], { address: 'anna@kragh-el.dk', companyId: 1, forged: false }, opts)).toMatchObject({ action: 'append', reopen: true });
    const old = { ...closed, closedAt: new Date('2026-09-01T10:00:00Z') };
    expect(decideThread([old], { address: 'anna@kragh-el.dk', companyId: 1, forged: false }, opts)).toMatchObject({ action: 'new', linkedTicketId: 5 });
  });
  it('the subject reference wins over In-Reply-To', () => {
    const other = { ...open, ticketId: 9, via: 'in-reply-to' as const };
    expect(decideThread([other, open], { address: 'anna@kragh-el.dk', companyId: 1, forged: false }, opts)).toMatchObject({ ticketId: 5 });
  });
});

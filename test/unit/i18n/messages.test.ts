import { REASONS, reasonText, renderReason, uiText, UI_TEXTS } from '../../../src/i18n/messages';
import { matchSender } from '../../../src/pipeline/match/match-sender';
import { type CompanyFacts } from '../../../src/contacts/facts';
import { planReply, type ReplyPolicyInput } from '../../../src/domain/reply-policy';
import { REASON_CODES, reason, type ReasonCode } from '../../../src/domain/reasons';
import { decideThread } from '../../../src/tickets/threading';

/** Parameters every code may use, so each entry can be rendered. */
const SAMPLE = { address: 'anna@kragh-el.dk', company: 'Kragh El-Service A/S', domain: 'kragh-el.dk', count: 2, fallback: 'basis', confidence: 0.4213, threshold: 0.5, evidence: 'Auto-Submitted: auto-generated', actor: 'anne@ventu.dk', limit: 5, ticket: 17, via: 'subject-reference', days: 45, why: 'noise: nyhedsbrev', size: 30000000 };

describe('the reason catalogue', () => {
  it('has Danish and English words for every code, and they differ', () => {
    for (const code of REASON_CODES) {
      const da = renderReason(reason(code, SAMPLE), 'da');
      const en = renderReason(reason(code, SAMPLE), 'en');
      expect([code, da.length > 5, en.length > 5]).toEqual([code, true, true]);
      expect(`${da}${en}`).not.toMatch(/undefined|NaN|\[object/);
      expect([code, da === en]).toEqual([code, false]);
    }
    expect(Object.keys(REASONS).sort()).toEqual([...REASON_CODES].sort());
  });

  it('the English words are the sentences the pipeline always wrote (logs, outbox.reason and scripts read them)', () => {
    expect(reasonText(reason('policy.forged'))).toBe('DMARC failed: no reply to a forged sender');
    expect(reasonText(reason('reply.budget_hour', { count: 5, address: 'bot@x.example', limit: 5 }))).toBe('budget: 5 automatic replies to bot@x.example in the last hour (limit 5)');
    expect(reasonText(reason('policy.low_confidence', { confidence: 0.4213, threshold: 0.5 }))).toBe('confidence 0.42 below 0.5: needs triage');
    expect(reasonText(reason('sender.forged'))).toBe('DMARC failed at our receiving server: the From address is not trusted');
    expect(reasonText(reason('thread.joins', { via: 'in-reply-to' }))).toBe('joins via in-reply-to');
  });

  it('Danish is the default; numbers are shown as a Dane reads them', () => {
    expect(renderReason(reason('policy.low_confidence', { confidence: 0.4213, threshold: 0.5 }))).toBe('sikkerheden 42 % er under 50 %: kræver vurdering');
    expect(renderReason(reason('thread.joins', { via: 'subject-reference' }), 'da')).toBe('føjet til sagen via sagsreferencen i emnet');
  });

  it('old rows: free text is shown as written; an unknown code shows its text or the code', () => {
    expect(renderReason('no customer uses the domain x.dk', 'da')).toBe('no customer uses the domain x.dk');
    expect(renderReason({ code: 'future.code' as ReasonCode, params: { text: 'from a newer version' } }, 'da')).toBe('from a newer version');
    expect(renderReason({ code: 'future.code' as ReasonCode }, 'en')).toBe('future.code');
    expect(renderReason(null)).toBe('');
  });

  it('the pure stages produce codes that render in both languages', () => {
    const kragh: CompanyFacts = { id: 1, name: 'Kragh El-Service A/S', agreements: [], contacts: [] };
    const forged = matchSender('anna@kragh-el.dk', { contact: { id: 7, name: 'Anna', companyId: 1 }, contactCompany: kragh, domainCompanies: [kragh] }, { forged: true, day: '2026-11-27' });
    expect(forged.reasons.map((r) => renderReason(r, 'da'))).toEqual(['DMARC fejlede på vores modtageserver: afsenderadressen kan ikke bekræftes']);
    const stranger = matchSender('ukendt@gmail.com', { contact: null, contactCompany: null, domainCompanies: [] }, { forged: false, day: '2026-11-27' });
    expect(stranger.reasons.map((r) => renderReason(r, 'da'))).toEqual(['gmail.com er et offentligt maildomæne: det peger ikke på nogen virksomhed']);

    const input: ReplyPolicyInput = { category: 'support', confidence: 0.9, abstainBelow: 0.5, senderStatus: 'unknown_domain', forged: true, agreement: null, companyContacts: [], followUp: false, ccContactsOnNotRegistered: true };
    expect(renderReason(planReply(input).suppressed, 'da')).toBe('DMARC fejlede: intet svar til en muligvis forfalsket afsender');
    const thread = decideThread([], { address: 'a@b.dk', companyId: null, forged: false }, { now: new Date(), reopenWithinDays: 30 });
    expect(renderReason(thread.reason, 'en')).toBe('no ticket reference or known Message-ID');
  });

  it('the workspace texts: the forged-sender warning is the issue\'s sentence; English when asked', () => {
    expect(uiText('forgedSender')).toBe('Afsenderen kunne ikke bekræftes (DMARC fejlede) — muligvis forfalsket. Intet automatisk svar er sendt.');
    expect(uiText('forgedSender', 'en')).toMatch(/^The sender could not be verified \(DMARC failed\)/);
    expect(uiText('suggested', 'da', { company: 'Kragh El-Service A/S', domain: 'kragh-el.dk' })).toBe('Forslag: Kragh El-Service A/S — domænet kragh-el.dk er registreret hos dem.');
    for (const key of Object.keys(UI_TEXTS) as (keyof typeof UI_TEXTS)[]) expect(uiText(key, 'da', { company: 'X', domain: 'x.dk' })).not.toBe(uiText(key, 'en', { company: 'X', domain: 'x.dk' }));
  });
});

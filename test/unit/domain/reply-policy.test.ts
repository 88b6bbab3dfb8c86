import { planReply, type ReplyPolicyInput } from '../../../src/domain/reply-policy';
import { AGREEMENT_KINDS } from '../../../src/domain/vocabulary';

const base: ReplyPolicyInput = {
  category: 'support',
  confidence: 0.9,
  abstainBelow: 0.5,
  senderStatus: 'registered_contact',
  forged: false,
  agreement: 'basis',
  companyContacts: [
    { name: 'Anna', address: 'anna@kragh-el.dk' },
    { name: 'Bo', address: 'bo@kragh-el.dk' },
  ],
  followUp: false,
  ccContactsOnNotRegistered: true,
};

describe('planReply (category × agreement × sender)', () => {
  it.each(AGREEMENT_KINDS)('errors are accepted whatever the agreement (%s)', (agreement) => {
    const p = planReply({ ...base, category: 'error', agreement });
    expect(p.reply?.header).toBe('error');
    expect(p.queue).toBe('error');
  });
  it('errors from unknown and unregistered senders are still accepted', () => {
    expect(planReply({ ...base, category: 'error', senderStatus: 'unknown_domain', agreement: null }).reply?.header).toBe('error/unknown-sender');
    const nr = planReply({ ...base, category: 'error', senderStatus: 'same_domain_unregistered' });
    expect(nr.reply?.header).toBe('error/not-registered');
    expect(nr.reply?.cc).toEqual(['anna@kragh-el.dk', 'bo@kragh-el.dk']);
  });
  it.each(AGREEMENT_KINDS)('support from a registered contact names the agreement (%s)', (agreement) => {
    expect(planReply({ ...base, agreement }).reply?.header).toBe(`support/${agreement}`);
  });
  it('training gets a training offer in the training queue', () => {
    expect(planReply({ ...base, category: 'training' })).toMatchObject({ queue: 'training', reply: { header: 'training-offer' } });
  });
  it.each([
    ['udvidet', 'included'],
    ['hypercare', 'included'],
    ['basis', 'billable'],
    ['timefakturering', 'billable'],
  ] as const)('service request under %s is %s', (agreement, variant) => {
    expect(planReply({ ...base, category: 'service_request', agreement }).reply?.header).toBe(`service-request/${variant}`);
  });
  it('a colleague who is not a contact is registered and the contacts are copied (configurable)', () => {
    const p = planReply({ ...base, senderStatus: 'same_domain_unregistered' });
    expect(p).toMatchObject({ queue: 'support', reply: { header: 'not-registered', cc: ['anna@kragh-el.dk', 'bo@kragh-el.dk'] } });
    expect(planReply({ ...base, senderStatus: 'same_domain_unregistered', ccContactsOnNotRegistered: false }).reply?.cc).toEqual([]);
  });
  it('an unknown sender is asked which company, in the unknown-sender queue', () => {
    expect(planReply({ ...base, senderStatus: 'unknown_domain', agreement: null })).toMatchObject({ queue: 'unknown_sender', reply: { header: 'unknown-sender' } });
  });
  it('low confidence → neutral acknowledgement, needs triage', () => {
    expect(planReply({ ...base, category: 'error', confidence: 0.3 })).toMatchObject({ queue: 'needs_triage', reply: { header: 'needs-triage' } });
  });
  it('a forged sender gets no reply, recorded as suppressed', () => {
    const p = planReply({ ...base, forged: true, senderStatus: 'unknown_domain' });
    expect(p.reply).toBeNull();
    expect(p.suppressed).toEqual({ code: 'policy.forged' });
  });
  it('a follow-up on an existing ticket gets no new acknowledgement', () => {
    expect(planReply({ ...base, followUp: true })).toMatchObject({ reply: null, suppressed: null });
  });
  it('no valid agreement is treated as basis', () => {
    expect(planReply({ ...base, agreement: null }).reply?.header).toBe('support/basis');
  });
});

describe('planReply: senders that must not be answered', () => {
  it('a no-reply sender still gets its ticket, the reply is recorded as suppressed', () => {
    const p = planReply({ ...base, category: 'training', senderStatus: 'unknown_domain', agreement: null, doNotReply: 'no reply to a no-reply address' });
    expect(p).toMatchObject({ queue: 'unknown_sender', reply: null, suppressed: 'no reply to a no-reply address' });
  });
});

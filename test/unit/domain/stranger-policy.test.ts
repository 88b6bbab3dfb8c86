import { planReply, STRANGER_NOISE_P, type ReplyPolicyInput } from '../../../src/domain/reply-policy';
import { keepForCustomer } from '../../../src/pipeline/keep-for-customer';
import type { Classification } from '../../../src/pipeline/classify/types';
import { renderReason } from '../../../src/i18n/messages';

const words = (r: Parameters<typeof renderReason>[0]) => renderReason(r, 'en');

const base: ReplyPolicyInput = {
  category: 'support',
  confidence: 0.9,
  abstainBelow: 0.5,
  senderStatus: 'unknown_domain',
  forged: false,
  agreement: null,
  companyContacts: [],
  followUp: false,
  ccContactsOnNotRegistered: true,
  noiseSuspicion: { textScore: 0, pNoise: 0.01, phrases: [] },
};

describe('unknown senders: only a confident human request is answered', () => {
  it('a confident request from an unknown address gets the unknown-sender reply', () => {
    expect(planReply(base)).toMatchObject({ queue: 'unknown_sender', reply: { header: 'unknown-sender' }, suppressed: null });
    expect(planReply({ ...base, category: 'error' })).toMatchObject({ queue: 'error', reply: { header: 'error/unknown-sender' } });
  });

  it('a low-confidence mail from a stranger goes to needs triage without any reply', () => {
    const p = planReply({ ...base, confidence: 0.42 });
    expect(p.queue).toBe('needs_triage');
    expect(p.reply).toBeNull();
    expect(words(p.suppressed)).toMatch(/unknown sender and an uncertain classification \(confidence 0\.42 below 0\.5\)/);
  });

  it('sales or fraud wording silences the reply even when the category is human and confident', () => {
    const p = planReply({ ...base, category: 'error', noiseSuspicion: { textScore: 4.5, pNoise: 0.05, phrases: ['betal her', 'inkasso'] } });
    expect(p).toMatchObject({ queue: 'needs_triage', reply: null });
    expect(words(p.suppressed)).toMatch(/looks like sales, automatic or fraudulent mail .*"betal her", "inkasso"/);
    expect(planReply({ ...base, noiseSuspicion: { textScore: 0, pNoise: STRANGER_NOISE_P, phrases: [] } }).reply).toBeNull();
  });

  it('the same mail from a registered contact is answered (the stranger rule is for strangers only)', () => {
    const p = planReply({ ...base, senderStatus: 'registered_contact', agreement: 'basis', noiseSuspicion: { textScore: 4.5, pNoise: 0.3, phrases: [] } });
    expect(p.reply?.header).toBe('support/basis');
    // and a colleague at a customer still gets the not-registered reply
    expect(planReply({ ...base, senderStatus: 'same_domain_unregistered', agreement: 'basis', confidence: 0.42 }).reply?.header).toBe('needs-triage');
  });

  it('forged mail is still answered by nobody, with the DMARC reason first', () => {
    expect(words(planReply({ ...base, forged: true, confidence: 0.2 }).suppressed)).toMatch(/DMARC/);
  });

  it('a forced triage (noise verdict kept for a customer) gives the neutral reply and the needs-triage queue', () => {
    const p = planReply({ ...base, senderStatus: 'registered_contact', agreement: 'udvidet', triage: 'judged noise by its text, but the sender is a customer: needs triage' });
    expect(p).toMatchObject({ queue: 'needs_triage', reply: { header: 'needs-triage' } });
    expect(p.reasons.join(' ')).toMatch(/sender is a customer/);
  });
});

describe('keepForCustomer: the text-based noise rules never silence a customer', () => {
  const noise: Classification = {
    category: 'noise',
    confidence: 0.98,
    language: 'da',
    topic: 'other',
    explanation: ['Vurdering: støj (98 %).'],
    scores: { error: 0.002, support: 0.012, training: 0.001, service_request: 0.005, noise: 0.98 },
    method: 'model',
    noiseSuspicion: { textScore: 3, pNoise: 0.98, phrases: ['uforpligtende'] },
  };
  it('turns a model noise verdict for a registered contact or a colleague into its best human category', () => {
    const k = keepForCustomer(noise, { status: 'registered_contact', forged: false });
    expect(k).toMatchObject({ category: 'support', confidence: 0.012 });
    expect(k!.explanation.join(' ')).toMatch(/registreret supportkontakt/);
    expect(keepForCustomer(noise, { status: 'same_domain_unregistered', forged: false })?.category).toBe('support');
  });
  it('leaves strangers, forged senders, header and spam-filter verdicts, and non-noise alone', () => {
    expect(keepForCustomer(noise, { status: 'unknown_domain', forged: false })).toBeNull();
    expect(keepForCustomer(noise, { status: 'registered_contact', forged: true })).toBeNull();
    expect(keepForCustomer({ ...noise, method: 'headers' }, { status: 'registered_contact', forged: false })).toBeNull();
    expect(keepForCustomer({ ...noise, method: 'spam-verdict' }, { status: 'registered_contact', forged: false })).toBeNull();
    expect(keepForCustomer({ ...noise, category: 'support' }, { status: 'registered_contact', forged: false })).toBeNull();
  });
});

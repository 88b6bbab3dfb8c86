import { mayOfferSelfHelp, selfHelpInReply } from '../../../src/domain/self-help';
import { REPLY_KINDS, type Category, type SenderStatus } from '../../../src/domain/vocabulary';

const HUMAN: Exclude<Category, 'noise'>[] = ['error', 'support', 'training', 'service_request'];
const SENDERS: SenderStatus[] = ['registered_contact', 'same_domain_unregistered', 'unknown_domain'];

describe('self-help policy: when help articles go into an automatic reply', () => {
  it('a support question from a registered contact, answered with the support reply: yes', () => {
    expect(selfHelpInReply({ category: 'support', senderStatus: 'registered_contact', replyKind: 'support' })).toBe(true);
  });

  it('never in the reply to an error, whoever reports it', () => {
    for (const senderStatus of SENDERS) for (const replyKind of REPLY_KINDS) expect(selfHelpInReply({ category: 'error', senderStatus, replyKind })).toBe(false);
  });

  it('never to an unknown sender', () => {
    for (const category of HUMAN) for (const replyKind of REPLY_KINDS) expect(selfHelpInReply({ category, senderStatus: 'unknown_domain', replyKind })).toBe(false);
    expect(mayOfferSelfHelp({ category: 'support', senderStatus: 'unknown_domain' })).toBe(false);
  });

  it('in no other reply kind, and not when there is no reply', () => {
    for (const replyKind of REPLY_KINDS.filter((k) => k !== 'support')) expect(selfHelpInReply({ category: 'support', senderStatus: 'registered_contact', replyKind })).toBe(false);
    expect(selfHelpInReply({ category: 'support', senderStatus: 'registered_contact', replyKind: null })).toBe(false);
  });

  it('only support questions are searched at all', () => {
    expect(HUMAN.filter((category) => mayOfferSelfHelp({ category, senderStatus: 'registered_contact' }))).toEqual(['support']);
    expect(mayOfferSelfHelp({ category: 'support', senderStatus: 'same_domain_unregistered' })).toBe(true);
  });
});

import type { Category, ReplyKind, SenderStatus } from './vocabulary';

/**
 * When help-centre articles may be offered to a customer ("hjælp til selvhjælp": support is
 * help to self-help within the workflows the customer already has, supportaftaler.txt). Pure.
 *
 * Only in the automatic reply to a support question from a known sender: never in the reply to
 * an error (errors are always handled by a person), never to an unknown sender (we do not know
 * who it is; the reply asks which company they belong to), and in no other reply kind (a
 * training offer, a service request, the not-registered or needs-triage replies say something
 * else). Agents may still use the suggestions in a reply of their own: that is their judgment.
 */
export const MAX_SELF_HELP_ARTICLES = 3;

export interface SelfHelpInput {
  category: Exclude<Category, 'noise'>;
  senderStatus: SenderStatus;
}

/** Worth looking for articles at all: a support question from a sender we know. */
export function mayOfferSelfHelp(p: SelfHelpInput): boolean {
  return p.category === 'support' && p.senderStatus !== 'unknown_domain';
}

/** The articles go into this automatic reply: the question may have them and the reply is the support acknowledgement. */
export function selfHelpInReply(p: SelfHelpInput & { replyKind: ReplyKind | null }): boolean {
  return mayOfferSelfHelp(p) && p.replyKind === 'support';
}

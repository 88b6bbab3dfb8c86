import type { SenderStatus } from './vocabulary';
import { reason, type Reason } from './reasons';
import { skeleton, stripSubjectPrefixes, tokenize } from './text';

/**
 * The reply budget, aimed at loops (pure; the outbox counts, the caller decides).
 *
 * Automatic replies exist to acknowledge people. The budget exists to stop loops with
 * machines (two auto-responders answering each other, a system that mails us the same alert
 * every minute), not to silence a customer who writes several separate requests. So a mail
 * is judged first:
 *
 *   loop-like   the sender is not a registered support contact (machines rarely are), the
 *               From could not be trusted (DMARC failed), the mail carries automatic-mail
 *               markers, it answers one of our own replies (In-Reply-To/References hold one
 *               of our Message-IDs), or its text is identical or near-identical to another
 *               mail from the same address in the last day;
 *   a request   otherwise: a registered contact's distinct new mail.
 *
 * Every automatic reply to the address in the last hour / day counts. A loop-like mail is
 * answered while that count is below the loop budget (REPLY_BUDGET_PER_HOUR / _PER_DAY, 5 /
 * 20); a registered contact's distinct request while it is below the contact budget
 * (REPLY_BUDGET_CONTACT_PER_HOUR / _PER_DAY, 30 / 100: much higher, still finite; never
 * below the loop budget).
 */
export interface ReplyBudgets {
  loop: { perHour: number; perDay: number };
  contact: { perHour: number; perDay: number };
}

export interface BudgetFacts {
  address: string;
  senderStatus: SenderStatus;
  forged: boolean;
  /** The mail carries automatic-mail markers (even weak ones). */
  automatic: boolean;
  /** The mail refers to one of our own Message-IDs. */
  answersOurReply: boolean;
  /** Earlier mails from the same address within the last day whose text is (near-)identical. */
  nearDuplicates: number;
  /** Automatic replies to this address that count (pending, sending, sent). */
  repliesLastHour: number;
  repliesLastDay: number;
}

/** Why a mail counts as loop-like: codes, put into words by the message catalogue (loopSignalText). */
export type LoopSignal = 'not_contact' | 'unauthenticated' | 'automatic' | 'answers_our_reply' | `near_duplicates:${number}`;

export interface BudgetDecision {
  budget: 'loop' | 'contact';
  /** Why the mail counts as loop-like (empty for a contact's distinct request). */
  loopSignals: LoopSignal[];
  /** Set when the reply must be suppressed: why (reply.budget_hour or reply.budget_day, with the budget and the signals). */
  exceeded: Reason | null;
}

export function decideBudget(f: BudgetFacts, budgets: ReplyBudgets): BudgetDecision {
  const loopSignals: LoopSignal[] = [];
  if (f.senderStatus !== 'registered_contact') loopSignals.push('not_contact');
  if (f.forged) loopSignals.push('unauthenticated');
  if (f.automatic) loopSignals.push('automatic');
  if (f.answersOurReply) loopSignals.push('answers_our_reply');
  if (f.nearDuplicates > 0) loopSignals.push(`near_duplicates:${f.nearDuplicates}`);
  const budget = loopSignals.length ? 'loop' : 'contact';
  // The contact budget is never below the loop budget (raising the loop budget raises both).
  const limit =
    budget === 'loop'
      ? budgets.loop
      : { perHour: Math.max(budgets.contact.perHour, budgets.loop.perHour), perDay: Math.max(budgets.contact.perDay, budgets.loop.perDay) };
  const params = { address: f.address, budget, signals: loopSignals.join(',') };
  let exceeded: Reason | null = null;
  if (f.repliesLastHour >= limit.perHour) exceeded = reason('reply.budget_hour', { ...params, count: f.repliesLastHour, limit: limit.perHour });
  else if (f.repliesLastDay >= limit.perDay) exceeded = reason('reply.budget_day', { ...params, count: f.repliesLastDay, limit: limit.perDay });
  return { budget, loopSignals, exceeded };
}

// ---------------------------------------------------------------------------------------------
// Near-identical mails

/**
 * The words of a mail for comparison: subject without reply prefixes plus the new text,
 * spelling-folded, every number replaced by one placeholder (a counter or a timestamp in an
 * otherwise identical alert does not make it a new request).
 */
export function comparableWords(subject: string, newText: string): string[] {
  const s = stripSubjectPrefixes(subject ?? '').subject;
  return tokenize(`${s}\n${newText ?? ''}`, 800)
    .filter((t) => t.kind !== 'q')
    .map((t) => (t.kind === 'word' ? skeleton(t.raw.toLowerCase()) : t.norm));
}

function shingles(words: string[], n = 3): Set<string> {
  const out = new Set<string>();
  if (words.length < n) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

/** Jaccard similarity of word 3-shingles, 0..1 (1: the same words in the same order). */
export function similarity(a: string[], b: string[]): number {
  const A = shingles(a);
  const B = shingles(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 1 : inter / union;
}

/** Above this the two mails say the same thing: a resend, an alert repeating itself, a loop. */
export const NEAR_DUPLICATE = 0.8;

/** How many of the earlier mails are (near-)identical to this one. */
export function countNearDuplicates(mail: { subject: string; newText: string }, earlier: Array<{ subject: string | null; newText: string | null }>): number {
  const w = comparableWords(mail.subject, mail.newText);
  let n = 0;
  for (const e of earlier) if (similarity(w, comparableWords(e.subject ?? '', e.newText ?? '')) >= NEAR_DUPLICATE) n++;
  return n;
}

import type { Category, SenderStatus } from '../domain/vocabulary';
import type { Classification } from './classify/types';
import type { SenderMatch } from '../contacts/facts';

const CUSTOMER_STATUSES: ReadonlySet<SenderStatus> = new Set(['registered_contact', 'same_domain_unregistered']);

/**
 * Mail from a customer is never silenced by the text-based noise rules: when the model (not
 * the spam filter's verdict, not automatic-mail headers) calls a mail from a registered
 * contact or a colleague at a customer's domain noise, it becomes a ticket in needs triage
 * under its best human category, and the agent decides. Returns that classification, or
 * null when the verdict stands (or was not noise).
 */
export function keepForCustomer(c: Classification, sender: Pick<SenderMatch, 'status' | 'forged'>): Classification & { category: Exclude<Category, 'noise'> } | null {
  if (c.category !== 'noise' || c.method !== 'model' || sender.forged || !CUSTOMER_STATUSES.has(sender.status)) return null;
  const best = (Object.keys(c.scores) as Category[]).filter((k) => k !== 'noise').sort((a, b) => c.scores[b] - c.scores[a])[0] as Exclude<Category, 'noise'>;
  return {
    ...c,
    category: best,
    confidence: c.scores[best],
    topic: c.topic,
    trainingEvidence: [],
    explanation: [
      ...c.explanation.slice(0, 3),
      `Teksten ligner automatisk mail eller salg (støj), men afsenderen er ${sender.status === 'registered_contact' ? 'registreret supportkontakt' : 'kollega hos en kunde'}; mailen bliver en sag i "Kræver vurdering" (bedste bud: ${best}).`,
    ],
  };
}

/**
 * Header evidence for the classifier, taken from the parse stage's single definitions of
 * automatic mail (detectAutomatic, RFC 3834 and helpdesk practice) and of the receiving
 * server's spam verdict (readSpamVerdict), so the pipeline and the classifier never disagree
 * on what counts as automatic. Pure.
 */
import { detectAutomatic, NO_REPLY_SENDER } from '../parse/automatic';
import { readSpamVerdict } from '../parse/auth-results';
import type { ClassifierInput } from './types';

export interface HeaderEvidence {
  /** Short description for the agent, e.g. "Auto-Submitted: auto-replied". */
  reason: string;
  /**
   * strong: only machines send this (auto-replies, DSNs, list mail, calendar responses).
   * weak:   "auto-generated"/"bulk"/no-reply markers that systems also put on mail carrying a
   *         person's words (web forms, other ticket systems, notification relays).
   */
  strength: 'strong' | 'weak';
}

/** The spam filter's verdict (X-Spam-Flag / X-Spam-Status / X-Spam), or null. */
export function spamVerdict(input: Pick<ClassifierInput, 'headers'>): string | null {
  const v = readSpamVerdict(input.headers ?? {});
  return v.spam ? v.reasons.join('; ') : null;
}

/** Automatic-mail evidence, or null for mail that carries none. */
export function automaticMailEvidence(
  input: Pick<ClassifierInput, 'headers' | 'fromAddress' | 'contentType' | 'attachmentNames' | 'subject'>,
): HeaderEvidence | null {
  const verdict = detectAutomatic({
    headers: input.headers ?? {},
    contentType: (input.contentType ?? '').toLowerCase(),
    from: input.fromAddress ? { address: input.fromAddress.toLowerCase(), name: '' } : null,
    subject: input.subject ?? '',
    // An .ics attachment is the calendar part that confirms a calendar response subject.
    attachments: (input.attachmentNames ?? []).filter((n) => /\.ics$/i.test(n)).map(() => ({ contentType: 'text/calendar' })),
  });
  // A no-reply From alone says "do not answer", not "nobody wrote this" (web forms send
  // people's course sign-ups and questions that way): the text decides, the reply is withheld.
  if (!verdict.automatic || verdict.reasons.every((r) => r.startsWith(NO_REPLY_SENDER))) return null;
  return { reason: verdict.reasons.join('; '), strength: verdict.mayCarryRequest ? 'weak' : 'strong' };
}

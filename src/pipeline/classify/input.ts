import type { ParsedInbound } from '../parse/types';
import { CLASSIFY_LIMITS } from '../parse/limits';
import type { ClassifierInput } from './types';

const cut = (s: string | null | undefined, n: number): string => (s ? (s.length > n ? s.slice(0, n) : s) : '');

/**
 * The classifier's view of a parsed mail: the new text and the headers, never the quoted
 * history. Bounded (CLASSIFY_LIMITS), so classifying costs the same on a hostile mail as on
 * a long ordinary one: the first 20,000 characters of the new text, 500 of the subject, a
 * bounded set of header values.
 */
export function toClassifierInput(p: ParsedInbound): ClassifierInput {
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  let values = 0;
  for (const [name, list] of Object.entries(p.headers ?? {})) {
    for (const v of list) {
      if (values++ >= CLASSIFY_LIMITS.headerValues) break;
      (headers[name] ??= []).push(cut(v, CLASSIFY_LIMITS.headerChars));
    }
  }
  return {
    subject: cut(p.subject, CLASSIFY_LIMITS.subjectChars),
    newText: cut(p.newText, CLASSIFY_LIMITS.textChars),
    headers,
    fromAddress: p.from?.address ? p.from.address : null,
    contentType: p.contentType ?? '',
    attachmentNames: (p.attachments ?? []).slice(0, CLASSIFY_LIMITS.attachmentNames).map((a) => a.filename),
  };
}

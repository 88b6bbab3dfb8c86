import type { ParsedInbound } from '../parse/types';
import type { ClassifierInput } from './types';

/** The classifier's view of a parsed mail: the new text and the headers, never the quoted history. */
export function toClassifierInput(p: ParsedInbound): ClassifierInput {
  return {
    subject: p.subject ?? '',
    newText: p.newText ?? '',
    headers: p.headers ?? {},
    fromAddress: p.from?.address ? p.from.address : null,
    contentType: p.contentType ?? '',
    attachmentNames: (p.attachments ?? []).map((a) => a.filename),
  };
}

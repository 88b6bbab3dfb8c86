/**
 * RFC 5322 §3.6.4 msg-id: "<" id-left "@" id-right ">", id-left a dot-atom, id-right a
 * dot-atom or a no-fold-literal ("[...]"). Only ids of that shape are ever copied into the
 * In-Reply-To and References of our replies: a sender's odd Message-ID (quotes, backslashes,
 * spaces, U+2028, 8-bit bytes) is dropped, never mangled into a header. Ids here are without
 * the angle brackets. Pure.
 */
const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]+";
const DOT_ATOM = `${ATEXT}(?:\\.${ATEXT})*`;
const NO_FOLD_LITERAL = '\\[[\\x21-\\x5a\\x5e-\\x7e]*\\]';
const MSG_ID = new RegExp(`^${DOT_ATOM}@(?:${DOT_ATOM}|${NO_FOLD_LITERAL})$`);

/** Longest id we copy: a References header of 20 such ids still folds into legal lines. */
const MAX_LENGTH = 250;

export function isWellFormedMessageId(id: string | null | undefined): id is string {
  return !!id && id.length <= MAX_LENGTH && MSG_ID.test(id);
}

/** The well-formed ids of `ids`, in order, without duplicates. */
export function wellFormedMessageIds(ids: readonly string[]): string[] {
  return ids.filter((id, i) => isWellFormedMessageId(id) && ids.indexOf(id) === i);
}

/** Our own replies carry Message-IDs of this shape: a mail that has one is our mail coming back. */
export function isOwnMessageId(id: string | null | undefined, domain: string): boolean {
  return !!id && id.startsWith('sd.') && id.toLowerCase().endsWith(`@${domain.toLowerCase()}`);
}

/** The address part of a From line such as MAIL_FROM ("Microbizz Servicedesk <support@microbizz.dk>"), lower case. */
export function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from) ?? /(\S+@\S+)/.exec(from);
  return (m ? m[1]! : from).trim().toLowerCase();
}

/** The domain of our Message-IDs: the explicit one, or MAIL_FROM's (loop detection relies on it). */
export function messageIdDomainOf(mailFrom: string, explicit?: string | null): string {
  return explicit ?? addressOf(mailFrom).split('@')[1]!;
}

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

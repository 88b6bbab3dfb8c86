/**
 * How Danish mail text is read: normalisation and tokenisation, the same for the classifier
 * (src/pipeline/classify/text.ts builds its features on these tokens), the topic and
 * language detectors and the reply budget's near-duplicate check. Pure; part of the domain
 * core, so it imports nothing.
 *
 *  - lower case, Unicode NFC;
 *  - Danish letters folded to ASCII digraphs: æ→ae, ø→oe, å→aa (ä, ö, ü likewise; other
 *    accents stripped), see {@link foldDanish};
 *  - Danes often type without æøå ("virker ikke laengere" / "langere", "faa" / "fa"), so the
 *    form used for features and lexicons is a *skeleton* in which the digraphs collapse to one
 *    letter (ae→a, oe→o, aa→a): "længere", "laengere" and "langere" all become "langere".
 *    See {@link skeleton};
 *  - URLs, e-mail addresses and numbers become the placeholder tokens `_url_`, `_email_`,
 *    `_num_`; a question mark becomes `_q_` (questions are evidence for support/training).
 */

/** Longest run of letters read as a word (longer: one `_long_` token, see tokenize). */
export const TOKEN_CHARS = 40;

/** `long`: a run of letters longer than TOKEN_CHARS, which no one writes as a word. */
export type TokenKind = 'word' | 'url' | 'email' | 'num' | 'q' | 'long';

export interface Token {
  /** The token as written (original case), for explanations. */
  raw: string;
  /** The skeleton form used for features, or the placeholder for url/email/num/q. */
  norm: string;
  kind: TokenKind;
}

/** æ→ae, ø→oe, å→aa (and ä, ö, ü); strips other diacritics. Expects lower-case input. */
export function foldDanish(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case 'æ':
      case 'ä':
        out += 'ae';
        break;
      case 'ø':
      case 'ö':
        out += 'oe';
        break;
      case 'å':
        out += 'aa';
        break;
      case 'ü':
        out += 'ue';
        break;
      case 'ß':
        out += 'ss';
        break;
      default:
        if (ch.charCodeAt(0) < 0x80) out += ch;
        else out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    }
  }
  return out;
}

/**
 * The spelling-insensitive form of one lower-case word: fold æøå to digraphs, then collapse
 * the digraphs ae/oe/aa to a single letter so that writers with and without æøå match.
 */
export function skeleton(word: string): string {
  return foldDanish(word).replace(/aa|ae|oe/g, (m) => (m === 'oe' ? 'o' : 'a'));
}

/** Lower case + æøå folding + placeholders, as one string (for display, tests and lexicons). */
export function normalizeText(s: string): string {
  return tokenize(s)
    .map((t) => (t.kind === 'word' ? foldDanish(t.raw.toLowerCase()) : t.norm))
    .join(' ');
}

// One alternation; the first group that matches decides the token kind.
// Every quantifier is bounded: with `+` or `*`, a run of millions of letters made V8's regexp
// engine keep a backtracking entry per character (RangeError: Maximum call stack size).
// Bounded, each match costs at most a few hundred steps and the scan stays linear.
const TOKEN_RE =
  /(https?:\/\/[^\s<>"']{1,2048}|www\.[^\s<>"']{1,2048})|([\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,10})|(\p{N}{1,32}(?:[.,:/-]\p{N}{1,32}){0,8})|(\p{L}[\p{L}\p{M}]{0,63}(?:'\p{L}{1,20})?)|(\?)/gu;
/** The rest of a run of letters after a match that hit the 64-letter bound (skipped in bounded steps). */
const LETTERS = /[\p{L}\p{M}]{1,4096}/uy;

/** Splits text into tokens. Words are kept with their original spelling in `raw`. */
export function tokenize(text: string, maxTokens = Infinity): Token[] {
  const out: Token[] = [];
  if (!text) return out;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    if (m[1] !== undefined) out.push({ raw: m[1], norm: '_url_', kind: 'url' });
    else if (m[2] !== undefined) out.push({ raw: m[2], norm: '_email_', kind: 'email' });
    else if (m[3] !== undefined) out.push({ raw: m[3], norm: '_num_', kind: 'num' });
    else if (m[4] !== undefined) {
      // Bounded work per token: a 15-million-letter "word" would otherwise become 45 million
      // character n-grams. Checked before any per-character work on it.
      if (m[4].length > TOKEN_CHARS) {
        out.push({ raw: `${m[4].slice(0, 20)}…`, norm: '_long_', kind: 'long' });
        LETTERS.lastIndex = TOKEN_RE.lastIndex;
        while (LETTERS.test(text)) TOKEN_RE.lastIndex = LETTERS.lastIndex;
      }
      else out.push({ raw: m[4], norm: skeleton(m[4].toLowerCase().normalize('NFC')), kind: 'word' });
    } else out.push({ raw: '?', norm: '_q_', kind: 'q' });
    if (out.length >= maxTokens) break;
  }
  return out;
}

/** Reply/forward prefixes in subjects (Danish, English, German, Outlook variants). */
const SUBJECT_PREFIX_RE = /^\s*((re|sv|aw|vs|fw|fwd|wg|videresend|antw)\s*(\[\d+\])?\s*:\s*)+/i;

/** Removes reply/forward prefixes; `isReply` tells whether there were any. */
export function stripSubjectPrefixes(subject: string): { subject: string; isReply: boolean } {
  const m = SUBJECT_PREFIX_RE.exec(subject);
  if (!m) return { subject, isReply: false };
  return { subject: subject.slice(m[0].length), isReply: true };
}

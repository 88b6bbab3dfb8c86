/**
 * Text normalisation, tokenisation and hashed features for the classifier.
 *
 * Pure functions only. The same code runs at training time and in production, so the
 * features a model was trained on are exactly the features it sees later.
 *
 * Normalisation
 *  - lower case, Unicode NFC;
 *  - Danish letters folded to ASCII digraphs: æ→ae, ø→oe, å→aa (ä, ö, ü likewise; other
 *    accents stripped), see {@link foldDanish};
 *  - Danes often type without æøå ("virker ikke laengere" / "langere", "faa" / "fa"), so the
 *    form used for features and lexicons is a *skeleton* in which the digraphs collapse to one
 *    letter (ae→a, oe→o, aa→a): "længere", "laengere" and "langere" all become "langere".
 *    See {@link skeleton};
 *  - URLs, e-mail addresses and numbers become the placeholder tokens `_url_`, `_email_`,
 *    `_num_`; a question mark becomes `_q_` (questions are evidence for support/training).
 *
 * Features (see {@link extractFeatures}): word unigrams and bigrams plus character n-grams
 * (3–5 by default) inside word boundaries, which copes with Danish compounds
 * ("fakturaudskrivning" shares "faktura" n-grams with "faktura"). Subject features carry
 * their own prefix. Everything is hashed (FNV-1a) into a fixed space of `dim` buckets, so the
 * model file does not need a vocabulary.
 */

/** `long`: a run of letters longer than CLASSIFY_LIMITS.tokenChars, which no one writes as a word. */
import { CLASSIFY_LIMITS } from '../parse/limits';

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
      if (m[4].length > CLASSIFY_LIMITS.tokenChars) {
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

/**
 * Danish and English function words (pronouns, articles, auxiliaries, prepositions,
 * conjunctions, greetings), in skeleton form. Negations, question words, "tak"/"thanks",
 * "igen"/"again", "stadig"/"still" are NOT here: they carry meaning for the categories.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [
    // Danish
    'og', 'i', 'at', 'en', 'et', 'den', 'det', 'de', 'der', 'er', 'var', 'har', 'havde', 'til', 'med', 'på',
    'af', 'for', 'som', 'om', 'fra', 'men', 'så', 'vi', 'jeg', 'du', 'han', 'hun', 'os', 'mig', 'dig',
    'sig', 'jer', 'vores', 'jeres', 'min', 'mit', 'mine', 'din', 'dit', 'sin', 'sit', 'deres', 'hans',
    'hendes', 'dem', 'denne', 'dette', 'disse', 'man', 'her', 'nu', 'da', 'når', 'også', 'bare', 'lige',
    'meget', 'mere', 'kun', 'alle', 'nogle', 'noget', 'nogen', 'ved', 'efter', 'over', 'under', 'op',
    'ud', 'ind', 'hos', 'mod', 'eller', 'hvis', 'end', 'være', 'været', 'bliver', 'blev', 'blive',
    'kan', 'skal', 'vil', 'må', 'får', 'fik', 'få', 'have', 'hej', 'mvh', 'venlig', 'venlige', 'hilsen',
    'hilsner', 'kære', 'godt', 'jo', 'vel', 'lidt', 'hele', 'sådan', 'sammen', 'selv', 'hvor', 'hvad',
    'hvilken', 'hvilke', 'hvem', 'dag', 'dags', 'idag',
    // English
    'the', 'a', 'an', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'as',
    'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'it', 'its', "it's", 'this', 'that',
    'these', 'those', 'there', 'here', 'we', 'you', 'he', 'she', 'they', 'me', 'us', 'him', 'her',
    'them', 'my', 'our', 'your', 'their', 'his', 'do', 'does', 'did', 'has', 'had', 'will',
    'would', 'shall', 'should', 'may', 'might', 'must', 'so', 'if', 'then', 'than', 'just',
    'also', 'all', 'some', 'any', 'every', 'each', 'about', 'into', 'out', 'up', 'hi', 'hello', 'dear',
    'regards', 'best', 'kind', 'cheers', 'today', 'one', "i'm", "we're", "we've", 'which', 'who',
    'what', 'where', 'when',
  ].map(skeleton),
);

// ---------------------------------------------------------------------------------------------
// Hashing

/** 32-bit FNV-1a over UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Features

export interface FeatureConfig {
  /** Number of hash buckets; a power of two. */
  dim: number;
  /** 1 = unigrams only, 2 = unigrams + bigrams. */
  wordNgrams: 1 | 2;
  /** Character n-gram lengths inside words; charMax 0 disables them. */
  charMin: number;
  charMax: number;
  /** Body tokens beyond this are ignored (long mails are decided early). */
  maxBodyTokens: number;
  /**
   * Leave function words ({@link STOPWORDS}) out of the unigram and character n-gram features
   * (they stay in bigrams, so "kan ikke", "is it" keep their meaning). Function words carry
   * the writer's style, not the request, and do not carry over to other writers.
   * 'chars': keep them as unigrams but leave them out of the character n-grams only.
   */
  stopwords?: boolean | 'chars';
  /**
   * Multiplies the subject weights when the subject is a reply/forward ("SV:", "RE:", "FW:"):
   * such a subject names the old thread, not what the sender writes now. Default 1.
   */
  replySubjectFactor?: number;
  /**
   * Group weights: each group is L2-normalised, then multiplied by its weight. `signal` is the
   * group of evidence signals (evidence.ts: signs of missing basics, of routine); absent or 0
   * in models trained before it existed.
   */
  weights: { word: number; char: number; subjectWord: number; subjectChar: number; signal?: number };
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  dim: 1 << 18,
  stopwords: 'chars',
  wordNgrams: 2,
  charMin: 3,
  charMax: 5,
  maxBodyTokens: 400,
  weights: { word: 1, char: 1, subjectWord: 0.3, subjectChar: 0.2, signal: 0.25 },
};

/** Word uni+bigrams only (no character n-grams): the complement naive Bayes member's features. */
export const WORDS_ONLY_FEATURE_CONFIG: FeatureConfig = {
  ...DEFAULT_FEATURE_CONFIG,
  charMin: 0,
  charMax: 0,
  weights: { ...DEFAULT_FEATURE_CONFIG.weights, char: 0, subjectChar: 0 },
};

/** A sparse feature vector: sorted unique bucket indices with their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Where a bucket came from in this mail: the words (as written) that produced it. */
export type Provenance = Map<number, Set<string>>;

export interface FeatureText {
  subject: string;
  body: string;
  /** Evidence signals of the new text (evidence.ts); computed by the caller. */
  signals?: string[];
}

type Group = Map<number, number>;

function bump(g: Group, h: number): void {
  g.set(h, (g.get(h) ?? 0) + 1);
}

function note(prov: Provenance | undefined, h: number, phrase: string): void {
  if (!prov) return;
  let s = prov.get(h);
  if (!s) {
    s = new Set();
    prov.set(h, s);
  }
  s.add(phrase);
}

function addTokens(
  tokens: Token[],
  prefix: string,
  cfg: FeatureConfig,
  words: Group,
  chars: Group,
  prov: Provenance | undefined,
): void {
  const mask = cfg.dim - 1;
  const wp = prefix + 'w:';
  const bp = prefix + 'b:';
  const cp = prefix + 'c:';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const isStop = cfg.stopwords !== undefined && cfg.stopwords !== false && t.kind === 'word' && STOPWORDS.has(t.norm);
    const stop = isStop && cfg.stopwords === true;
    if (!stop) {
      const h = fnv1a(wp + t.norm) & mask;
      bump(words, h);
      if (t.kind === 'word') note(prov, h, t.raw);
    }
    if (cfg.wordNgrams >= 2 && i + 1 < tokens.length) {
      const u = tokens[i + 1]!;
      const hb = fnv1a(bp + t.norm + ' ' + u.norm) & mask;
      bump(words, hb);
      if (t.kind === 'word' && u.kind === 'word') note(prov, hb, t.raw + ' ' + u.raw);
    }
    if (cfg.charMax > 0 && t.kind === 'word' && !isStop) {
      const w = '<' + t.norm + '>';
      for (let n = cfg.charMin; n <= cfg.charMax; n++) {
        if (w.length < n) break;
        for (let s = 0; s + n <= w.length; s++) {
          const hc = fnv1a(cp + w.slice(s, s + n)) & mask;
          bump(chars, hc);
          note(prov, hc, t.raw);
        }
      }
    }
  }
}

/** sqrt(count) damping, then L2 normalisation × weight, accumulated into `out`. */
function addGroup(out: Map<number, number>, g: Group, weight: number): void {
  if (weight === 0 || g.size === 0) return;
  let norm = 0;
  for (const c of g.values()) norm += c; // Σ (sqrt c)^2
  const scale = weight / Math.sqrt(norm);
  for (const [h, c] of g) out.set(h, (out.get(h) ?? 0) + Math.sqrt(c) * scale);
}

/**
 * Hashed feature vector of a mail (subject + new text). Pass `prov` to learn which words
 * produced each bucket (used for explanations; costs a little time).
 */
export function extractFeatures(text: FeatureText, cfg: FeatureConfig, prov?: Provenance): SparseVector {
  const sw: Group = new Map();
  const sc: Group = new Map();
  const bw: Group = new Map();
  const bc: Group = new Map();
  const { subject, isReply } = stripSubjectPrefixes(text.subject ?? '');
  const subjTokens = tokenize(subject, 40);
  if (isReply) bump(sw, fnv1a('s:_reply_') & (cfg.dim - 1));
  if (subjTokens.length === 0) bump(sw, fnv1a('s:_empty_') & (cfg.dim - 1));
  addTokens(subjTokens, 's', cfg, sw, sc, prov);
  const bodyTokens = tokenize(text.body ?? '', cfg.maxBodyTokens);
  if (bodyTokens.length === 0) bump(bw, fnv1a('b:_empty_') & (cfg.dim - 1));
  addTokens(bodyTokens, '', cfg, bw, bc, prov);

  const sg: Group = new Map();
  if (cfg.weights.signal) for (const sig of text.signals ?? []) bump(sg, fnv1a('x:' + sig) & (cfg.dim - 1));

  const merged = new Map<number, number>();
  addGroup(merged, sg, cfg.weights.signal ?? 0);
  addGroup(merged, bw, cfg.weights.word);
  addGroup(merged, bc, cfg.weights.char);
  const sf = isReply ? (cfg.replySubjectFactor ?? 1) : 1;
  addGroup(merged, sw, cfg.weights.subjectWord * sf);
  addGroup(merged, sc, cfg.weights.subjectChar * sf);
  const keys = [...merged.keys()].sort((a, b) => a - b);
  const idx = new Int32Array(keys.length);
  const val = new Float32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    idx[i] = keys[i]!;
    val[i] = merged.get(keys[i]!)!;
  }
  return { idx, val };
}

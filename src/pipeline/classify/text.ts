/**
 * Hashed features for the classifier, over the tokens of src/domain/text.ts (normalisation
 * and tokenisation, shared with the rest of the desk). Pure. The same code runs at training
 * time and in production, so the features a model was trained on are exactly the features it
 * sees later.
 *
 * Features (see {@link extractFeatures}): word unigrams and bigrams plus character n-grams
 * (3–5 by default) inside word boundaries, which copes with Danish compounds
 * ("fakturaudskrivning" shares "faktura" n-grams with "faktura"), and question frames
 * (trigrams over the body with its content words masked, see `questionFrames`), which carry
 * how a question is asked apart from what it is about. Subject features carry their own
 * prefix. Everything is hashed (FNV-1a) into a fixed space of `dim` buckets, so the
 * model file does not need a vocabulary.
 */
import { skeleton, stripSubjectPrefixes, tokenize, type Token } from '../../domain/text';


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
   * in models trained before it existed. `frame` is the group of question frames (see
   * {@link questionFrames}); absent or 0 in models trained before it existed.
   */
  weights: { word: number; char: number; subjectWord: number; subjectChar: number; signal?: number; frame?: number };
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  dim: 1 << 18,
  stopwords: 'chars',
  wordNgrams: 2,
  charMin: 3,
  charMax: 5,
  maxBodyTokens: 400,
  weights: { word: 1, char: 1, subjectWord: 0.3, subjectChar: 0.2, signal: 0.25, frame: 0.6 },
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

/**
 * Words that make up the frame of a question rather than its topic: the function words of
 * {@link STOPWORDS} plus question words, negations and a few verbs of asking and knowing.
 */
const FRAME_WORDS: ReadonlySet<string> = new Set([
  ...STOPWORDS,
  ...['hvordan', 'hvorfor', 'hvornår', 'ikke', 'aldrig', 'først', 'forskel', 'forskellen', 'bruge', 'bruger', 'bruges', 'betyder',
    'kommer', 'virker', 'gør', 'gøre', 'ved', 'forstår', 'finde', 'how', 'why', 'not', "don't", "doesn't", "can't", 'never',
    'first', 'difference', 'use', 'used', 'mean', 'means', 'come', 'comes', 'work', 'works', 'know', 'understand', 'find'].map(skeleton),
]);

/**
 * Question frames: the body with every word outside {@link FRAME_WORDS} replaced by one
 * placeholder (runs of them collapsed), as trigrams. "hvad bruger man timetyperne til" and
 * "hvad bruger man prislisterne til" share "bruger man · til": the shape of a question about
 * what a thing is for, whatever module it names. Lets the model learn how a question is asked
 * (the sign of a missing basic) apart from what it is about.
 */
function questionFrames(tokens: Token[], cfg: FeatureConfig, g: Group): void {
  const mask = cfg.dim - 1;
  const seq: string[] = [];
  for (const t of tokens) {
    const w = t.kind === 'word' && FRAME_WORDS.has(t.norm) ? t.norm : t.kind === 'q' ? '?' : '·';
    if (w === '·' && seq[seq.length - 1] === '·') continue;
    seq.push(w);
  }
  for (let i = 0; i + 2 < seq.length; i++) bump(g, fnv1a('f:' + seq[i] + ' ' + seq[i + 1] + ' ' + seq[i + 2]) & mask);
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

  const fr: Group = new Map();
  if (cfg.weights.frame) questionFrames(bodyTokens, cfg, fr);

  const sg: Group = new Map();
  if (cfg.weights.signal) for (const sig of text.signals ?? []) bump(sg, fnv1a('x:' + sig) & (cfg.dim - 1));

  const merged = new Map<number, number>();
  addGroup(merged, sg, cfg.weights.signal ?? 0);
  addGroup(merged, fr, cfg.weights.frame ?? 0);
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

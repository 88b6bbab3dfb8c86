/**
 * A small weighted-lexicon matcher over the skeleton tokens of text.ts, shared by the topic
 * detector and the rules baseline.
 *
 * Term syntax (written in normal Danish/English; skeletonised when compiled, so æøå-less
 * spellings match too):
 *   "faktura"      a stem: matches any word that CONTAINS it when it has ≥ 5 letters (Danish
 *                  compounds: "kundefaktura", "fakturaudskrivning"), else any word that STARTS
 *                  with it;
 *   "=app"         exactly this word;
 *   "virker ikke"  a phrase: consecutive words, all exact except the last, which is a prefix
 *                  ("virker ikke" matches "virker ikke længere" and "virker ikket"); a "*"
 *                  word matches any one word ("kan * ikke" matches "kan vi ikke").
 *   "?"            the question-mark token.
 */
import { tokenize, type Token } from '../../domain/text';

export type LexiconSpec<L extends string> = Partial<Record<L, Array<[term: string, weight: number]>>>;

interface Term<L extends string> {
  label: L;
  weight: number;
  words: string[];
  mode: 'exact' | 'contains' | 'prefix' | 'phrase';
}

export interface LexiconHit<L extends string> {
  label: L;
  weight: number;
  /** The matched words as written in the mail. */
  raw: string;
}

export class Lexicon<L extends string> {
  private readonly exact = new Map<string, Term<L>[]>();
  private readonly contains: Term<L>[] = [];
  private readonly prefix: Term<L>[] = [];
  /** Phrases indexed by their first word (never "*"). */
  private readonly phrases = new Map<string, Term<L>[]>();

  constructor(spec: LexiconSpec<L>) {
    for (const [label, terms] of Object.entries(spec) as Array<[L, Array<[string, number]>]>) {
      for (const [term, weight] of terms) {
        const isExact = term.startsWith('=');
        const body = isExact ? term.slice(1) : term;
        const words = body
          .split(/\s+/)
          .filter(Boolean)
          .map((w) => (w === '*' ? '*' : tokenize(w).map((t) => t.norm).join('')));
        if (words.length === 0 || words.some((w) => w === '')) throw new Error(`bad lexicon term "${term}"`);
        if (words.length > 1) {
          const t: Term<L> = { label, weight, words, mode: 'phrase' };
          const list = this.phrases.get(words[0]!) ?? [];
          list.push(t);
          this.phrases.set(words[0]!, list);
        } else if (isExact || words[0] === '_q_') {
          const list = this.exact.get(words[0]!) ?? [];
          list.push({ label, weight, words, mode: 'exact' });
          this.exact.set(words[0]!, list);
        } else if (words[0]!.length >= 5) this.contains.push({ label, weight, words, mode: 'contains' });
        else this.prefix.push({ label, weight, words, mode: 'prefix' });
      }
    }
  }

  /** All hits in a token list, in text order. */
  match(tokens: Token[]): LexiconHit<L>[] {
    const hits: LexiconHit<L>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const w = tok.norm;
      for (const t of this.exact.get(w) ?? []) hits.push({ label: t.label, weight: t.weight, raw: tok.raw });
      if (tok.kind === 'word') {
        for (const t of this.contains) if (w.includes(t.words[0]!)) hits.push({ label: t.label, weight: t.weight, raw: tok.raw });
        for (const t of this.prefix) if (w.startsWith(t.words[0]!)) hits.push({ label: t.label, weight: t.weight, raw: tok.raw });
      }
      for (const t of this.phrases.get(w) ?? []) {
        const n = t.words.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 1; k < n && ok; k++) {
          const pw = t.words[k]!;
          const tw = tokens[i + k]!.norm;
          ok = pw === '*' || (k === n - 1 ? tw.startsWith(pw) : tw === pw);
        }
        if (ok) hits.push({ label: t.label, weight: t.weight, raw: tokens.slice(i, i + n).map((x) => x.raw).join(' ') });
      }
    }
    return hits;
  }
}

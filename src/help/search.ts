import MiniSearch, { type SearchResult } from 'minisearch';
import { LANGUAGES, type Language, type Topic } from '../domain/vocabulary';
import { skeleton, tokenize } from '../domain/text';
import type { HelpArticle } from './article';
import { isStopWord, stem } from './terms';

/**
 * The help catalogue's search: one minisearch index per language over each article's title,
 * keywords and summary, queried with the mail's own words (subject + new text, quotes and
 * signature already cut by the parser), the mail's topic favouring the articles of that area.
 * minisearch ranks (BM25+, field boosts, prefix matches); this module only decides which words
 * are terms (terms.ts: stop words, a light stemmer) and what counts as relevant enough.
 *
 * Relevant enough: an article is offered only when its score reaches `minScore` and at least
 * `minTerms` different words of the mail matched it; after the first, another is offered only
 * when it scores at least `relativeCut` of the first (a weak runner-up is noise). At most `max`
 * (1–3). The defaults were tuned on training/kb-eval/tune (see training/kb-eval/README.md).
 */
export interface SuggestQuery {
  subject: string;
  text: string;
  language: Language;
  topic: Topic | null;
}

export interface Suggestion {
  article: HelpArticle;
  score: number;
  /** The mail's words (as terms) that matched the article. */
  terms: string[];
}

export interface SuggestOptions {
  minScore: number;
  minTerms: number;
  relativeCut: number;
  max: number;
}

export const DEFAULT_SUGGEST: SuggestOptions = { minScore: 45, minTerms: 2, relativeCut: 0.5, max: 3 };

/** Field weights and the topic bonus (a multiplier on an article of the mail's topic). */
export const BOOST = { title: 2, keywords: 2, summary: 1 } as const;
export const TOPIC_BOOST = 1.4;

/** The mail's words read, at most: a hostile mail costs no more than an ordinary long one. */
const MAX_QUERY_TOKENS = 400;

export interface HelpIndex {
  /** Articles in the index. */
  readonly size: number;
  /** The articles relevant enough to offer, best first (empty when none is). */
  suggest(q: SuggestQuery, options?: Partial<SuggestOptions>): Suggestion[];
  /** Every matching article of the language, best first, with no threshold (for evaluation). */
  rank(q: SuggestQuery): Suggestion[];
}

interface Doc {
  id: number;
  title: string;
  keywords: string;
  summary: string;
}

/** Words of a text (folded so æ/ae/a spellings meet), stop words out, stemmed. */
function terms(text: string, language: Language, maxTokens = Infinity): string[] {
  const out: string[] = [];
  for (const t of tokenize(text, maxTokens)) {
    if (t.kind !== 'word') continue;
    const lower = t.raw.toLowerCase().normalize('NFC');
    if (lower.length < 2 || isStopWord(lower, language)) continue;
    out.push(stem(skeleton(lower), language));
  }
  return out;
}

function newIndex(language: Language): MiniSearch<Doc> {
  return new MiniSearch<Doc>({
    fields: ['title', 'keywords', 'summary'],
    storeFields: [],
    // The article's text is made into terms here, whole; processTerm only passes them on.
    tokenize: (text) => terms(text, language),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => terms(text, language, MAX_QUERY_TOKENS),
      processTerm: (term) => term,
    },
  });
}

export function buildHelpIndex(articles: readonly HelpArticle[]): HelpIndex {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const indexes = new Map<Language, MiniSearch<Doc>>();
  for (const language of LANGUAGES) {
    const idx = newIndex(language);
    // Keywords are phrases; separated by " . " so a phrase's last word and the next one's first are not neighbours.
    idx.addAll(articles.filter((a) => a.language === language).map((a) => ({ id: a.id, title: a.title, keywords: a.keywords.join(' . '), summary: a.summary })));
    indexes.set(language, idx);
  }

  function rank(q: SuggestQuery): Suggestion[] {
    const idx = indexes.get(q.language);
    if (!idx || !idx.documentCount) return [];
    const text = `${q.subject}\n${q.text}`;
    const results: SearchResult[] = idx.search(text, {
      boost: BOOST,
      combineWith: 'OR',
      // A longer word also finds its compounds and inflections ("faktura" → "fakturaer", "fakturalinje").
      prefix: (term) => term.length >= 5,
      fuzzy: false,
      boostDocument: (id) => (q.topic && byId.get(id as number)?.topics.includes(q.topic) ? TOPIC_BOOST : 1),
    });
    return results.map((r) => ({ article: byId.get(r.id as number)!, score: r.score, terms: [...new Set(r.queryTerms)] }));
  }

  return {
    size: articles.length,
    rank,
    suggest(q, options = {}) {
      const o = { ...DEFAULT_SUGGEST, ...options };
      const max = Math.max(0, Math.min(3, o.max));
      const ranked = rank(q).filter((s) => s.score >= o.minScore && s.terms.length >= o.minTerms);
      if (!ranked.length) return [];
      const top = ranked[0]!.score;
      return ranked.filter((s) => s.score >= top * o.relativeCut).slice(0, max);
    },
  };
}

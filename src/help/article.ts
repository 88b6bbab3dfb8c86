import { z } from 'zod';
import { LANGUAGES, TOPICS, type Language, type Topic } from '../domain/vocabulary';

/**
 * A help-centre article as the catalogue holds it: one URL in one language, with the words the
 * search reads (title, summary, keywords) and the Microbizz areas it belongs to. The one
 * validation for every way in: the CSV import, the workspace forms and the REST API.
 */
export interface HelpArticle {
  id: number;
  url: string;
  language: Language;
  title: string;
  summary: string;
  topics: Topic[];
  keywords: string[];
}

export type HelpArticleInput = Omit<HelpArticle, 'id'>;

/** A list cell: `;`-separated (commas too for keywords typed by hand), trimmed, no empties, no repeats. */
export const splitList = (cell: string, separators: RegExp = /;/): string[] => [...new Set(cell.split(separators).map((s) => s.trim()).filter(Boolean))];

const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

/** Rules for one article (its fields as text lists already split). Messages are shown to managers as they are. */
export const helpArticleSchema = z.object({
  url: z
    .string()
    .trim()
    .max(500, 'url is longer than 500 characters')
    .refine((u) => {
      try {
        const p = new URL(u);
        return (p.protocol === 'https:' || p.protocol === 'http:') && !!p.hostname && !/\s/.test(u);
      } catch {
        return false;
      }
    }, 'url must be an http(s) address'),
  language: z.enum(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` }),
  title: z.string().trim().min(1, 'title is empty').max(200, 'title is longer than 200 characters').refine(noControl, 'title has control characters'),
  summary: z.string().trim().max(1000, 'summary is longer than 1000 characters').refine(noControl, 'summary has control characters'),
  topics: z.array(z.string()).max(13).superRefine((topics, ctx) => {
    for (const t of topics) if (!(TOPICS as readonly string[]).includes(t)) ctx.addIssue({ code: 'custom', message: `topic "${t}" is not one of ${TOPICS.join(', ')}` });
  }),
  keywords: z.array(z.string().max(60, 'a keyword is longer than 60 characters').refine(noControl, 'a keyword has control characters')).max(60, 'more than 60 keywords'),
});

/** Validates one article; the problems as sentences (empty when it is fine). */
export function validateArticle(input: { url: string; language: string; title: string; summary: string; topics: string[]; keywords: string[] }): { article: HelpArticleInput | null; problems: string[] } {
  const r = helpArticleSchema.safeParse(input);
  if (r.success) return { article: { ...r.data, topics: r.data.topics as Topic[], keywords: r.data.keywords.map((k) => k.trim()).filter(Boolean) }, problems: [] };
  return { article: null, problems: r.error.issues.map((i) => i.message) };
}

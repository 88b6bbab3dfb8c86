import type { HelpArticle } from './article';

/**
 * Articles as lines an agent's reply can carry, the way the automatic reply lists them:
 * "- Title" and the URL indented below. Appended to a draft after a blank line. Pure.
 */
export function articleLines(articles: Pick<HelpArticle, 'title' | 'url'>[]): string {
  return articles.map((a) => `- ${a.title}\n  ${a.url}`).join('\n');
}

export function appendArticles(draft: string, articles: Pick<HelpArticle, 'title' | 'url'>[]): string {
  const fresh = articles.filter((a) => !draft.includes(a.url));
  if (!fresh.length) return draft;
  const head = draft.replace(/\s+$/, '');
  return `${head ? `${head}\n\n` : ''}${articleLines(fresh)}\n`;
}

import { InstanceChecker, type DataSource, type EntityManager } from 'typeorm';
import { listArticles } from './articles';
import { buildHelpIndex, type HelpIndex } from './search';
import type { HelpArticle } from './article';

/**
 * The search index of the help catalogue, kept per DataSource and rebuilt only when the
 * catalogue has changed: every change to help_articles bumps help_generation in the same
 * transaction (a trigger, migration 1796500000500), so a use costs one small read, and a
 * manager's edit is seen by every worker and server process at its next mail or page.
 */
export interface HelpCatalogue {
  /** The index of the catalogue as it is now. */
  index(): Promise<HelpIndex>;
}

interface Cached {
  generation: string;
  index: HelpIndex;
}

const caches = new WeakMap<DataSource, { current?: Cached; loading?: { generation: string; promise: Promise<HelpIndex> } }>();

export async function helpIndexFor(db: DataSource | EntityManager): Promise<HelpIndex> {
  const ds = InstanceChecker.isDataSource(db) ? db : db.dataSource;
  let state = caches.get(ds);
  if (!state) caches.set(ds, (state = {}));
  const [{ n }]: { n: string | null }[] = await db.query(`SELECT (SELECT n::text FROM help_generation WHERE id = 1) AS n`);
  if (n !== null && state.current?.generation === n) return state.current.index;
  // Inside a transaction the generation may be its own, uncommitted one: never cache that.
  const inTransaction = !InstanceChecker.isDataSource(db) && !!db.queryRunner?.isTransactionActive;
  if (inTransaction || n === null) return buildHelpIndex(await listArticles(db));
  if (state.loading?.generation !== n) {
    const s = state;
    const loading = {
      generation: n,
      promise: loadCatalogue(ds).then(({ generation: g, articles }) => {
        const index = buildHelpIndex(articles);
        if (g !== null && (!s.current || BigInt(g) >= BigInt(s.current.generation))) s.current = { generation: g, index };
        return index;
      }),
    };
    s.loading = loading;
    const forget = () => {
      if (s.loading === loading) s.loading = undefined;
    };
    loading.promise.then(forget, forget);
  }
  return state.loading!.promise;
}

/** The generation and every article in one statement (one snapshot): the copy is exactly that generation's. */
async function loadCatalogue(ds: DataSource): Promise<{ generation: string | null; articles: HelpArticle[] }> {
  const [row]: { generation: string | null; articles: HelpArticle[] }[] = await ds.query(
    `SELECT (SELECT n::text FROM help_generation WHERE id = 1) AS generation,
            coalesce((SELECT json_agg(json_build_object('id', id, 'url', url, 'language', language, 'title', title, 'summary', summary, 'topics', topics, 'keywords', keywords) ORDER BY id)
                        FROM help_articles), '[]'::json) AS articles`,
  );
  return { generation: row!.generation, articles: row!.articles };
}

/** The catalogue of one database, for the pipeline's and the workspace's dependencies. */
export function helpCatalogue(db: DataSource): HelpCatalogue {
  return { index: () => helpIndexFor(db) };
}

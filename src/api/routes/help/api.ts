import type { FastifyInstance } from 'fastify';
import { LANGUAGES, TOPICS } from '../../../domain/vocabulary';
import { ActionError } from '../../../shared/errors';
import * as help from '../../../help/articles';
import { numericId, type RouteContext } from '../context';
import { ID, obj } from '../schema';

/**
 * REST API for the help-centre catalogue (src/help). Everyone reads; managers and admins edit,
 * as for the registry: the role is declared on the route (config.minRole) and enforced by the
 * guard before anything else runs. Every change is seen by the workers' search at their next
 * mail (help_generation).
 */
const MANAGER = { minRole: 'manager' as const };
type Id = { Params: { id: string } };
type Body = { url: string; language: string; title: string; summary?: string; topics?: string[]; keywords?: string[] };

const BODY = obj(
  {
    url: { type: 'string', maxLength: 500 },
    language: { type: 'string', enum: [...LANGUAGES] },
    title: { type: 'string', maxLength: 200 },
    summary: { type: 'string', maxLength: 1000 },
    topics: { type: 'array', maxItems: TOPICS.length, items: { type: 'string', enum: [...TOPICS] } },
    keywords: { type: 'array', maxItems: 60, items: { type: 'string', maxLength: 60 } },
  },
  ['url', 'language', 'title'],
);

const fields = (b: Body): help.ArticleFields => ({ url: b.url, language: b.language, title: b.title, summary: b.summary ?? '', topics: b.topics ?? [], keywords: b.keywords ?? [] });

export function apiHelpRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  app.get('/api/help-articles', async () => help.listArticles(db));
  app.get<Id>('/api/help-articles/:id', { schema: { params: ID } }, async (req) => {
    const a = await help.getArticle(db, numericId(req.params.id, 'help article'));
    if (!a) throw new ActionError('NOT_FOUND', `no help article ${req.params.id}`);
    return a;
  });
  app.post<{ Body: Body }>('/api/help-articles', { config: MANAGER, schema: { body: BODY } }, async (req, reply) =>
    reply.code(201).send(await help.createArticle(db, fields(req.body))),
  );
  app.put<Id & { Body: Body }>('/api/help-articles/:id', { config: MANAGER, schema: { params: ID, body: BODY } }, async (req) =>
    help.updateArticle(db, numericId(req.params.id, 'help article'), fields(req.body)),
  );
  app.delete<Id>('/api/help-articles/:id', { config: MANAGER, schema: { params: ID } }, async (req) => {
    await help.deleteArticle(db, numericId(req.params.id, 'help article'));
    return { ok: true };
  });
}

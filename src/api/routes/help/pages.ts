import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, TOPICS } from '../../../domain/vocabulary';
import { ActionError } from '../../../shared/errors';
import * as help from '../../../help/articles';
import { splitList } from '../../../help/article';
import { field, numericId, type RouteContext } from '../context';
import { formAction, noticeFor, page } from '../html';

/** The help-centre catalogue's pages: everyone reads the articles; managers and admins create, edit and delete them. */
const MANAGER = { minRole: 'manager' as const };
type Id = { Params: { id: string } };

/** Form fields → article fields: topics are checkboxes (repeated), keywords one line separated by ; or commas. */
function formFields(body: unknown): help.ArticleFields {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).topics : undefined;
  const topics = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((t): t is string => typeof t === 'string');
  return {
    url: field(body, 'url'),
    language: field(body, 'language'),
    title: field(body, 'title'),
    summary: field(body, 'summary'),
    topics,
    keywords: splitList(field(body, 'keywords'), /[;,\n]/),
  };
}

export function htmlHelpRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;
  const choices = { languages: LANGUAGES, topics: TOPICS };

  const list = async (req: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200, draft: help.ArticleFields | null = null) =>
    page(ctx, req, reply, 'help-articles', { title: 'Hjælpeartikler', active: 'help', articles: await help.listArticles(db), ...choices, draft, notice: noticeFor(req.query), error }, status);
  const one = async (req: FastifyRequest<Id>, reply: FastifyReply, error: string | null = null, status = 200, draft: help.ArticleFields | null = null) => {
    const a = await help.getArticle(db, numericId(req.params.id, 'help article'));
    if (!a) throw new ActionError('NOT_FOUND', 'Artiklen findes ikke.');
    return page(ctx, req, reply, 'help-article', { title: a.title, active: 'help', article: draft ? { ...a, ...draft } : a, ...choices, notice: noticeFor(req.query), error }, status);
  };

  app.get('/help-articles', async (req, reply) => list(req, reply));
  app.get<Id>('/help-articles/:id', async (req, reply) => one(req, reply));
  app.post('/help-articles', { config: MANAGER }, async (req, reply) => {
    let id = 0;
    const f = formFields(req.body);
    return formAction(
      reply,
      async () => ({ id } = await help.createArticle(db, f)),
      () => `/help-articles/${id}?done=saved`,
      (e, s) => list(req, reply, e, s, f),
    );
  });
  app.post<Id>('/help-articles/:id', { config: MANAGER }, async (req, reply) => {
    const id = numericId(req.params.id, 'help article');
    const f = formFields(req.body);
    return formAction(reply, () => help.updateArticle(db, id, f), `/help-articles/${id}?done=saved`, (e, s) => one(req, reply, e, s, f));
  });
  app.post<Id>('/help-articles/:id/delete', { config: MANAGER }, async (req, reply) =>
    formAction(reply, () => help.deleteArticle(db, numericId(req.params.id, 'help article')), '/help-articles?done=deleted', (e, s) => list(req, reply, e, s)),
  );
}

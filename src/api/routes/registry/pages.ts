import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AGREEMENT_KINDS } from '../../../domain/vocabulary';
import { ActionError } from '../../../shared/errors';
import * as registry from '../../../contacts/registry-edits';
import { field, numericId, type RouteContext } from '../context';
import { formAction, noticeFor, page } from '../html';

/** Registry pages: everyone reads the companies, their agreements and contacts; managers and admins edit. */
const MANAGER = { minRole: 'manager' as const };
type Id = { Params: { id: string } };

export function htmlRegistryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  const companies = async (req: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200) =>
    page(ctx, req, reply, 'companies', { title: 'Virksomheder', companies: await registry.listCompanies(db), agreements: AGREEMENT_KINDS, notice: noticeFor(req.query), error }, status);
  const company = async (req: FastifyRequest<Id>, reply: FastifyReply, error: string | null = null, status = 200) => {
    const c = await registry.companyDetail(db, numericId(req.params.id, 'company'));
    if (!c) throw new ActionError('NOT_FOUND', 'no such company');
    return page(ctx, req, reply, 'company', { title: c.name, company: c, publicNotice: registry.publicDomainNotice(c.publicDomains), agreements: AGREEMENT_KINDS, notice: noticeFor(req.query), error }, status);
  };

  app.get('/companies', async (req, reply) => companies(req, reply));
  app.get<Id>('/companies/:id', async (req, reply) => company(req, reply));
  app.post('/companies', { config: MANAGER }, async (req, reply) => {
    let id = 0;
    return formAction(
      reply,
      async () => ({ id } = await registry.createCompany(db, { name: field(req.body, 'name'), domains: field(req.body, 'domains'), agreement: field(req.body, 'agreement') })),
      () => `/companies/${id}?done=saved`,
      (e, s) => companies(req, reply, e, s),
    );
  });
  app.post<Id>('/companies/:id/agreements', { config: MANAGER }, async (req, reply) =>
    formAction(
      reply,
      () => registry.addAgreement(db, numericId(req.params.id, 'company'), { kind: field(req.body, 'kind'), validFrom: field(req.body, 'validFrom'), validTo: field(req.body, 'validTo') }),
      `/companies/${numericId(req.params.id, 'company')}?done=saved`,
      (e, s) => company(req, reply, e, s),
    ),
  );
  app.post<Id>('/companies/:id/contacts', { config: MANAGER }, async (req, reply) =>
    formAction(
      reply,
      () => registry.addContact(db, numericId(req.params.id, 'company'), { name: field(req.body, 'name'), email: field(req.body, 'email'), purchased: field(req.body, 'purchased') === 'on' }),
      `/companies/${numericId(req.params.id, 'company')}?done=saved`,
      (e, s) => company(req, reply, e, s),
    ),
  );
  // Deletions go back to the company the row belonged to; the form says which.
  for (const [path, what, del] of [['agreements', 'agreement', registry.deleteAgreement], ['contacts', 'contact', registry.deleteContact]] as const) {
    app.post<Id>(`/${path}/:id/delete`, { config: MANAGER }, async (req, reply) => {
      const companyId = numericId(field(req.body, 'companyId'), 'company');
      return formAction(reply, () => del(db, numericId(req.params.id, what)), `/companies/${companyId}?done=saved`, (e, s) =>
        company(Object.assign(req, { params: { id: String(companyId) } }), reply, e, s),
      );
    });
  }
}

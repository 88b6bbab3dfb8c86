import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { USER_ROLES } from '../../db/entities/user';
import { AGREEMENT_KINDS } from '../../shared/domain';
import { ActionError } from '../../tickets/actions';
import { createApiToken, listApiTokens, revokeApiToken } from '../../users/api-tokens';
import { createUser, listUsers, setUserLanguage, updateUser, UserError } from '../../users/users';
import * as registry from '../registry';
import { field, numericId, type RouteContext } from './context';
import { formAction, noticeFor, page } from './html';

/** Registry pages (everyone reads; managers and admins edit), user management (admins) and the personal token page. */
const MANAGER = { minRole: 'manager' as const };
const ADMIN = { minRole: 'admin' as const };
type Id = { Params: { id: string } };

export function htmlAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
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

  const users = async (req: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200) =>
    page(ctx, req, reply, 'users', { title: 'Brugere', users: await listUsers(db), roles: USER_ROLES, notice: noticeFor(req.query), error }, status);
  app.get('/users', { config: ADMIN }, async (req, reply) => users(req, reply));
  app.post('/users', { config: ADMIN }, async (req, reply) =>
    formAction(
      reply,
      () => createUser(db, { email: field(req.body, 'email'), name: field(req.body, 'name'), role: field(req.body, 'role'), password: field(req.body, 'password') }),
      '/users?done=saved',
      (e, s) => users(req, reply, e, s),
    ),
  );
  app.post<Id>('/users/:id', { config: ADMIN }, async (req, reply) =>
    formAction(
      reply,
      async () => {
        const id = numericId(req.params.id, 'user');
        const role = field(req.body, 'role') || undefined;
        const disabled = field(req.body, 'disabled') ? field(req.body, 'disabled') === 'true' : undefined;
        if (id === req.auth!.user.id && (disabled || (role && role !== 'admin'))) throw new UserError('Du kan ikke deaktivere eller nedgradere dig selv.');
        if (!(await updateUser(db, id, { role, disabled }))) throw new ActionError('NOT_FOUND', 'no such user');
      },
      '/users?done=saved',
      (e, s) => users(req, reply, e, s),
    ),
  );

  const account = async (req: FastifyRequest, reply: FastifyReply, extra: { newToken?: string; error?: string; status?: number } = {}) =>
    page(
      ctx,
      req,
      reply,
      'account',
      { title: 'Min konto', tokens: await listApiTokens(db, req.auth!.user.id), newToken: extra.newToken ?? null, notice: noticeFor(req.query), error: extra.error ?? null },
      extra.status ?? 200,
    );
  app.get('/account', async (req, reply) => account(req, reply));
  app.post('/account/language', async (req, reply) =>
    formAction(reply, () => setUserLanguage(db, req.auth!.user.id, field(req.body, 'language')), '/account?done=saved', (e, s) => account(req, reply, { error: e, status: s })),
  );
  // The new token is shown once, in this response; only its hash is kept.
  app.post('/account/tokens', async (req, reply) => {
    const name = field(req.body, 'name');
    if (!name.trim()) return account(req, reply, { error: 'Giv tokenet et navn.', status: 400 });
    const { token } = await createApiToken(db, req.auth!.user.id, name);
    return account(req, reply.header('cache-control', 'no-store'), { newToken: token, status: 201 });
  });
  app.post<Id>('/account/tokens/:id/revoke', async (req, reply) =>
    formAction(
      reply,
      async () => {
        if (!(await revokeApiToken(db, req.auth!.user.id, numericId(req.params.id, 'token')))) throw new ActionError('NOT_FOUND', 'no such token');
      },
      '/account?done=saved',
      (e, s) => account(req, reply, { error: e, status: s }),
    ),
  );
}

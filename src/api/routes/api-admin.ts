import type { FastifyInstance } from 'fastify';
import { AGREEMENT_KINDS } from '../../shared/domain';
import { USER_ROLES } from '../../db/entities/user';
import { ActionError } from '../../tickets/actions';
import { createApiToken, listApiTokens, revokeApiToken } from '../../users/api-tokens';
import { createUser, listUsers, updateUser, UserError } from '../../users/users';
import * as registry from '../registry';
import { numericId, type RouteContext } from './context';

/**
 * REST API for the registry (read: everyone; edit: manager or admin), users (admin) and each
 * user's own API tokens. The role is declared on the route (config.minRole) and enforced by
 * the guard before anything else runs.
 */
const ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 20 } } } as const;
const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', additionalProperties: false, required, properties });
const DATE = { type: 'string', pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' };
const MANAGER = { minRole: 'manager' as const };
const ADMIN = { minRole: 'admin' as const };
type Id = { Params: { id: string } };

export function apiAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  app.get('/api/companies', async () => registry.listCompanies(db));
  app.get<Id>('/api/companies/:id', { schema: { params: ID } }, async (req) => {
    const c = await registry.companyDetail(db, numericId(req.params.id, 'company'));
    if (!c) throw new ActionError('NOT_FOUND', `no company ${req.params.id}`);
    return c;
  });
  app.post<{ Body: { name: string; domains?: string; agreement: string } }>(
    '/api/companies',
    { config: MANAGER, schema: { body: obj({ name: { type: 'string', maxLength: 200 }, domains: { type: 'string', maxLength: 2000 }, agreement: { type: 'string', enum: [...AGREEMENT_KINDS] } }, ['name', 'agreement']) } },
    async (req, reply) => {
      const created = await registry.createCompany(db, { ...req.body, domains: req.body.domains ?? '' });
      const notice = registry.publicDomainNotice(created.publicDomains);
      return reply.code(201).send({ ...created, warnings: notice ? [notice] : [] });
    },
  );
  app.post<Id & { Body: { kind: string; validFrom?: string; validTo?: string } }>(
    '/api/companies/:id/agreements',
    { config: MANAGER, schema: { params: ID, body: obj({ kind: { type: 'string', enum: [...AGREEMENT_KINDS] }, validFrom: DATE, validTo: DATE }, ['kind']) } },
    async (req, reply) => {
      await registry.addAgreement(db, numericId(req.params.id, 'company'), { kind: req.body.kind, validFrom: req.body.validFrom ?? '', validTo: req.body.validTo ?? '' });
      return reply.code(201).send({ ok: true });
    },
  );
  app.delete<Id>('/api/agreements/:id', { config: MANAGER, schema: { params: ID } }, async (req) => {
    await registry.deleteAgreement(db, numericId(req.params.id, 'agreement'));
    return { ok: true };
  });
  app.post<Id & { Body: { name: string; email: string; purchased?: boolean } }>(
    '/api/companies/:id/contacts',
    { config: MANAGER, schema: { params: ID, body: obj({ name: { type: 'string', maxLength: 200 }, email: { type: 'string', maxLength: 320 }, purchased: { type: 'boolean' } }, ['name', 'email']) } },
    async (req, reply) =>
      reply.code(201).send({ id: await registry.addContact(db, numericId(req.params.id, 'company'), { ...req.body, purchased: !!req.body.purchased }) }),
  );
  app.delete<Id>('/api/contacts/:id', { config: MANAGER, schema: { params: ID } }, async (req) => {
    await registry.deleteContact(db, numericId(req.params.id, 'contact'));
    return { ok: true };
  });

  app.get('/api/users', { config: ADMIN }, async () => listUsers(db));
  app.post<{ Body: { email: string; name?: string; role: string; password: string } }>(
    '/api/users',
    { config: ADMIN, schema: { body: obj({ email: { type: 'string', maxLength: 320 }, name: { type: 'string', maxLength: 200 }, role: { type: 'string', enum: [...USER_ROLES] }, password: { type: 'string', maxLength: 1024 } }, ['email', 'role', 'password']) } },
    async (req, reply) => reply.code(201).send(await createUser(db, req.body)),
  );
  app.patch<Id & { Body: { role?: string; disabled?: boolean; password?: string } }>(
    '/api/users/:id',
    { config: ADMIN, schema: { params: ID, body: obj({ role: { type: 'string', enum: [...USER_ROLES] }, disabled: { type: 'boolean' }, password: { type: 'string', maxLength: 1024 } }, []) } },
    async (req) => {
      const id = numericId(req.params.id, 'user');
      if (id === req.auth!.user.id && (req.body.disabled || (req.body.role && req.body.role !== 'admin'))) {
        throw new UserError('an admin cannot disable or demote themselves (ask another admin)');
      }
      const u = await updateUser(db, id, req.body);
      if (!u) throw new ActionError('NOT_FOUND', `no user ${req.params.id}`);
      return u;
    },
  );

  app.get('/api/tokens', async (req) => listApiTokens(db, req.auth!.user.id));
  app.post<{ Body: { name: string } }>(
    '/api/tokens',
    { schema: { body: obj({ name: { type: 'string', minLength: 1, maxLength: 100 } }, ['name']) } },
    async (req, reply) => reply.code(201).send(await createApiToken(db, req.auth!.user.id, req.body.name)),
  );
  app.delete<Id>('/api/tokens/:id', { schema: { params: ID } }, async (req) => {
    if (!(await revokeApiToken(db, req.auth!.user.id, numericId(req.params.id, 'token')))) throw new ActionError('NOT_FOUND', `no active token ${req.params.id} of yours`);
    return { ok: true };
  });
}

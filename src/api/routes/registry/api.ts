import type { FastifyInstance } from 'fastify';
import { AGREEMENT_KINDS } from '../../../domain/vocabulary';
import { ActionError } from '../../../shared/errors';
import * as registry from '../../../contacts/registry-edits';
import { numericId, type RouteContext } from '../context';
import { ID, obj } from '../schema';

/**
 * REST API for the registry: companies, their agreements and support contacts. Everyone reads;
 * managers and admins edit. The role is declared on the route (config.minRole) and enforced by
 * the guard before anything else runs.
 */
const DATE = { type: 'string', pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' };
const MANAGER = { minRole: 'manager' as const };
type Id = { Params: { id: string } };

export function apiRegistryRoutes(app: FastifyInstance, ctx: RouteContext): void {
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
}

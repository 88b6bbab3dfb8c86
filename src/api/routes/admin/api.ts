import type { FastifyInstance } from 'fastify';
import { USER_ROLES } from '../../../db/entities/user';
import { ActionError } from '../../../shared/errors';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../users/api-tokens';
import { createUser, listUsers, setUserLanguage, updateUser, UserError } from '../../../users/users';
import { numericId, type RouteContext } from '../context';
import { ID, obj } from '../schema';

/**
 * REST API for users (admin) and each user's own account: who am I, the language reasons are
 * given in, and API tokens. The role is declared on the route (config.minRole) and enforced by
 * the guard before anything else runs.
 */
const ADMIN = { minRole: 'admin' as const };
type Id = { Params: { id: string } };

export function apiAccountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  app.get('/api/me', async (req) => {
    const { id, email, name, role, language } = req.auth!.user;
    return { id, email, name, role, language, via: req.auth!.via };
  });
  // The language reasons and warnings are given in (the account page's choice).
  app.patch<{ Body: { language: string } }>('/api/me', { schema: { body: obj({ language: { type: 'string', enum: ['da', 'en'] } }) } }, async (req) => {
    await setUserLanguage(db, req.auth!.user.id, req.body.language);
    return { language: req.body.language };
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

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { USER_ROLES } from '../../../db/entities/user';
import { ActionError } from '../../../shared/errors';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../users/api-tokens';
import { createUser, listUsers, setUserLanguage, updateUser, UserError } from '../../../users/users';
import { field, numericId, type RouteContext } from '../context';
import { formAction, noticeFor, page } from '../html';

/** User management (admins) and each user's own account page: language and API tokens. */
const ADMIN = { minRole: 'admin' as const };
type Id = { Params: { id: string } };

export function htmlAccountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

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

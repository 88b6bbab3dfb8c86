import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createSession, deleteSession } from '../../users/sessions';
import { randomSecret, safeEqual } from '../../users/secrets';
import { cancelLoginAttempt, normaliseAccount, reserveLoginAttempt, settleLoginAttempt } from '../../users/login-limits';
import { checkLogin } from '../../users/users';
import { clientKey } from '../client-address';
import type { RouteContext } from '../routes/context';
import { renderPage } from '../render';
import { clearCookie, setCookie } from './cookies';
import { cookieOptions, SESSION_COOKIE } from './guard';

/**
 * Login and logout. The login form has no session yet, so its CSRF token is a double-submit
 * pair: a random cookie (HttpOnly, SameSite=Strict) that the form must echo. Failed attempts
 * per client address and per account are limited (users/login-limits.ts) before the password
 * is even looked at; successful logins cost nothing.
 */
const LOGIN_COOKIE = 'sd_login';

/** The login page's message when the limits refuse an attempt: how long to wait, in whole minutes. */
export function tooManyAttempts(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `For mange mislykkede loginforsøg. Vent ${minutes} ${minutes === 1 ? 'minut' : 'minutter'}, og prøv igen.`;
}

/** Only a local path may be the target after login (no //host, no scheme, no backslash tricks). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![\/\\])[^\s\\]*$/.test(next) && next.length < 500 ? next : '/';
}

export function loginRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { config } = ctx.deps.pipeline;
  const db = ctx.deps.pipeline.db;

  const showLogin = (req: FastifyRequest, reply: Parameters<typeof renderPage>[1], error: string | null, status = 200) => {
    let token = req.cookies[LOGIN_COOKIE];
    if (!token || token.length > 100) {
      token = randomSecret();
      setCookie(reply, LOGIN_COOKIE, token, { ...cookieOptions(config, req, 3600), sameSite: 'strict' });
    }
    const next = safeNext((req.query as Record<string, unknown>)?.next ?? (req.body as Record<string, unknown> | undefined)?.next);
    return renderPage(ctx.views, reply, 'login', { title: 'Log ind', csrf: token, next, error, user: null }, status);
  };

  app.get('/login', { config: { public: true } }, async (req, reply) => {
    if (req.auth) return reply.redirect('/', 303);
    return showLogin(req, reply, null);
  });

  const limits = { perClient: config.LOGIN_MAX_ATTEMPTS, perAccount: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT, windowSeconds: config.LOGIN_WINDOW_MINUTES * 60 };

  app.post('/login', { config: { public: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const cookie = req.cookies[LOGIN_COOKIE];
    if (typeof body._csrf !== 'string' || !cookie || !safeEqual(body._csrf, cookie)) {
      return showLogin(req, reply, 'Formularen er udløbet. Prøv igen.', 403);
    }
    const email = typeof body.email === 'string' ? body.email.slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    // Nothing to check, nothing to count.
    if (!email.trim() || !password) return showLogin(req, reply, 'Forkert e-mail eller adgangskode.', 401);

    const attempt = { account: normaliseAccount(email), client: clientKey(req.ip) };
    const gate = await reserveLoginAttempt(db, attempt, limits);
    if (!gate.allowed) {
      req.log.warn({ stage: 'login', limited: gate.reason, client: attempt.client, retryAfter: gate.retryAfterSeconds }, 'login refused: too many failed attempts');
      reply.header('retry-after', String(gate.retryAfterSeconds));
      return showLogin(req, reply, tooManyAttempts(gate.retryAfterSeconds), 429);
    }
    let user: Awaited<ReturnType<typeof checkLogin>>;
    try {
      user = await checkLogin(db, email, password);
    } catch (err) {
      await cancelLoginAttempt(db, gate.id).catch(() => undefined);
      throw err;
    }
    await settleLoginAttempt(db, gate.id, attempt, user !== null, limits);
    if (!user) {
      req.log.info({ stage: 'login', ok: false, client: attempt.client }, 'login failed');
      return showLogin(req, reply, 'Forkert e-mail eller adgangskode.', 401);
    }
    // A fresh id on every login: a session id planted before login is never promoted.
    if (req.auth?.sessionId) await deleteSession(db, req.auth.sessionId);
    const session = await createSession(db, user.id, config.SESSION_TTL_HOURS);
    req.log.info({ stage: 'login', ok: true, userId: user.id }, 'logged in');
    clearCookie(reply, LOGIN_COOKIE, cookieOptions(config, req));
    setCookie(reply, SESSION_COOKIE, session.id, cookieOptions(config, req, config.SESSION_TTL_HOURS * 3600));
    return reply.redirect(safeNext(body.next), 303);
  });

  app.post('/logout', async (req, reply) => {
    if (req.auth?.sessionId) await deleteSession(db, req.auth.sessionId);
    clearCookie(reply, SESSION_COOKIE, cookieOptions(config, req));
    return reply.redirect('/login', 303);
  });
}

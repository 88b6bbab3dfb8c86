import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/schema';
import type { DataSource } from 'typeorm';
import { resolveApiToken } from '../../users/api-tokens';
import { resolveSession } from '../../users/sessions';
import { safeEqual } from '../../users/secrets';
import { hasRole } from '../../users/users';
import type { AuthState } from '../deps';

/**
 * Who is asking, and may they. Runs first on every request (onRequest), before any body is
 * read: no session or token → 401, too low a role → 403, so an unauthorised caller learns
 * nothing from validation errors. CSRF is checked once the body is parsed (preValidation).
 */
export const SESSION_COOKIE = 'sd_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isApiPath = (url: string): boolean => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

export async function authenticate(db: DataSource, req: FastifyRequest): Promise<AuthState | null> {
  const header = req.headers.authorization;
  // A request that names a token is judged by the token alone, never by a cookie riding along.
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const user = m ? await resolveApiToken(db, m[1]) : null;
    return user ? { user, via: 'token', csrfToken: null, sessionId: null } : null;
  }
  const sid = req.cookies?.[SESSION_COOKIE];
  if (!sid) return null;
  const s = await resolveSession(db, sid);
  return s ? { user: s.user, via: 'session', csrfToken: s.csrfToken, sessionId: sid } : null;
}

export type Deny = (req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) => FastifyReply;

export function registerGuard(app: FastifyInstance, db: DataSource, deny: Deny): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req, reply) => {
    req.auth = await authenticate(db, req);
    const cfg = req.routeOptions.config;
    if (cfg?.public) return;
    if (!req.auth) {
      if (isApiPath(req.url) || req.method !== 'GET') return deny(req, reply, 401, 'UNAUTHORIZED', 'Log ind eller brug et API-token.');
      return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    if (cfg?.minRole && !hasRole(req.auth.user, cfg.minRole)) return deny(req, reply, 403, 'FORBIDDEN', 'Din rolle giver ikke adgang til denne handling.');
  });
  app.addHook('preValidation', async (req, reply) => {
    // Token requests carry no ambient credential a foreign site could borrow: no CSRF token needed.
    if (SAFE_METHODS.has(req.method) || req.auth?.via !== 'session') return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = req.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body._csrf : undefined);
    if (typeof sent !== 'string' || !safeEqual(sent, req.auth.csrfToken!)) {
      return deny(req, reply, 403, 'CSRF', 'Formularen er udløbet eller ugyldig (CSRF). Genindlæs siden og prøv igen.');
    }
  });
}

/** Secure when configured, or when the request itself came over TLS (directly or via a trusted proxy). */
export function cookieOptions(config: Config, req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.COOKIE_SECURE || req.protocol === 'https',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

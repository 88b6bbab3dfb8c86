import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { ActionError } from '../shared/errors';
import { UserError } from '../users/users';
import { registerCookies } from './auth/cookies';
import { trustProxyOption } from './client-address';
import { isApiPath, registerGuard } from './auth/guard';
import { loginRoutes } from './auth/login';
import type { AppDeps } from './deps';
import { PAGE_CSP } from './mail-view/csp';
import { createViews, renderPage } from './render';
import { STATUS_OF, type RouteContext } from './routes/context';
import { apiTicketRoutes } from './routes/tickets/api';
import { htmlTicketRoutes } from './routes/tickets/pages';
import { htmlQueueRoutes } from './routes/tickets/queues';
import { apiMailRoutes } from './routes/mails/api';
import { mailContentRoutes } from './routes/mails/content';
import { htmlMailRoutes } from './routes/mails/pages';
import { apiRegistryRoutes } from './routes/registry/api';
import { htmlRegistryRoutes } from './routes/registry/pages';
import { reportRoutes } from './routes/reports/training';
import { apiHelpRoutes } from './routes/help/api';
import { htmlHelpRoutes } from './routes/help/pages';
import { apiCourseRoutes } from './routes/courses/api';
import { htmlCourseRoutes } from './routes/courses/pages';
import { apiAccountRoutes } from './routes/admin/api';
import { htmlAccountRoutes } from './routes/admin/pages';
import { systemRoutes } from './routes/system';

/**
 * The agent workspace and REST API as one fastify instance, built without listening:
 * `servicedesk serve` calls listen(), tests call inject(). Every route needs a session or an
 * API token unless it says `config.public`; see auth/guard.ts.
 */
export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
  minRole: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (collected by an onRoute hook), for the route-enumerating tests. */
    routeTable: RouteInfo[];
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps.pipeline;
  const app = Fastify({
    // pino's Logger and fastify's FastifyBaseLogger differ only in generics.
    loggerInstance: deps.pipeline.log.child({ stage: 'http' }) as unknown as FastifyBaseLogger,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    bodyLimit: 1024 * 1024,
    // Strict bodies: fastify's defaults would turn "1e3" into 1000, ["x"] into "x" and silently
    // drop unknown properties; here a wrong type or an unknown property is a 400.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // Generated ids in logs; never echo a client-supplied one.
    genReqId: () => Math.random().toString(36).slice(2, 10),
  });
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: r.url, public: !!r.config?.public, minRole: r.config?.minRole ?? null });
    }
  });

  const views = createViews();
  const ctx: RouteContext = { deps, actions: { tickets: deps.pipeline, queues: deps.queues }, heldMail: { pipeline: deps.pipeline, queues: deps.queues }, views };

  // Behind a proxy TRUST_PROXY does not name, every client has the proxy's address and all
  // share one login budget. Say so once, in the log, where whoever runs the server looks.
  let warnedForwarded = false;
  app.addHook('onRequest', async (req) => {
    if (warnedForwarded || req.headers['x-forwarded-for'] === undefined || req.ip !== req.socket.remoteAddress) return;
    warnedForwarded = true;
    req.log.warn(
      { peer: req.socket.remoteAddress, trustProxy: config.TRUST_PROXY },
      'X-Forwarded-For from a peer TRUST_PROXY does not trust: the header is ignored; if this is your reverse proxy, set TRUST_PROXY to its address or the hop count, or every client shares its login limit',
    );
  });

  registerCookies(app);
  await app.register(formbody);

  const deny = (req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply => {
    if (isApiPath(req.url) || !req.auth) return reply.code(status).type('application/json').send({ error: code, message });
    return renderPage(views, reply, 'error', { title: 'Fejl', status, message, user: req.auth.user, csrf: req.auth.csrfToken ?? '', counts: null, active: null }, status);
  };
  registerGuard(app, deps.pipeline.db, deny);

  app.addHook('onSend', async (req, reply, payload) => {
    // Route-specific policies (the mail frame, downloads) were set by the route; the rest get the page policy.
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    if (req.auth && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    return payload;
  });

  app.setErrorHandler((err: FastifyError | ActionError | UserError, req, reply) => {
    let status: number;
    let code: string;
    if (err instanceof ActionError) [status, code] = [STATUS_OF[err.code], err.code];
    else if (err instanceof UserError) [status, code] = [400, 'INVALID'];
    else if ('validation' in err && err.validation) [status, code] = [400, 'INVALID'];
    else if ('statusCode' in err && err.statusCode && err.statusCode >= 400 && err.statusCode < 500) [status, code] = [err.statusCode, err.code ?? 'BAD_REQUEST'];
    else [status, code] = [500, 'INTERNAL'];
    if (status >= 500) req.log.error({ err }, 'request failed');
    const message = status >= 500 ? 'Der opstod en intern fejl. Prøv igen.' : err.message;
    return deny(req, reply, status, code, message);
  });
  app.setNotFoundHandler((req, reply) => deny(req, reply, 404, 'NOT_FOUND', 'Siden findes ikke.'));

  loginRoutes(app, ctx);
  systemRoutes(app, ctx);
  // By feature: each folder under routes/ holds a feature's pages and its REST API.
  htmlQueueRoutes(app, ctx);
  htmlTicketRoutes(app, ctx);
  apiTicketRoutes(app, ctx);
  htmlMailRoutes(app, ctx);
  mailContentRoutes(app, ctx);
  apiMailRoutes(app, ctx);
  htmlRegistryRoutes(app, ctx);
  apiRegistryRoutes(app, ctx);
  htmlHelpRoutes(app, ctx);
  apiHelpRoutes(app, ctx);
  htmlCourseRoutes(app, ctx);
  apiCourseRoutes(app, ctx);
  reportRoutes(app, ctx);
  htmlAccountRoutes(app, ctx);
  apiAccountRoutes(app, ctx);
  return app;
}

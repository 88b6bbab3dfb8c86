import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { assetDir } from '../render';
import type { RouteContext } from './context';

/** /healthz (no login: for load balancers) and the local stylesheet (no CDN: the workspace works offline). */
const TIMEOUT_MS = 2_000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

export function systemRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/healthz', { config: { public: true } }, async (_req, reply) => {
    const check = async (fn: () => Promise<unknown>) => within(fn(), TIMEOUT_MS).then(() => 'ok', (err: Error) => `error: ${err.message}`);
    const database = await check(() => ctx.deps.pipeline.db.query('SELECT 1'));
    const redis = ctx.deps.redis ? await check(() => ctx.deps.redis!.ping()) : 'not configured';
    const ok = database === 'ok' && (redis === 'ok' || redis === 'not configured');
    return reply.code(ok ? 200 : 503).header('cache-control', 'no-store').send({ status: ok ? 'ok' : 'unavailable', database, redis });
  });

  // Read once at start: a fixed set of files, so no request path ever reaches the file system.
  const dir = assetDir('static');
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf('.'));
    if (TYPES[ext]) files.set(name, { body: readFileSync(join(dir, name)), type: TYPES[ext] });
  }
  app.get<{ Params: { name: string } }>('/static/:name', { config: { public: true } }, async (req, reply) => {
    const f = files.get(req.params.name);
    if (!f) return reply.code(404).type('text/plain').send('not found');
    return reply.type(f.type).header('cache-control', 'public, max-age=3600').send(f.body);
  });
}

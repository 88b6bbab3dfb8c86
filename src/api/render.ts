import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { HELPERS } from './labels';

/**
 * Server-rendered pages (eta, auto-escaping on). The templates and the stylesheet are read
 * from src/api/ also when running the compiled dist/ (tsc copies no .eta files), found by
 * walking up from this file as the reply templates are.
 */
export function assetDir(name: 'views' | 'static', start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'src', 'api', name);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, name)) && dir.endsWith(join('src', 'api'))) return join(dir, name);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no src/api/${name} folder above ${start}`);
    dir = parent;
  }
}

export type Views = Eta;

export function createViews(): Views {
  // Cache compiled templates; in a test or production process the files do not change.
  return new Eta({ views: assetDir('views'), cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
}

export function renderPage(views: Views, reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200): FastifyReply {
  // The reader's language for reasons and warnings (users.language); Danish before login.
  const user = data.user as { language?: string } | null | undefined;
  const html = views.render(template, { lang: user?.language === 'en' ? 'en' : 'da', ...data, h: HELPERS });
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

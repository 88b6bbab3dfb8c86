import type { FastifyInstance, FastifyReply } from 'fastify';
import { ActionError } from '../../../tickets/actions';
import { contentDisposition, downloadContentType } from '../../mail-view/content-disposition';
import { DOWNLOAD_CSP, mailFrameCsp } from '../../mail-view/csp';
import { loadMail, loadRaw } from '../../mail-view/mail-content';
import { mailDocument } from '../../../pipeline/view/safe-html';
import type { RouteContext } from '../context';

/**
 * The customer's mail as the agent sees it: the sanitised body for the sandboxed frame (read
 * from the view the pipeline stored; nothing is parsed here), and attachment downloads (cut
 * from the stored mail in the parse pool, off the event loop). Both need a login (any role);
 * neither ever serves customer bytes with a type or disposition a browser would render as our
 * own page.
 */
type Params = { Params: { id: string; index: string } };

async function sendAttachment(ctx: RouteContext, id: string, index: string, reply: FastifyReply) {
  const m = await loadMail(ctx.deps.pipeline.db, id);
  const n = /^\d{1,4}$/.test(index) ? Number(index) : -1;
  const wanted = m?.view?.attachments[n];
  const raw = wanted ? await loadRaw(ctx.deps.pipeline.db, id) : null;
  if (!raw || !wanted) throw new ActionError('NOT_FOUND', `no attachment ${index.slice(0, 10)} on mail ${id.slice(0, 20)}`);
  const bytes = await ctx.deps.pipeline.parser.attachment(raw, wanted);
  if (!bytes) throw new ActionError('NOT_FOUND', 'the attachment could not be read from the stored mail');
  return reply
    .header('content-type', downloadContentType(wanted.contentType))
    .header('content-disposition', contentDisposition(wanted.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', DOWNLOAD_CSP)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export function mailContentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<Params & { Querystring: { images?: string } }>('/mails/:id/body', async (req, reply) => {
    const m = await loadMail(ctx.deps.pipeline.db, req.params.id);
    if (!m) throw new ActionError('NOT_FOUND', 'no such mail');
    const v = m.view;
    const images = req.query.images === '1' && !!v?.htmlWithImages;
    const html = images ? v!.htmlWithImages : v?.html;
    const origins = images ? v!.remoteOrigins : [];
    const doc = html
      ? mailDocument({ html })
      : mailDocument({ text: v ? (v.parseError ?? v.text) : 'Mailen er endnu ikke klar til visning; prøv igen om lidt.' });
    return reply
      .header('content-security-policy', mailFrameCsp(origins))
      .header('x-frame-options', 'SAMEORIGIN')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'private, no-store')
      .type('text/html; charset=utf-8')
      .send(doc);
  });

  app.get<Params>('/mails/:id/attachments/:index', async (req, reply) => sendAttachment(ctx, req.params.id, req.params.index, reply));
  app.get<Params>('/api/mails/:id/attachments/:index', async (req, reply) => sendAttachment(ctx, req.params.id, req.params.index, reply));
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { ActionError } from '../../tickets/actions';
import { contentDisposition, downloadContentType } from '../mail-view/content-disposition';
import { DOWNLOAD_CSP, mailFrameCsp } from '../mail-view/csp';
import { attachmentBytes, inlineImages, loadMail } from '../mail-view/mail-content';
import { mailDocument, sanitizeMailHtml } from '../mail-view/sanitize';
import type { RouteContext } from './context';

/**
 * The customer's mail as the agent sees it: the sanitised body for the sandboxed frame, and
 * attachment downloads. Both need a login (any role); neither ever serves customer bytes
 * with a type or disposition a browser would render as our own page.
 */
type Params = { Params: { id: string; index: string } };

async function sendAttachment(ctx: RouteContext, id: string, index: string, reply: FastifyReply) {
  const m = await loadMail(ctx.deps.pipeline.db, id);
  const n = /^\d{1,4}$/.test(index) ? Number(index) : -1;
  const wanted = m?.parsed?.attachments[n];
  if (!m?.raw || !wanted) throw new ActionError('NOT_FOUND', `no attachment ${index.slice(0, 10)} on mail ${id.slice(0, 20)}`);
  const bytes = await attachmentBytes(m.raw, wanted);
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
    const images = req.query.images === '1';
    let doc: string;
    let origins: string[] = [];
    if (m.parsed?.html) {
      const inline = m.raw ? await inlineImages(m.raw, m.parsed) : {};
      const clean = sanitizeMailHtml(m.parsed.html, { allowRemoteImages: images, inlineImages: inline });
      origins = clean.remoteOrigins;
      doc = mailDocument({ html: clean.html });
    } else {
      doc = mailDocument({ text: m.parsed?.text ?? m.parseError ?? '' });
    }
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

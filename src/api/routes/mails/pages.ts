import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as actions from '../../../tickets/actions';
import * as heldMail from '../../../pipeline/held-mail';
import { loadMail } from '../../mail-view/mail-content';
import { mailExtras } from '../../mail-view/thread-mails';
import { actorOf, field, type RouteContext } from '../context';
import { formAction, noticeFor, page } from '../html';

/** One stored mail (mostly a held-back one) with the replay and rescue forms. */
type Id = { Params: { id: string } };

export function htmlMailRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  async function show(req: FastifyRequest<Id>, reply: FastifyReply, error: string | null = null, status = 200) {
    const mail = await loadMail(db, req.params.id);
    if (!mail) throw new actions.ActionError('NOT_FOUND', 'no such mail');
    const [ticket] = mail.ticketId ? await db.query(`SELECT reference FROM tickets WHERE id = $1`, [mail.ticketId]) : [];
    const images = (req.query as Record<string, unknown>)?.images === '1';
    const held = mail.state === 'quarantined' || mail.state === 'ignored' ? mail.state : null;
    return page(
      ctx,
      req,
      reply,
      'mail',
      {
        title: mail.view?.subject || `Mail ${mail.id}`,
        active: held,
        mail,
        extras: await mailExtras(db, mail.id),
        ticketReference: ticket?.reference ?? null,
        images,
        categories: actions.AGENT_CATEGORIES,
        notice: noticeFor(req.query),
        error,
      },
      status,
    );
  }

  app.get<Id>('/mails/:id', async (req, reply) => show(req, reply));

  app.post<Id>('/mails/:id/replay', async (req, reply) =>
    formAction(reply, () => heldMail.replayQuarantined(ctx.heldMail, actorOf(req), req.params.id), `/queues/quarantined?done=replayed`, (e, s) => show(req, reply, e, s)),
  );

  app.post<Id>('/mails/:id/rescue', async (req, reply) => {
    let reference = '';
    return formAction(
      reply,
      async () => ({ reference } = await heldMail.rescueFiltered(ctx.heldMail, actorOf(req), req.params.id, field(req.body, 'category'))),
      () => `/tickets/${reference}?done=rescued`,
      (e, s) => show(req, reply, e, s),
    );
  });
}

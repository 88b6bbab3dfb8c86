import type { FastifyInstance } from 'fastify';
import * as actions from '../../../tickets/actions';
import * as heldMail from '../../../pipeline/held-mail';
import { loadMail } from '../../mail-view/mail-content';
import { mailExtras } from '../../mail-view/thread-mails';
import { listHeldMails } from '../../queries/mails';
import { isHeldQueue } from '../../queries/tickets';
import { actorOf, type RouteContext } from '../context';
import { ID } from '../schema';

/** REST API for held-back mail: Karantæne (quarantined) and Filtreret (ignored). */

export function apiMailRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  app.get<{ Querystring: { state?: string; page?: string } }>('/api/mails', async (req, reply) => {
    const state = req.query.state ?? 'quarantined';
    if (!isHeldQueue(state)) return reply.code(400).send({ error: 'INVALID', message: 'state: quarantined or ignored' });
    const page = /^\d{1,5}$/.test(req.query.page ?? '') ? Math.max(1, Number(req.query.page)) : 1;
    const { rows, total } = await listHeldMails(db, state, page);
    return { state, total, page, mails: rows };
  });

  app.get<{ Params: { id: string } }>('/api/mails/:id', { schema: { params: ID } }, async (req) => {
    const m = await loadMail(db, req.params.id);
    if (!m) throw new actions.ActionError('NOT_FOUND', `no mail ${req.params.id}`);
    const v = m.view;
    return {
      id: m.id,
      state: m.state,
      reason: m.lastError,
      ticketId: m.ticketId,
      receivedAt: m.receivedAt.toISOString(),
      size: m.size,
      /** false while the pipeline has not prepared the mail's view yet (the fields below are then null). */
      prepared: !!v,
      from: v && v.fromAddress ? { address: v.fromAddress, name: v.fromName } : null,
      subject: v ? v.subject : null,
      date: v?.sentAt ?? null,
      text: v ? v.text : null,
      newText: v ? v.newText : null,
      parseError: v?.parseError ?? null,
      attachments: (await mailExtras(db, m.id))?.attachments.map((a) => ({ ...a, url: `/api${a.url}` })) ?? [],
    };
  });

  app.post<{ Params: { id: string } }>('/api/mails/:id/replay', { schema: { params: ID } }, async (req, reply) =>
    reply.code(202).send(await heldMail.replayQuarantined(ctx.heldMail, actorOf(req), req.params.id)),
  );

  app.post<{ Params: { id: string }; Body: { category: string } }>(
    '/api/mails/:id/rescue',
    {
      schema: {
        params: ID,
        body: { type: 'object', additionalProperties: false, required: ['category'], properties: { category: { type: 'string', enum: [...actions.AGENT_CATEGORIES] } } },
      },
    },
    async (req, reply) => reply.code(201).send(await heldMail.rescueFiltered(ctx.heldMail, actorOf(req), req.params.id, req.body.category)),
  );
}

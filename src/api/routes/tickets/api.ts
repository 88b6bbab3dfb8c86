import type { FastifyInstance } from 'fastify';
import * as actions from '../../../tickets/actions';
import { listTickets, parseTicketFilter, queueCounts, ticketByReference, isTicketQueue } from '../../queries/tickets';
import { QUEUE_LABELS, QUEUE_ORDER } from '../../labels';
import { renderReason } from '../../../i18n/messages';
import { actorOf, ticketIdFor, type RouteContext } from '../context';
import { obj as body } from '../schema';

/**
 * REST API for tickets: the same use cases as the HTML forms (src/tickets/actions/).
 * Bodies are validated by JSON schema; unknown properties are refused, not ignored.
 */
const REF = { type: 'object', required: ['reference'], properties: { reference: { type: 'string', maxLength: 40 } } } as const;
const TEXT = { type: 'string', minLength: 1, maxLength: actions.MAX_TEXT };

export function apiTicketRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;
  type RefParams = { Params: { reference: string } };

  app.get('/api/queues', async () => {
    const counts = await queueCounts(db);
    return QUEUE_ORDER.map((q) => ({ queue: q, label: QUEUE_LABELS[q], count: counts[q] }));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/api/tickets', async (req, reply) => {
    const queue = req.query.queue;
    if (queue !== undefined && !isTicketQueue(queue)) return reply.code(400).send({ error: 'INVALID', message: 'queue: unknown queue' });
    const filter = parseTicketFilter(req.query, queue ?? null, req.auth!.user.id);
    const { rows, total } = await listTickets(db, filter, ctx.deps.pipeline.config.REPORT_TZ);
    return { total, page: filter.page, tickets: rows };
  });

  app.get<RefParams>('/api/tickets/:reference', { schema: { params: REF } }, async (req) => {
    await ticketIdFor(ctx, req.params.reference);
    const t = (await ticketByReference(db, req.params.reference))!;
    const lang = req.auth!.user.language;
    // `explanation` stays a list of sentences, in the caller's language; `reasons` has the codes.
    return {
      ...t,
      explanation: t.explanation.map((r) => renderReason(r, lang)),
      reasons: t.explanation,
      suppressed: t.suppressed.map((s) => ({ ...s, reason: renderReason(s.reasonDetail ?? s.reason, lang) })),
    };
  });

  app.post<RefParams & { Body: { category: string } }>(
    '/api/tickets/:reference/reclassify',
    { schema: { params: REF, body: body({ category: { type: 'string', enum: [...actions.AGENT_CATEGORIES] } }) } },
    async (req) => actions.reclassifyTicket(ctx.actions, actorOf(req), await ticketIdFor(ctx, req.params.reference), req.body.category),
  );

  app.post<RefParams & { Body: { userId: number | null } }>(
    '/api/tickets/:reference/assign',
    { schema: { params: REF, body: body({ userId: { type: ['integer', 'null'], minimum: 1, maximum: 2_147_483_647 } }) } },
    async (req) => {
      await actions.assignTicket(ctx.actions, actorOf(req), await ticketIdFor(ctx, req.params.reference), req.body.userId);
      return { ok: true };
    },
  );

  app.post<RefParams & { Body: { text: string } }>(
    '/api/tickets/:reference/reply',
    { schema: { params: REF, body: body({ text: TEXT }) } },
    async (req, reply) => reply.code(202).send(await actions.replyToTicket(ctx.actions, actorOf(req), await ticketIdFor(ctx, req.params.reference), req.body.text)),
  );

  app.post<RefParams & { Body: { text: string } }>(
    '/api/tickets/:reference/notes',
    { schema: { params: REF, body: body({ text: TEXT }) } },
    async (req, reply) => {
      await actions.addNote(ctx.actions, actorOf(req), await ticketIdFor(ctx, req.params.reference), req.body.text);
      return reply.code(201).send({ ok: true });
    },
  );

  for (const [path, status] of [['close', 'closed'], ['reopen', 'open']] as const) {
    app.post<RefParams>(`/api/tickets/:reference/${path}`, { schema: { params: REF } }, async (req) => {
      await actions.setTicketStatus(ctx.actions, actorOf(req), await ticketIdFor(ctx, req.params.reference), status);
      return { status };
    });
  }

  app.post<RefParams & { Body: { companyId: number; contact?: { name: string; purchased?: boolean } | null; confirmForged?: boolean } }>(
    '/api/tickets/:reference/link-sender',
    {
      schema: {
        params: REF,
        body: body(
          {
            companyId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
            contact: {
              type: ['object', 'null'],
              additionalProperties: false,
              required: ['name'],
              properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, purchased: { type: 'boolean' } },
            },
            confirmForged: { type: 'boolean' },
          },
          ['companyId'],
        ),
      },
    },
    async (req) => {
      const c = req.body.contact;
      await actions.linkSender(ctx.actions, actorOf(req), await ticketIdFor(ctx, req.params.reference), {
        companyId: req.body.companyId,
        contact: c ? { name: c.name, purchased: !!c.purchased } : null,
        confirmForged: !!req.body.confirmForged,
      });
      return { ok: true };
    },
  );
}

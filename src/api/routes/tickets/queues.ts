import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TicketQueue } from '../../../domain/vocabulary';
import { formatDay } from '../../../reports/labels';
import { hasRole } from '../../../users/users';
import { listCompanies } from '../../../contacts/registry-edits';
import { QUEUE_LABELS, QUEUE_ORDER } from '../../labels';
import { listHeldMails } from '../../queries/mails';
import { isHeldQueue, isTicketQueue, listTickets, PAGE_SIZE, parseTicketFilter } from '../../queries/tickets';
import { AGREEMENT_KINDS } from '../../../domain/vocabulary';
import { ActionError } from '../../../tickets/actions';
import { noticeFor, page } from '../html';
import type { RouteContext } from '../context';

/**
 * The queue pages: a table of tickets (or held mails) per queue, oldest first, with filters and
 * search; "Mine sager" (open tickets assigned to the logged-in user); and /tickets, every
 * ticket across the queues with the same filters plus a date range (the report's company links
 * land there). `/` is each role's home: managers and admins the training-offer report, agents
 * the first queue.
 */
export function htmlQueueRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;
  const tz = ctx.deps.pipeline.config.REPORT_TZ;

  app.get('/', async (req, reply) => reply.redirect(hasRole(req.auth!.user, 'manager') ? '/reports/training' : `/queues/${QUEUE_ORDER[0]}`, 303));

  const list = async (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply, view: { queue: TicketQueue | null; mine?: boolean; base: string }) => {
    const me = req.auth!.user.id;
    const filter = parseTicketFilter(view.mine ? { ...req.query, assignee: 'me' } : req.query, view.queue, me);
    const [{ rows, total }, companies] = await Promise.all([listTickets(db, filter, tz), listCompanies(db)]);
    const company = filter.companyId !== null ? companies.find((c) => c.id === filter.companyId) : undefined;
    const heading = view.queue ? QUEUE_LABELS[view.queue] : view.mine ? 'Mine sager' : company ? `Sager fra ${company.name}` : 'Alle sager';
    return page(ctx, req, reply, 'queue', {
      title: heading,
      heading,
      base: view.base,
      active: view.queue ?? (view.mine ? 'mine' : null),
      queue: view.queue,
      mine: !!view.mine,
      filter,
      range: filter.from || filter.to ? `${filter.from ? formatDay(filter.from, 'da') : '…'} – ${filter.to ? formatDay(filter.to, 'da') : '…'}` : null,
      rows,
      total,
      pageSize: PAGE_SIZE,
      companies,
      agreements: AGREEMENT_KINDS,
      notice: noticeFor(req.query),
    });
  };

  app.get<{ Querystring: Record<string, unknown> }>('/queues/mine', async (req, reply) => list(req, reply, { queue: null, mine: true, base: '/queues/mine' }));
  app.get<{ Querystring: Record<string, unknown> }>('/tickets', async (req, reply) => list(req, reply, { queue: null, base: '/tickets' }));

  app.get<{ Params: { queue: string }; Querystring: Record<string, unknown> }>('/queues/:queue', async (req, reply) => {
    const { queue } = req.params;
    if (isHeldQueue(queue)) {
      const filter = parseTicketFilter(req.query, null);
      const { rows, total } = await listHeldMails(db, queue, filter.page);
      return page(ctx, req, reply, 'held-mails', { title: QUEUE_LABELS[queue], active: queue, queue, rows, total, pageNo: filter.page, pageSize: PAGE_SIZE, notice: noticeFor(req.query) });
    }
    if (!isTicketQueue(queue)) throw new ActionError('NOT_FOUND', 'no such queue');
    return list(req, reply, { queue, base: `/queues/${queue}` });
  });
}

import type { FastifyInstance } from 'fastify';
import { listCompanies } from '../registry';
import { QUEUE_LABELS, QUEUE_ORDER } from '../labels';
import { listHeldMails } from '../queries/mails';
import { isHeldQueue, isTicketQueue, listTickets, PAGE_SIZE, parseTicketFilter } from '../queries/tickets';
import { AGREEMENT_KINDS } from '../../shared/domain';
import { ActionError } from '../../tickets/actions';
import { noticeFor, page } from './html';
import type { RouteContext } from './context';

/** The queue pages: a table of tickets (or held mails) per queue, oldest first, with filters and search. */
export function htmlQueueRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  app.get('/', async (_req, reply) => reply.redirect(`/queues/${QUEUE_ORDER[0]}`, 303));

  app.get<{ Params: { queue: string }; Querystring: Record<string, unknown> }>('/queues/:queue', async (req, reply) => {
    const { queue } = req.params;
    if (isHeldQueue(queue)) {
      const filter = parseTicketFilter(req.query, null);
      const { rows, total } = await listHeldMails(db, queue, filter.page);
      return page(ctx, req, reply, 'held-mails', { title: QUEUE_LABELS[queue], active: queue, queue, rows, total, pageNo: filter.page, pageSize: PAGE_SIZE, notice: noticeFor(req.query) });
    }
    if (!isTicketQueue(queue)) throw new ActionError('NOT_FOUND', 'no such queue');
    const filter = parseTicketFilter(req.query, queue);
    const [{ rows, total }, companies] = await Promise.all([listTickets(db, filter), listCompanies(db)]);
    return page(ctx, req, reply, 'queue', {
      title: QUEUE_LABELS[queue],
      active: queue,
      queue,
      filter,
      rows,
      total,
      pageSize: PAGE_SIZE,
      companies,
      agreements: AGREEMENT_KINDS,
      notice: noticeFor(req.query),
    });
  });
}

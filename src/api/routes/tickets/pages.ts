import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as actions from '../../../tickets/actions';
import { listUsers } from '../../../users/users';
import { domainOf } from '../../../domain/addresses';
import { isPublicMailDomain } from '../../../domain/addresses';
import { listCompanies } from '../../../contacts/registry-edits';
import { threadExtras } from '../../mail-view/thread-mails';
import { ticketByReference } from '../../queries/tickets';
import { actorOf, field, numericId, ticketIdFor, type RouteContext } from '../context';
import { formAction, noticeFor, page } from '../html';
import { ticketHelp } from '../../queries/help';
import { ticketCourses } from '../../../courses/store';
import { formatLocal } from '../../../courses/time';
import { getArticle } from '../../../help/articles';
import { appendArticles } from '../../../help/reply-lines';

/** The ticket page and its forms; each form calls the same use case as the API. */
type Ref = { Params: { reference: string } };

export function htmlTicketRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;

  async function show(req: FastifyRequest<Ref>, reply: FastifyReply, extra: { error?: string; status?: number; draft?: string } = {}) {
    await ticketIdFor(ctx, req.params.reference);
    const ticket = (await ticketByReference(db, req.params.reference))!;
    const mailIds = ticket.messages.filter((m) => m.inboundMailId).map((m) => m.inboundMailId!);
    const [extras, users, companies, help, courses] = await Promise.all([
      threadExtras(db, mailIds),
      listUsers(db),
      listCompanies(db),
      ticketHelp(db, ctx.deps.pipeline.help, ctx.deps.pipeline.config.HELP_MIN_SCORE, ticket),
      ticketCourses(db, ticket.id),
    ]);
    const images = (req.query as Record<string, unknown>)?.images;
    // The link form suggests the company whose registered domain is the sender's, never for a
    // public mail domain; nothing is preselected (one careless click must not link a forger).
    const domain = domainOf(ticket.fromAddress);
    const publicDomain = domain !== '' && isPublicMailDomain(domain);
    const suggested = domain && !publicDomain ? companies.filter((c) => c.domains.includes(domain)) : [];
    return page(
      ctx,
      req,
      reply,
      'ticket',
      {
        title: `${ticket.reference} ${ticket.subject}`,
        active: ticket.queue,
        ticket,
        courses,
        courseTime: formatLocal,
        extras,
        lastInbound: mailIds[mailIds.length - 1] ?? null,
        imagesFor: typeof images === 'string' && /^\d{1,18}$/.test(images) ? images : null,
        users: users.filter((u) => !u.disabled),
        companies,
        suggested,
        senderDomain: domain,
        publicDomain,
        categories: actions.AGENT_CATEGORIES,
        notice: noticeFor(req.query),
        error: extra.error ?? null,
        draft: extra.draft ?? '',
        help,
      },
      extra.status ?? 200,
    );
  }

  app.get<Ref>('/tickets/:reference', async (req, reply) => show(req, reply));

  type Handler = (req: FastifyRequest<Ref>, ticketId: number) => Promise<unknown>;
  const post = (path: string, done: string, run: Handler, keepDraft = false) =>
    app.post<Ref>(`/tickets/:reference/${path}`, async (req, reply) => {
      const ticketId = await ticketIdFor(ctx, req.params.reference);
      return formAction(reply, () => run(req, ticketId), `/tickets/${req.params.reference}?done=${done}`, (error, status) =>
        show(req, reply, { error, status, draft: keepDraft ? field(req.body, 'text') : '' }),
      );
    });

  // "Indsæt i svar": the reply form's draft comes back with the article lines added (a submit
  // button of the reply form with its own formaction: no script, the draft typed so far is kept).
  app.post<Ref>('/tickets/:reference/insert-articles', async (req, reply) => {
    await ticketIdFor(ctx, req.params.reference);
    const which = field(req.body, 'article');
    let articles: { title: string; url: string }[];
    if (which === 'all') {
      const ticket = (await ticketByReference(db, req.params.reference))!;
      articles = (await ticketHelp(db, ctx.deps.pipeline.help, ctx.deps.pipeline.config.HELP_MIN_SCORE, ticket)).suggested;
    } else {
      const a = await getArticle(db, numericId(which, 'help article'));
      if (!a) throw new actions.ActionError('NOT_FOUND', 'Artiklen findes ikke længere.');
      articles = [a];
    }
    return show(req, reply, { draft: appendArticles(field(req.body, 'text'), articles) });
  });

  post('reclassify', 'reclassified', (req, id) => actions.reclassifyTicket(ctx.actions, actorOf(req), id, field(req.body, 'category')));
  post('assign', 'assigned', (req, id) => {
    const v = field(req.body, 'userId');
    return actions.assignTicket(ctx.actions, actorOf(req), id, v ? numericId(v, 'user') : null);
  });
  post('reply', 'replied', (req, id) => actions.replyToTicket(ctx.actions, actorOf(req), id, field(req.body, 'text')), true);
  post('notes', 'noted', (req, id) => actions.addNote(ctx.actions, actorOf(req), id, field(req.body, 'text')), true);
  post('close', 'closed', (req, id) => actions.setTicketStatus(ctx.actions, actorOf(req), id, 'closed'));
  post('reopen', 'reopened', (req, id) => actions.setTicketStatus(ctx.actions, actorOf(req), id, 'open'));
  post('link-sender', 'linked', (req, id) => {
    const register = field(req.body, 'register') === 'on';
    const companyId = field(req.body, 'companyId');
    if (!companyId) throw new actions.ActionError('INVALID', 'Vælg den virksomhed, afsenderen skal knyttes til.');
    return actions.linkSender(ctx.actions, actorOf(req), id, {
      companyId: numericId(companyId, 'company'),
      contact: register ? { name: field(req.body, 'name'), purchased: field(req.body, 'purchased') === 'on' } : null,
      confirmForged: field(req.body, 'confirmForged') === 'on',
    });
  });
}

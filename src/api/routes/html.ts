import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActionError } from '../../tickets/actions';
import { UserError } from '../../users/users';
import { queueCounts } from '../queries/tickets';
import { renderPage } from '../render';
import { csrfOf, STATUS_OF, type RouteContext } from './context';

/** Renders a workspace page with what every page shows: the user, the queue column with counts, the CSRF token. */
export async function page(ctx: RouteContext, req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) {
  const counts = await queueCounts(ctx.deps.pipeline.db, req.auth!.user.id);
  return renderPage(ctx.views, reply, template, { active: null, error: null, notice: null, ...data, user: req.auth!.user, csrf: csrfOf(req), counts }, status);
}

/** Fixed confirmation texts, chosen by key from the redirect, so nothing from the URL is echoed as a message. */
export const NOTICES: Record<string, string> = {
  reclassified: 'Kategorien er ændret, og rettelsen er gemt til træning af klassifikationen.',
  assigned: 'Tildelingen er gemt.',
  replied: 'Svaret er lagt i udbakken og sendes af arbejderen.',
  noted: 'Noten er gemt.',
  closed: 'Sagen er lukket.',
  reopened: 'Sagen er genåbnet.',
  linked: 'Afsenderen er knyttet til virksomheden.',
  replayed: 'Mailen behandles igen.',
  rescued: 'Mailen er gjort til en sag (uden automatisk svar).',
  saved: 'Ændringen er gemt.',
  deleted: 'Artiklen er slettet.',
  'course-deleted': 'Kurset er slettet.',
  'date-added': 'Datoen er tilføjet.',
  'date-deleted': 'Datoen er slettet.',
};
export const noticeFor = (query: unknown): string | null => {
  const key = query && typeof query === 'object' ? (query as Record<string, unknown>).done : undefined;
  return typeof key === 'string' ? NOTICES[key] ?? null : null;
};

/**
 * Runs a form's use case; on success redirects (303, so a reload does not post twice), on a
 * refused action renders `onError` with the reason and the matching status.
 */
export async function formAction(
  reply: FastifyReply,
  run: () => Promise<unknown>,
  redirectTo: string | (() => string),
  onError: (message: string, status: number) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ActionError) return onError(err.message, STATUS_OF[err.code]);
    if (err instanceof UserError) return onError(err.message, 400);
    throw err;
  }
  return reply.redirect(typeof redirectTo === 'function' ? redirectTo() : redirectTo, 303);
}
